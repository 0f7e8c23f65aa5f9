/**
 * IAM roles, instance profiles, customer managed policies and groups as the stand-in models them (users and
 * access keys are in ./iam.ts). FOR TESTS ONLY.
 *
 * What AWS refuses, refused here too:
 * - a second role, instance profile, policy or group with a name that differs only in letter case
 *   (`EntityAlreadyExists`: IAM names are unique and case-insensitive);
 * - `DeleteRole` while the role has attached or inline policies or sits in an instance profile, `DeletePolicy`
 *   while the policy is attached, `DeleteInstanceProfile` while it holds a role, `DeleteGroup` while it has
 *   policies (`DeleteConflict`);
 * - a second role in one instance profile (`LimitExceeded`), a missing role or policy (`NoSuchEntity`).
 *
 * Not modelled: policy versions beyond the default one, role last-used data, service-linked roles.
 */
import { randomBytes } from "node:crypto";
import { ACCOUNT, AwsError, members, now } from "./protocol";

type Tags = Array<{ Key: string; Value: string }>;

interface Role {
  RoleName: string;
  Path: string;
  RoleId: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags: Tags;
}

interface Profile {
  InstanceProfileName: string;
  Path: string;
  InstanceProfileId: string;
  Arn: string;
  CreateDate: string;
  /** Key (lower-case name) of the role it holds. */
  role?: string;
  Tags: Tags;
}

interface Policy {
  PolicyName: string;
  Path: string;
  PolicyId: string;
  Arn: string;
  CreateDate: string;
  Description?: string;
  Document: string;
  Tags: Tags;
}

interface Group {
  GroupName: string;
  Path: string;
  GroupId: string;
  Arn: string;
  CreateDate: string;
}

const uid = (prefix: string): string => prefix + randomBytes(12).toString("hex").toUpperCase().slice(0, 17);
const key = (name: unknown): string => String(name ?? "").toLowerCase();
const tagsOf = (p: Record<string, string>): Tags => members(p, "Tags").map((t) => ({ Key: t.Key as string, Value: t.Value as string }));

/** Roles, instance profiles, managed policies and groups; `attachedTo(arn)` answers whether a policy is in use. */
export class IamRoles {
  readonly roles = new Map<string, Role>();
  readonly profiles = new Map<string, Profile>();
  readonly policies = new Map<string, Policy>();
  readonly groups = new Map<string, Group>();
  /** Role key -> attached policy ARNs. */
  readonly roleAttachments = new Map<string, Set<string>>();
  /** Role key -> inline policy name -> document. */
  readonly rolePolicies = new Map<string, Map<string, string>>();
  /** Group key -> attached policy ARNs. */
  readonly groupAttachments = new Map<string, Set<string>>();

  constructor(private readonly policyInUseElsewhere: (arn: string) => boolean = () => false) {}

  private role(name: unknown): Role {
    const r = this.roles.get(key(name));
    if (!r) throw new AwsError("NoSuchEntity", `The role with name ${name} cannot be found.`, 404);
    return r;
  }

  private profile(name: unknown): Profile {
    const p = this.profiles.get(key(name));
    if (!p) throw new AwsError("NoSuchEntity", `Instance Profile ${name} cannot be found.`, 404);
    return p;
  }

