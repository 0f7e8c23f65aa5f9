/**
 * The selected IAM objects -> a config file of this project (`modules/config`), every entry marked `import: true`.
 * Sorted by name, ids from {@link adoptedId}: the same account gives the same file, byte for byte.
 */
import { AwsManagedPolicy } from "../constructs/aws-managed-policy";
import type { ConfigFile, DocumentConfig, GroupConfig, PolicyConfig, RoleConfig, UserConfig } from "../config/types";
import { decodeDocument } from "./documents";
import { adoptedId } from "./ids";
import { isAwsManagedArn } from "./select";
import type { LeftOut, Selection } from "./select";
import { convertDocument } from "./statements";
import type { AttachedPolicy, InlinePolicy, ManagedPolicyDetail, Tag } from "./types";

/**
 * Reason written on a planned key rotation of an adopted user: the adopted account may hold principals with broad
 * grants (for example AdministratorAccess) that can read any parameter. The synth-time exposure check names them
 * once the opt-out is removed; the findings report ranks those grants first.
 */
export const ADOPTED_EXPOSURE_REASON =
  "adopted as is: principals adopted with broad grants (see the findings report) may read this key; scope them, then remove this opt-out";

/** Settings of the written stack. */
export interface MapOptions {
  /** Stack name. @default "adopted" */
  readonly stackName?: string;
  /** Region of the provider (IAM is global; the region only serves the provider and the SSM store). @default "eu-west-1" */
  readonly region?: string;
  /** Account id; found in the ARNs of the input when not given. */
  readonly accountId?: string;
  /** Users whose access key rotation into SSM is planned: name -> the SSM prefix. @default none */
  readonly rotateKeysOf?: ReadonlyMap<string, string>;
}

/** A document adopted with opt-outs, or with its Version raised: worth a line in the report. */
export interface DocumentNote {
  readonly where: string;
  readonly optOuts: number;
  readonly versionChanged: boolean;
}

/** The result of mapping. */
export interface Mapped {
  readonly config: ConfigFile;
  readonly leftOut: LeftOut[];
  readonly documentNotes: DocumentNote[];
  readonly accountId?: string;
  readonly partition: string;
  /** Entries written, by kind. */
  readonly counts: { policies: number; roles: number; users: number; groups: number };
}

const byName = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function tagsOf(tags: Tag[] | undefined): Record<string, string> | undefined {
  if (!tags || tags.length === 0) return undefined;
  return Object.fromEntries([...tags].sort(byName((t) => t.Key)).map((t) => [t.Key, t.Value]));
}

function accountOf(sel: Selection): { account?: string; partition: string } {
  const arns = [...sel.details.RoleDetailList.map((r) => r.Arn), ...sel.details.UserDetailList.map((u) => u.Arn), ...sel.details.GroupDetailList.map((g) => g.Arn), ...sel.details.Policies.map((p) => p.Arn)];
  for (const a of arns) {
    const m = /^arn:([\w-]+):iam::(\d{12}):/.exec(a ?? "");
    if (m) return { partition: m[1] as string, account: m[2] as string };
  }
  return { partition: "aws" };
}

