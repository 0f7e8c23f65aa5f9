/**
 * The stack as the effective-permission model (modules/analysis) sees it: every role, user and group of an inventory
 * as an analysis principal, with references between resources resolved to ARN patterns. One model serves every
 * permission rule of the review (escalation paths, risky grants, credential exposure), as it serves the synth-time
 * checks.
 */
import { buildPrincipal, type PolicyInput, type Principal } from "../analysis";
import { awsManagedName, type Inventory, type PolicyLink, type PrincipalInfo } from "./inventory";

/** The analysis principals of one inventory, by principal address. */
export interface StackModel {
  readonly inventory: Inventory;
  readonly principals: ReadonlyMap<string, Principal>;
  /** ARN pattern of each principal address (`arn:*:iam::*:role/app`), for resource matching. */
  readonly arns: ReadonlyMap<string, string>;
  /** Resolves Terraform references in policy text (exposed for documents outside principals). */
  resolve(raw: unknown): string | undefined;
}

const TF_REF = /\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+)*)\}/g;
const KIND_OF: Record<string, string> = { aws_iam_role: "role", aws_iam_user: "user", aws_iam_group: "group", aws_iam_policy: "policy", aws_iam_instance_profile: "instance-profile" };

function arnPattern(kind: string, path: string | undefined, name: string): string {
  const p = path && path !== "/" ? path : "/";
  return `arn:*:iam::*:${kind}${p}${name}`;
}

/** The ARN pattern of an SSM parameter name (`/a/b` -> `arn:*:ssm:*:*:parameter/a/b`). */
export function parameterArnPattern(name: string): string {
  return `arn:*:ssm:*:*:parameter${name.startsWith("/") ? "" : "/"}${name}`;
}

/** Builds the model of an inventory. */
export function buildStackModel(inv: Inventory): StackModel {
  const arns = new Map<string, string>();
  const names = new Map<string, string>();
  const parameterNames = new Map<string, string>();
  for (const r of inv.snapshot.resources.values()) {
    if (r.type === "aws_ssm_parameter" && typeof r.attrs.name === "string" && !r.attrs.name.includes("${")) parameterNames.set(r.address, r.attrs.name);
    const kind = KIND_OF[r.type];
    if (!kind) continue;
    const name = typeof r.attrs.name === "string" && !r.attrs.name.includes("${") ? r.attrs.name : typeof r.attrs.name_prefix === "string" ? `${r.attrs.name_prefix}*` : undefined;
    if (!name) continue;
    names.set(r.address, name);
    arns.set(r.address, arnPattern(kind, typeof r.attrs.path === "string" ? r.attrs.path : undefined, name));
  }
  // `${aws_iam_role.X.arn}` -> the role's ARN pattern; `.name`/`.id` -> its name; anything else -> a literal that
  // matches no ARN (`tfref:aws_lambda_function.f.arn`), so that a grant on it is never read as a wildcard.
  const resolveText = (text: string): string =>
    text.replace(TF_REF, (whole, address: string, attr: string) => {
      if (address.includes(":")) return whole;
      const a = attr.slice(1);
      // Account, region and partition of the deployment: unknown here, any value.
      if (/^data\.aws_(caller_identity|region|partition)\./.test(address)) return "*";
      if (address.startsWith("aws_kms_key.")) return `arn:*:kms:*:*:key/${address.slice(12)}`;
      if (address.startsWith("aws_ssm_parameter.") && a === "arn" && parameterNames.has(address)) return parameterArnPattern(parameterNames.get(address)!);
      if (address.startsWith("aws_ssm_parameter.") && a === "name" && parameterNames.has(address)) return parameterNames.get(address)!;
      if ((a === "arn" || a === "unique_id") && arns.has(address)) return arns.get(address)!;
      if ((a === "name" || a === "id") && names.has(address)) return names.get(address)!;
      return `tfref:${address}${attr}`;
    });
  const resolve = (raw: unknown): string | undefined => {
    if (raw === undefined || raw === null) return undefined;
    return resolveText(typeof raw === "string" ? raw : JSON.stringify(raw));
  };

  const input = (l: PolicyLink, holder: string): PolicyInput => {
    const via = l.viaGroup ? ` (through group ${l.viaGroup})` : "";
    if (l.kind === "aws-managed") return { kind: "aws-managed", arn: l.arn, name: l.name, source: `AWS managed policy ${l.name}${via}` };
    const source = `${l.kind === "inline" ? "inline" : "managed"} policy ${l.name}${l.kind === "inline" ? ` of ${holder}` : ""}${via}`;
    if (l.kind === "external") return { kind: "managed", name: l.name, unreadable: "customer managed policy from outside this stack", source: `customer managed policy ${l.name}${via}` };
    if (!l.document || l.document.unreadable || l.raw === undefined) return { kind: "managed", name: l.name, unreadable: l.document?.unreadable ?? "unreadable", source };
    return { kind: l.kind === "inline" ? "inline" : "managed", name: l.name, document: resolve(l.raw), source };
  };

  const boundaryOf = (p: PrincipalInfo): PolicyInput | undefined => {
    const b = p.permissionsBoundary;
    if (!b) return undefined;
    const aws = awsManagedName(b);
    if (aws) return { kind: "aws-managed", arn: b, name: aws, source: `AWS managed policy ${aws}` };
    const m = /^\$\{(aws_iam_policy\.[A-Za-z0-9_-]+)\.arn\}$/.exec(b);
    const address = m?.[1] ?? [...inv.managedPolicies.keys()].find((a) => arns.get(a) !== undefined && globLike(arns.get(a)!, b));
    const policy = address ? inv.managedPolicies.get(address) : undefined;
    if (policy && !policy.document.unreadable) return { kind: "managed", name: policy.name, document: resolve(policy.raw), source: `managed policy ${policy.name}` };
    return { kind: "managed", name: b, unreadable: `boundary ${b} is not a policy of this stack`, source: `policy ${b}` };
  };

  const principals = new Map<string, Principal>();
  for (const p of inv.principals.values()) {
    const holder = `${p.kind} ${p.name}`;
    const own = p.policies.map((l) => input(l, holder));
    const groups =
      p.kind === "user"
        ? p.groups.map((g) => {
            const group = inv.principals.get(g);
            return { name: group?.name ?? g, policies: group ? group.policies.map((l) => input({ ...l, viaGroup: group.name }, `group ${group.name}`)) : [] };
          })
        : [];
    const boundary = boundaryOf(p);
    principals.set(
      p.address,
      buildPrincipal({
        kind: p.kind,
        name: p.name,
        id: p.address,
        ...(p.path ? { path: p.path } : {}),
        policies: own,
        groups,
        ...(boundary ? { boundary } : {}),
        ...(p.trustRaw !== undefined ? { trustPolicy: resolve(p.trustRaw) } : {}),
      }),
    );
  }
  return { inventory: inv, principals, arns, resolve };
}

/** True when an ARN pattern of the stack (`arn:*:iam::*:policy/b`) names the literal ARN `arn`. */
function globLike(pattern: string, arn: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(arn);
}
