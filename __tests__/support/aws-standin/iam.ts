/**
 * IAM as the stand-in models it: users (path, tags, permissions boundary), access keys (at most two per user),
 * login profiles, MFA devices (only registered out of band, through the control API), inline and attached user
 * policies, groups and memberships (roles, instance profiles, managed policies and groups: ./iam-roles.ts). DeleteUser is refused with DeleteConflict while anything hangs on the user,
 * as IAM does.
 */
import { randomBytes } from "node:crypto";
import { IamRoles } from "./iam-roles";
import { ACCOUNT, AwsError, members, now } from "./protocol";

interface User {
  UserName: string;
  Path: string;
  UserId: string;
  Arn: string;
  CreateDate: string;
  PermissionsBoundary?: string;
  Tags: Array<{ Key: string; Value: string }>;
}

interface AccessKey {
  UserName: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Status: "Active" | "Inactive";
  CreateDate: string;
}

const id = (prefix: string, n = 16): string => prefix + randomBytes(n).toString("hex").toUpperCase().slice(0, n);

export class Iam {
  readonly users = new Map<string, User>();
  readonly keys = new Map<string, AccessKey>();
  readonly loginProfiles = new Map<string, { UserName: string; CreateDate: string; PasswordResetRequired: boolean }>();
  readonly mfaDevices = new Map<string, string[]>();
  readonly userPolicies = new Map<string, Map<string, string>>();
  readonly attachedUserPolicies = new Map<string, Set<string>>();
  readonly groups = new Map<string, { GroupName: string; Path: string; GroupId: string; Arn: string; CreateDate: string }>();
  readonly memberships = new Map<string, Set<string>>();
  /** Roles, instance profiles, managed policies and groups (./iam-roles.ts). */
  readonly roles = new IamRoles((arn) => [...this.attachedUserPolicies.values()].some((s) => s.has(arn)));

  private user(name: string): User {
    const u = this.users.get(name);
    if (!u) throw new AwsError("NoSuchEntity", `The user with name ${name} cannot be found.`, 404);
    return u;
  }