/** Maps a selection to a config file. */
export function mapToConfig(sel: Selection, opts: MapOptions = {}): Mapped {
  const leftOut: LeftOut[] = [...sel.leftOut];
  const documentNotes: DocumentNote[] = [];
  const found = accountOf(sel);
  const accountId = opts.accountId ?? found.account;
  const partition = found.partition;

  const doc = (raw: unknown, use: "identity" | "trust", where: string, kind: LeftOut["kind"], name: string): DocumentConfig | undefined => {
    const decoded = decodeDocument(raw);
    if (!decoded.ok) {
      leftOut.push({ kind, name, reason: `its document cannot be read: ${decoded.reason}` });
      return undefined;
    }
    const c = convertDocument(decoded.doc, use, partition);
    if (!c.ok) {
      leftOut.push({ kind, name, reason: c.reason });
      return undefined;
    }
    if (c.optOuts > 0 || c.versionChanged) documentNotes.push({ where, optOuts: c.optOuts, versionChanged: c.versionChanged });
    return { statements: c.statements };
  };

  // Customer managed policies: the default version.
  const policyIds = new Map<string, string>();
  const policies: PolicyConfig[] = [];
  for (const p of [...sel.details.Policies].sort(byName((x: ManagedPolicyDetail) => x.PolicyName))) {
    const version = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? (p.PolicyVersionList ?? []).find((v) => v.VersionId === p.DefaultVersionId);
    if (!version) {
      leftOut.push({ kind: "policy", name: p.PolicyName, reason: "the input holds no default version of it (run get-account-authorization-details without --filter, which lists every version)" });
      continue;
    }
    const d = doc(version.Document, "identity", `policy ${p.PolicyName} (${version.VersionId})`, "policy", p.PolicyName);
    if (!d) continue;
    const id = adoptedId("policy", p.PolicyName);
    policyIds.set(p.Arn, id);
    policies.push({
      id,
      name: p.PolicyName,
      ...(p.Path && p.Path !== "/" ? { path: p.Path } : {}),
      ...(p.Description ? { description: p.Description } : {}),
      ...(tagsOf(p.Tags) ? { tags: tagsOf(p.Tags) } : {}),
      import: true,
      ...d,
    });
    const others = (p.PolicyVersionList ?? []).filter((v) => v !== version).map((v) => v.VersionId).sort();
    if (others.length > 0) leftOut.push({ kind: "policy", name: `${p.PolicyName} versions ${others.join(", ")}`, reason: `not the default version: Terraform manages only the default (${version.VersionId}); the others stay until deleted, and a change of the policy adds a version (AWS keeps at most 5)` });
  }

  const ref = (a: AttachedPolicy): string => {
    const local = policyIds.get(a.PolicyArn);
    if (local) return local;
    if (isAwsManagedArn(a.PolicyArn) && a.PolicyArn.endsWith(`:policy/${a.PolicyName}`)) {
      try {
        AwsManagedPolicy.fromName(a.PolicyName);
        return a.PolicyName;
      } catch {
        return a.PolicyArn;
      }
    }
    return a.PolicyArn;
  };
  const refs = (list: AttachedPolicy[] | undefined) => [...(list ?? [])].sort(byName((x: AttachedPolicy) => x.PolicyArn)).map(ref);
  const quota = (n: number) => (n > 10 ? { managedPolicyQuota: Math.min(n, 20) } : {});
  const inline = (holder: string, list: InlinePolicy[] | undefined): Record<string, DocumentConfig> | undefined => {
    const out: Record<string, DocumentConfig> = {};
    for (const ip of [...(list ?? [])].sort(byName((x: InlinePolicy) => x.PolicyName))) {
      const d = doc(ip.PolicyDocument, "identity", `${holder} inline policy ${ip.PolicyName}`, "inline policy", `${holder}:${ip.PolicyName}`);
      if (d) out[ip.PolicyName] = d;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const boundary = (b: { PermissionsBoundaryArn: string } | undefined) => (b ? { permissionsBoundary: policyIds.get(b.PermissionsBoundaryArn) ?? b.PermissionsBoundaryArn } : {});

  const groups: GroupConfig[] = [];
  for (const g of [...sel.details.GroupDetailList].sort(byName((x) => x.GroupName))) {
    const managed = refs(g.AttachedManagedPolicies);
    const ip = inline(`group ${g.GroupName}`, g.GroupPolicyList);
    groups.push({
      id: adoptedId("group", g.GroupName),
      name: g.GroupName,
      ...(g.Path && g.Path !== "/" ? { path: g.Path } : {}),
      import: true,
      ...(managed.length > 0 ? { managedPolicies: managed, ...quota(managed.length) } : {}),
      ...(ip ? { inlinePolicies: ip } : {}),
    });
  }

  const users: UserConfig[] = [];
  for (const u of [...sel.details.UserDetailList].sort(byName((x) => x.UserName))) {
    const managed = refs(u.AttachedManagedPolicies);
    const ip = inline(`user ${u.UserName}`, u.UserPolicyList);
    const prefix = opts.rotateKeysOf?.get(u.UserName);
    users.push({
      id: adoptedId("user", u.UserName),
      name: u.UserName,
      ...(u.Path && u.Path !== "/" ? { path: u.Path } : {}),
      ...(tagsOf(u.Tags) ? { tags: tagsOf(u.Tags) } : {}),
      import: true,
      ...boundary(u.PermissionsBoundary),
      ...(managed.length > 0 ? { managedPolicies: managed, ...quota(managed.length) } : {}),
      ...(ip ? { inlinePolicies: ip } : {}),
      ...((u.GroupList ?? []).length > 0 ? { groups: [...(u.GroupList ?? [])].sort() } : {}),
      ...(prefix !== undefined ? { accessKey: { storeIn: { prefix }, rotation: { generation: 0 }, exposureOptOut: { reason: ADOPTED_EXPOSURE_REASON } } } : {}),
    });
  }

  const roles: RoleConfig[] = [];
  for (const r of [...sel.details.RoleDetailList].sort(byName((x) => x.RoleName))) {
    const trust = doc(r.AssumeRolePolicyDocument, "trust", `role ${r.RoleName} trust policy`, "role", r.RoleName);
    if (!trust) continue;
    const managed = refs(r.AttachedManagedPolicies);
    const ip = inline(`role ${r.RoleName}`, r.RolePolicyList);
    const profiles = [...(r.InstanceProfileList ?? [])].sort(byName((x) => x.InstanceProfileName));
    const profile = profiles.find((p) => p.InstanceProfileName === r.RoleName) ?? profiles[0];
    for (const p of profiles) if (p !== profile) leftOut.push({ kind: "instance profile", name: p.InstanceProfileName, reason: `a second profile of role ${r.RoleName}: a role here has one profile; it stays as it is, unmanaged` });
    const rolePath = r.Path ?? "/";
    // The console tags the role, not its profile: keep the profile's own tags (the construct adds the role's by default).
    const roleTags = tagsOf(r.Tags);
    const profileTags = profile ? tagsOf(profile.Tags) : undefined;
    const tagOpts = JSON.stringify(roleTags ?? {}) === JSON.stringify(profileTags ?? {}) ? {} : { ...(roleTags ? { inheritRoleTags: false } : {}), ...(profileTags ? { tags: profileTags } : {}) };
    const profileOpts = profile ? { ...(profile.InstanceProfileName !== r.RoleName ? { name: profile.InstanceProfileName } : {}), ...((profile.Path ?? "/") !== rolePath ? { path: profile.Path ?? "/" } : {}), ...tagOpts } : undefined;
    roles.push({
      id: adoptedId("role", r.RoleName),
      name: r.RoleName,
      ...(rolePath !== "/" ? { path: rolePath } : {}),
      ...(r.Description ? { description: r.Description } : {}),
      ...(r.MaxSessionDuration !== undefined && r.MaxSessionDuration !== 3600 ? { maxSessionDuration: r.MaxSessionDuration } : {}),
      ...(tagsOf(r.Tags) ? { tags: tagsOf(r.Tags) } : {}),
      import: true,
      ...boundary(r.PermissionsBoundary),
      trustPolicy: trust,
      ...(managed.length > 0 ? { managedPolicies: managed, ...quota(managed.length) } : {}),
      ...(ip ? { inlinePolicies: ip } : {}),
      instanceProfile: profileOpts === undefined ? false : profileOpts,
    });
  }

  const config: ConfigFile = {
    version: 1,
    stack: { name: opts.stackName ?? "adopted", region: opts.region ?? "eu-west-1", ...(accountId ? { allowedAccountIds: [accountId] } : {}) },
    ...(policies.length ? { policies } : {}),
    ...(groups.length ? { groups } : {}),
    ...(users.length ? { users } : {}),
    ...(roles.length ? { roles } : {}),
  };
  return { config, leftOut, documentNotes, ...(accountId ? { accountId } : {}), partition, counts: { policies: policies.length, roles: roles.length, users: users.length, groups: groups.length } };
}