  private policy(arn: unknown): Policy {
    const p = [...this.policies.values()].find((x) => x.Arn === arn);
    if (!p) throw new AwsError("NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`, 404);
    return p;
  }

  private group(name: unknown): Group {
    const g = this.groups.get(key(name));
    if (!g) throw new AwsError("NoSuchEntity", `The group with name ${name} cannot be found.`, 404);
    return g;
  }

  /** AttachRolePolicy / AttachGroupPolicy: a customer managed policy must exist (AWS managed ones are assumed to). */
  private attach(attachments: Map<string, Set<string>>, k: string, arn: unknown): Record<string, never> {
    if (!/^arn:aws:iam::aws:policy\//.test(arn as string)) this.policy(arn);
    attachments.set(k, new Set([...(attachments.get(k) ?? []), arn as string]));
    return {};
  }

  /** DetachRolePolicy / DetachGroupPolicy: NoSuchEntity when the policy is not attached. */
  private detach(attachments: Map<string, Set<string>>, k: string, arn: unknown): Record<string, never> {
    if (!attachments.get(k)?.delete(arn as string)) throw new AwsError("NoSuchEntity", `Policy ${arn} was not found.`, 404);
    return {};
  }

  /** ListAttachedRolePolicies / ListAttachedGroupPolicies (one page). */
  private listAttached(attachments: Map<string, Set<string>>, k: string): Record<string, unknown> {
    return { AttachedPolicies: [...(attachments.get(k) ?? [])].map((arn) => ({ PolicyArn: arn, PolicyName: arn.split("/").pop() })), IsTruncated: false };
  }

  private unique(map: Map<string, unknown>, name: unknown, what: string): void {
    if (map.has(key(name))) throw new AwsError("EntityAlreadyExists", `${what} with name ${name} already exists.`, 409);
  }

  private roleView(r: Role): Record<string, unknown> {
    return {
      Path: r.Path,
      RoleName: r.RoleName,
      RoleId: r.RoleId,
      Arn: r.Arn,
      CreateDate: r.CreateDate,
      AssumeRolePolicyDocument: encodeURIComponent(r.AssumeRolePolicyDocument),
      ...(r.Description !== undefined ? { Description: r.Description } : {}),
      MaxSessionDuration: r.MaxSessionDuration,
      ...(r.Tags.length > 0 ? { Tags: r.Tags } : {}),
    };
  }

  private profileView(p: Profile): Record<string, unknown> {
    const role = p.role !== undefined ? this.roles.get(p.role) : undefined;
    return {
      Path: p.Path,
      InstanceProfileName: p.InstanceProfileName,
      InstanceProfileId: p.InstanceProfileId,
      Arn: p.Arn,
      CreateDate: p.CreateDate,
      Roles: role ? [this.roleView(role)] : [],
      ...(p.Tags.length > 0 ? { Tags: p.Tags } : {}),
    };
  }

  private policyView(p: Policy): Record<string, unknown> {
    return {
      PolicyName: p.PolicyName,
      PolicyId: p.PolicyId,
      Arn: p.Arn,
      Path: p.Path,
      DefaultVersionId: "v1",
      AttachmentCount: this.attachments(p.Arn),
      IsAttachable: true,
      CreateDate: p.CreateDate,
      UpdateDate: p.CreateDate,
      ...(p.Description !== undefined ? { Description: p.Description } : {}),
      ...(p.Tags.length > 0 ? { Tags: p.Tags } : {}),
    };
  }

  private attachments(arn: string): number {
    let n = 0;
    for (const set of [...this.roleAttachments.values(), ...this.groupAttachments.values()]) if (set.has(arn)) n++;
    return n + (this.policyInUseElsewhere(arn) ? 1 : 0);
  }

  /** Whether this module handles `action`. */
  handles(action: string): boolean {
    return /Role|InstanceProfile|Polic(y|ies)|Group/.test(action) && !/User/.test(action);
  }

  handle(action: string, p: Record<string, string>): unknown {
    switch (action) {
      // Roles
      case "CreateRole": {
        this.unique(this.roles, p.RoleName, "Role");
        const path = p.Path ?? "/";
        const r: Role = {
          RoleName: p.RoleName as string,
          Path: path,
          RoleId: uid("AROA"),
          Arn: `arn:aws:iam::${ACCOUNT}:role${path}${p.RoleName}`,
          CreateDate: now.iso(),
          AssumeRolePolicyDocument: p.AssumeRolePolicyDocument as string,
          MaxSessionDuration: Number(p.MaxSessionDuration ?? 3600),
          Tags: tagsOf(p),
          ...(p.Description !== undefined ? { Description: p.Description } : {}),
        };
        this.roles.set(key(r.RoleName), r);
        return { Role: this.roleView(r) };
      }
      case "GetRole":
        return { Role: this.roleView(this.role(p.RoleName)) };
      case "ListRoleTags":
        return { Tags: this.role(p.RoleName).Tags, IsTruncated: false };
      case "UpdateRole": {
        const r = this.role(p.RoleName);
        if (p.Description !== undefined) r.Description = p.Description;
        if (p.MaxSessionDuration !== undefined) r.MaxSessionDuration = Number(p.MaxSessionDuration);
        return {};
      }
      case "UpdateRoleDescription":
        this.role(p.RoleName).Description = p.Description;
        return {};
      case "UpdateAssumeRolePolicy":
        this.role(p.RoleName).AssumeRolePolicyDocument = p.PolicyDocument as string;
        return {};
      case "TagRole": {
        const r = this.role(p.RoleName);
        for (const t of tagsOf(p)) r.Tags = [...r.Tags.filter((x) => x.Key !== t.Key), t];
        return {};
      }
      case "UntagRole": {
        const r = this.role(p.RoleName);
        const keys = members(p, "TagKeys").map((m) => m.value);
        r.Tags = r.Tags.filter((x) => !keys.includes(x.Key));
        return {};
      }
      case "DeleteRole": {
        const k = key(this.role(p.RoleName).RoleName);
        const hanging: string[] = [];
        if ((this.roleAttachments.get(k)?.size ?? 0) > 0) hanging.push("detach all policies");
        if ((this.rolePolicies.get(k)?.size ?? 0) > 0) hanging.push("delete all inline policies");
        if ([...this.profiles.values()].some((x) => x.role === k)) hanging.push("remove the role from all instance profiles");
        if (hanging.length > 0) throw new AwsError("DeleteConflict", `Cannot delete entity, must ${hanging.join(", ")} first.`, 409);
        this.roles.delete(k);
        this.roleAttachments.delete(k);
        this.rolePolicies.delete(k);
        return {};
      }
      case "ListInstanceProfilesForRole": {
        const k = key(this.role(p.RoleName).RoleName);
        return { InstanceProfiles: [...this.profiles.values()].filter((x) => x.role === k).map((x) => this.profileView(x)), IsTruncated: false };
      }
      case "AttachRolePolicy": {
        return this.attach(this.roleAttachments, key(this.role(p.RoleName).RoleName), p.PolicyArn);
      }
      case "DetachRolePolicy": {
        return this.detach(this.roleAttachments, key(this.role(p.RoleName).RoleName), p.PolicyArn);
      }
      case "ListAttachedRolePolicies": {
        return this.listAttached(this.roleAttachments, key(this.role(p.RoleName).RoleName));
      }
      case "PutRolePolicy": {
        const k = key(this.role(p.RoleName).RoleName);
        const map = this.rolePolicies.get(k) ?? new Map<string, string>();
        map.set(p.PolicyName as string, p.PolicyDocument as string);
        this.rolePolicies.set(k, map);
        return {};
      }
      case "GetRolePolicy": {
        const r = this.role(p.RoleName);
        const doc = this.rolePolicies.get(key(r.RoleName))?.get(p.PolicyName as string);
        if (doc === undefined) throw new AwsError("NoSuchEntity", `The role policy with name ${p.PolicyName} cannot be found.`, 404);
        return { RoleName: r.RoleName, PolicyName: p.PolicyName, PolicyDocument: encodeURIComponent(doc) };
      }
      case "DeleteRolePolicy": {
        const k = key(this.role(p.RoleName).RoleName);
        if (!this.rolePolicies.get(k)?.delete(p.PolicyName as string)) throw new AwsError("NoSuchEntity", `The role policy with name ${p.PolicyName} cannot be found.`, 404);
        return {};
      }
      case "ListRolePolicies":
        return { PolicyNames: [...(this.rolePolicies.get(key(this.role(p.RoleName).RoleName))?.keys() ?? [])], IsTruncated: false };

      // Instance profiles
      case "CreateInstanceProfile": {
        this.unique(this.profiles, p.InstanceProfileName, "Instance Profile");
        const path = p.Path ?? "/";
        const x: Profile = { InstanceProfileName: p.InstanceProfileName as string, Path: path, InstanceProfileId: uid("AIPA"), Arn: `arn:aws:iam::${ACCOUNT}:instance-profile${path}${p.InstanceProfileName}`, CreateDate: now.iso(), Tags: tagsOf(p) };
        this.profiles.set(key(x.InstanceProfileName), x);
        return { InstanceProfile: this.profileView(x) };
      }
      case "GetInstanceProfile":
        return { InstanceProfile: this.profileView(this.profile(p.InstanceProfileName)) };
      case "ListInstanceProfileTags":
        return { Tags: this.profile(p.InstanceProfileName).Tags, IsTruncated: false };
      case "TagInstanceProfile": {
        const x = this.profile(p.InstanceProfileName);
        for (const t of tagsOf(p)) x.Tags = [...x.Tags.filter((y) => y.Key !== t.Key), t];
        return {};
      }
      case "UntagInstanceProfile": {
        const x = this.profile(p.InstanceProfileName);
        const keys = members(p, "TagKeys").map((m) => m.value);
        x.Tags = x.Tags.filter((y) => !keys.includes(y.Key));
        return {};
      }
      case "AddRoleToInstanceProfile": {
        const x = this.profile(p.InstanceProfileName);
        const k = key(this.role(p.RoleName).RoleName);
        if (x.role !== undefined) throw new AwsError("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409);
        x.role = k;
        return {};
      }
      case "RemoveRoleFromInstanceProfile": {
        const x = this.profile(p.InstanceProfileName);
        if (x.role === undefined || x.role !== key(p.RoleName)) throw new AwsError("NoSuchEntity", `The role with name ${p.RoleName} cannot be found in instance profile ${x.InstanceProfileName}.`, 404);
        delete x.role;
        return {};
      }
      case "DeleteInstanceProfile": {
        const x = this.profile(p.InstanceProfileName);
        if (x.role !== undefined) throw new AwsError("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409);
        this.profiles.delete(key(x.InstanceProfileName));
        return {};
      }

      // Customer managed policies
      case "CreatePolicy": {
        this.unique(this.policies, p.PolicyName, "A policy");
        const path = p.Path ?? "/";
        const x: Policy = { PolicyName: p.PolicyName as string, Path: path, PolicyId: uid("ANPA"), Arn: `arn:aws:iam::${ACCOUNT}:policy${path}${p.PolicyName}`, CreateDate: now.iso(), Document: p.PolicyDocument as string, Tags: tagsOf(p), ...(p.Description !== undefined ? { Description: p.Description } : {}) };
        this.policies.set(key(x.PolicyName), x);
        return { Policy: this.policyView(x) };
      }
      case "GetPolicy":
        return { Policy: this.policyView(this.policy(p.PolicyArn)) };
      case "ListPolicyTags":
        return { Tags: this.policy(p.PolicyArn).Tags, IsTruncated: false };
      case "GetPolicyVersion": {
        const x = this.policy(p.PolicyArn);
        return { PolicyVersion: { Document: encodeURIComponent(x.Document), VersionId: "v1", IsDefaultVersion: true, CreateDate: x.CreateDate } };
      }
      case "ListPolicyVersions": {
        const x = this.policy(p.PolicyArn);
        return { Versions: [{ VersionId: "v1", IsDefaultVersion: true, CreateDate: x.CreateDate }], IsTruncated: false };
      }
      case "CreatePolicyVersion": {
        const x = this.policy(p.PolicyArn);
        x.Document = p.PolicyDocument as string;
        return { PolicyVersion: { VersionId: "v1", IsDefaultVersion: true, CreateDate: now.iso() } };
      }
      case "DeletePolicy": {
        const x = this.policy(p.PolicyArn);
        if (this.attachments(x.Arn) > 0) throw new AwsError("DeleteConflict", "Cannot delete a policy attached to entities.", 409);
        this.policies.delete(key(x.PolicyName));
        return {};
      }

      // Groups
      case "CreateGroup": {
        this.unique(this.groups, p.GroupName, "Group");
        const path = p.Path ?? "/";
        const g: Group = { GroupName: p.GroupName as string, Path: path, GroupId: uid("AGPA"), Arn: `arn:aws:iam::${ACCOUNT}:group${path}${p.GroupName}`, CreateDate: now.iso() };
        this.groups.set(key(g.GroupName), g);
        return { Group: g };
      }
      case "GetGroup":
        return { Group: this.group(p.GroupName), Users: [], IsTruncated: false };
      case "UpdateGroup": {
        const g = this.group(p.GroupName);
        const attached = this.groupAttachments.get(key(g.GroupName));
        this.groups.delete(key(g.GroupName));
        this.groupAttachments.delete(key(g.GroupName));
        if (p.NewPath) g.Path = p.NewPath;
        if (p.NewGroupName) g.GroupName = p.NewGroupName;
        g.Arn = `arn:aws:iam::${ACCOUNT}:group${g.Path}${g.GroupName}`;
        this.groups.set(key(g.GroupName), g);
        if (attached) this.groupAttachments.set(key(g.GroupName), attached);
        return {};
      }
      case "DeleteGroup": {
        const g = this.group(p.GroupName);
        if ((this.groupAttachments.get(key(g.GroupName))?.size ?? 0) > 0) throw new AwsError("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);
        this.groups.delete(key(g.GroupName));
        return {};
      }
      case "AttachGroupPolicy": {
        return this.attach(this.groupAttachments, key(this.group(p.GroupName).GroupName), p.PolicyArn);
      }
      case "DetachGroupPolicy": {
        return this.detach(this.groupAttachments, key(this.group(p.GroupName).GroupName), p.PolicyArn);
      }
      case "ListAttachedGroupPolicies": {
        return this.listAttached(this.groupAttachments, key(this.group(p.GroupName).GroupName));
      }
      case "ListGroupPolicies":
        this.group(p.GroupName);
        return { PolicyNames: [], IsTruncated: false };
      default:
        throw new AwsError("NotModelledByStandIn", `The stand-in does not model IAM ${action}.`);
    }
  }

  /** A summary for `GET /_state`: each role with its policies, each profile with its role. */
  state(): Record<string, unknown> {
    return {
      roles: Object.fromEntries(
        [...this.roles.entries()].map(([k, r]) => [r.RoleName, { path: r.Path, roleId: r.RoleId, attached: [...(this.roleAttachments.get(k) ?? [])].sort(), inline: [...(this.rolePolicies.get(k)?.keys() ?? [])].sort() }]),
      ),
      profiles: Object.fromEntries([...this.profiles.values()].map((x) => [x.InstanceProfileName, { path: x.Path, role: x.role !== undefined ? (this.roles.get(x.role)?.RoleName ?? null) : null }])),
      policies: Object.fromEntries([...this.policies.values()].map((x) => [x.PolicyName, { path: x.Path, arn: x.Arn, description: x.Description ?? null }])),
      groups: Object.fromEntries([...this.groups.values()].map((g) => [g.GroupName, { path: g.Path, attached: [...(this.groupAttachments.get(key(g.GroupName)) ?? [])].sort() }])),
    };
  }
}