  private userView(u: User): Record<string, unknown> {
    return {
      Path: u.Path,
      UserName: u.UserName,
      UserId: u.UserId,
      Arn: u.Arn,
      CreateDate: u.CreateDate,
      ...(u.PermissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: u.PermissionsBoundary } } : {}),
      ...(u.Tags.length > 0 ? { Tags: u.Tags } : {}),
    };
  }

  /** Registers an MFA device for a user, as a person would in the console (outside Terraform). */
  addMfaDevice(userName: string): string {
    this.user(userName);
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/${userName}`;
    this.mfaDevices.set(userName, [...(this.mfaDevices.get(userName) ?? []), serial]);
    return serial;
  }

  handle(action: string, p: Record<string, string>): unknown {
    if (this.roles.handles(action)) return this.roles.handle(action, p);
    switch (action) {
      case "CreateUser": {
        if (this.users.has(p.UserName as string)) throw new AwsError("EntityAlreadyExists", `User with name ${p.UserName} already exists.`, 409);
        const name = p.UserName as string;
        const path = p.Path ?? "/";
        const u: User = { UserName: name, Path: path, UserId: id("AIDA"), Arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`, CreateDate: now.iso(), Tags: members(p, "Tags").map((t) => ({ Key: t.Key as string, Value: t.Value as string })) };
        if (p.PermissionsBoundary) u.PermissionsBoundary = p.PermissionsBoundary;
        this.users.set(name, u);
        return { User: this.userView(u) };
      }
      case "GetUser":
        return { User: this.userView(this.user(p.UserName as string)) };
      case "UpdateUser": {
        const u = this.user(p.UserName as string);
        if (p.NewPath) u.Path = p.NewPath;
        if (p.NewUserName) {
          this.users.delete(u.UserName);
          u.UserName = p.NewUserName;
          this.users.set(u.UserName, u);
        }
        u.Arn = `arn:aws:iam::${ACCOUNT}:user${u.Path}${u.UserName}`;
        return {};
      }
      case "ListUserTags":
        return { Tags: this.user(p.UserName as string).Tags, IsTruncated: false };
      case "TagUser": {
        const u = this.user(p.UserName as string);
        for (const t of members(p, "Tags")) u.Tags = [...u.Tags.filter((x) => x.Key !== t.Key), { Key: t.Key as string, Value: t.Value as string }];
        return {};
      }
      case "UntagUser": {
        const u = this.user(p.UserName as string);
        const keys = members(p, "TagKeys").map((m) => m.value);
        u.Tags = u.Tags.filter((x) => !keys.includes(x.Key));
        return {};
      }
      case "DeleteUser":
        return this.deleteUser(p.UserName as string);
      case "CreateAccessKey": {
        const user = this.user(p.UserName as string).UserName;
        if ([...this.keys.values()].filter((k) => k.UserName === user).length >= 2) {
          throw new AwsError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409);
        }
        const k: AccessKey = { UserName: user, AccessKeyId: id("AKIA"), SecretAccessKey: randomBytes(30).toString("base64").slice(0, 40), Status: "Active", CreateDate: now.iso() };
        this.keys.set(k.AccessKeyId, k);
        return { AccessKey: { ...k } };
      }
      case "ListAccessKeys": {
        const user = this.user(p.UserName as string).UserName;
        return { AccessKeyMetadata: [...this.keys.values()].filter((k) => k.UserName === user).map((k) => ({ UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: k.CreateDate })), IsTruncated: false };
      }
      case "UpdateAccessKey": {
        const k = this.key(p);
        k.Status = p.Status as AccessKey["Status"];
        return {};
      }
      case "DeleteAccessKey":
        this.key(p);
        this.keys.delete(p.AccessKeyId as string);
        return {};
      case "GetAccessKeyLastUsed": {
        const k = this.keys.get(p.AccessKeyId as string);
        if (!k) throw new AwsError("NoSuchEntity", `The Access Key with id ${p.AccessKeyId} cannot be found`, 404);
        return { UserName: k.UserName, AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" } };
      }
      case "CreateLoginProfile": {
        const user = this.user(p.UserName as string).UserName;
        if (this.loginProfiles.has(user)) throw new AwsError("EntityAlreadyExists", `Login Profile for user ${user} already exists.`, 409);
        const lp = { UserName: user, CreateDate: now.iso(), PasswordResetRequired: p.PasswordResetRequired === "true" };
        this.loginProfiles.set(user, lp);
        return { LoginProfile: lp };
      }
      case "GetLoginProfile": {
        const lp = this.loginProfiles.get(p.UserName as string);
        if (!lp) throw new AwsError("NoSuchEntity", `Login Profile for User ${p.UserName} cannot be found.`, 404);
        return { LoginProfile: lp };
      }
      case "UpdateLoginProfile":
        return {};
      case "DeleteLoginProfile":
        if (!this.loginProfiles.delete(p.UserName as string)) throw new AwsError("NoSuchEntity", `Login Profile for User ${p.UserName} cannot be found.`, 404);
        return {};
      case "ListMFADevices":
        return { MFADevices: (this.mfaDevices.get(p.UserName as string) ?? []).map((s) => ({ UserName: p.UserName, SerialNumber: s, EnableDate: now.iso() })), IsTruncated: false };
      case "DeactivateMFADevice": {
        const list = this.mfaDevices.get(p.UserName as string) ?? [];
        if (!list.includes(p.SerialNumber as string)) throw new AwsError("NoSuchEntity", `MFA device ${p.SerialNumber} not found.`, 404);
        this.mfaDevices.set(p.UserName as string, list.filter((s) => s !== p.SerialNumber));
        return {};
      }
      case "ListVirtualMFADevices":
        return { VirtualMFADevices: [], IsTruncated: false };
      case "DeleteVirtualMFADevice":
        return {};
      case "ListSSHPublicKeys":
        return { SSHPublicKeys: [], IsTruncated: false };
      case "ListSigningCertificates":
        return { Certificates: [], IsTruncated: false };
      case "ListServiceSpecificCredentials":
        return { ServiceSpecificCredentials: [] };
      case "PutUserPolicy": {
        const user = this.user(p.UserName as string).UserName;
        const map = this.userPolicies.get(user) ?? new Map<string, string>();
        map.set(p.PolicyName as string, p.PolicyDocument as string);
        this.userPolicies.set(user, map);
        return {};
      }
      case "GetUserPolicy": {
        const doc = this.userPolicies.get(p.UserName as string)?.get(p.PolicyName as string);
        if (doc === undefined) throw new AwsError("NoSuchEntity", `The user policy with name ${p.PolicyName} cannot be found.`, 404);
        return { UserName: p.UserName, PolicyName: p.PolicyName, PolicyDocument: encodeURIComponent(doc) };
      }
      case "DeleteUserPolicy":
        if (!this.userPolicies.get(p.UserName as string)?.delete(p.PolicyName as string)) throw new AwsError("NoSuchEntity", `The user policy with name ${p.PolicyName} cannot be found.`, 404);
        return {};
      case "ListUserPolicies":
        return { PolicyNames: [...(this.userPolicies.get(p.UserName as string)?.keys() ?? [])], IsTruncated: false };
      case "AttachUserPolicy": {
        const user = this.user(p.UserName as string).UserName;
        this.attachedUserPolicies.set(user, new Set([...(this.attachedUserPolicies.get(user) ?? []), p.PolicyArn as string]));
        return {};
      }
      case "DetachUserPolicy":
        if (!this.attachedUserPolicies.get(p.UserName as string)?.delete(p.PolicyArn as string)) throw new AwsError("NoSuchEntity", `Policy ${p.PolicyArn} was not found.`, 404);
        return {};
      case "ListAttachedUserPolicies":
        return { AttachedPolicies: [...(this.attachedUserPolicies.get(p.UserName as string) ?? [])].map((arn) => ({ PolicyArn: arn, PolicyName: arn.split("/").pop() })), IsTruncated: false };
      case "ListGroupsForUser":
        return { Groups: [...(this.memberships.get(p.UserName as string) ?? [])].map((g) => this.groups.get(g)).filter((g) => g), IsTruncated: false };
      case "RemoveUserFromGroup":
        this.memberships.get(p.UserName as string)?.delete(p.GroupName as string);
        return {};
      default:
        throw new AwsError("NotModelledByStandIn", `The stand-in does not model IAM ${action}.`);
    }
  }

  private key(p: Record<string, string>): AccessKey {
    const k = this.keys.get(p.AccessKeyId as string);
    if (!k || (p.UserName !== undefined && k.UserName !== p.UserName)) throw new AwsError("NoSuchEntity", `The Access Key with id ${p.AccessKeyId} cannot be found.`, 404);
    return k;
  }

  private deleteUser(name: string): unknown {
    this.user(name);
    const hanging: string[] = [];
    if ([...this.keys.values()].some((k) => k.UserName === name)) hanging.push("access keys");
    if (this.loginProfiles.has(name)) hanging.push("a login profile");
    if ((this.mfaDevices.get(name) ?? []).length > 0) hanging.push("MFA devices");
    if ((this.userPolicies.get(name)?.size ?? 0) > 0) hanging.push("inline policies");
    if ((this.attachedUserPolicies.get(name)?.size ?? 0) > 0) hanging.push("attached policies");
    if ((this.memberships.get(name)?.size ?? 0) > 0) hanging.push("group memberships");
    if (hanging.length > 0) throw new AwsError("DeleteConflict", `Cannot delete entity, must remove ${hanging.join(", ")} first.`, 409);
    this.users.delete(name);
    return {};
  }
}
