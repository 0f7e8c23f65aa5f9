/**
 * From resources to principals: which roles, users and groups a stack declares, which policies
 * reach each of them (inline, customer managed, AWS managed, through groups), who may assume each
 * role, and which access keys exist and where their secrets go.
 *
 * Links between resources are followed through references (`${aws_iam_role.X.name}`) when the
 * source keeps them, and through literal names and ARNs otherwise (the prior state of a plan).
 */
import { refAddress } from "./hcl";
import { parseDocument, type ParsedDocument } from "./grants";
import type { ResourceView, StackSnapshot } from "./snapshot";

export type PrincipalKind = "role" | "user" | "group";

/** A policy that reaches a principal. */
export interface PolicyLink {
  /** `inline`, `managed` (customer managed in this stack), `aws-managed`, or `external` (an ARN from elsewhere). */
  readonly kind: "inline" | "managed" | "aws-managed" | "external";
  /** Short human label: the policy's name, or the AWS managed policy's name with its path (`job-function/ViewOnlyAccess`). */
  readonly name: string;
  /** The resource holding the document (`aws_iam_policy.X`, `aws_iam_role_policy.Y`), when in this stack. */
  readonly address?: string;
  /** The ARN, for AWS managed and external policies. */
  readonly arn?: string;
  /** The document, when it can be read. */
  readonly document?: ParsedDocument;
  /** The policy argument as the source holds it (JSON text with `${...}` references), for the permission model. */
  readonly raw?: unknown;
  /** Display name of the group it comes through, for a user's group policies. */
  readonly viaGroup?: string;
}

/** A role, user or group. */
export interface PrincipalInfo {
  readonly kind: PrincipalKind;
  readonly address: string;
  /** The IAM name (or `prefix*` for a name prefix, or the address when computed). */
  readonly name: string;
  readonly constructPath?: string;
  readonly path?: string;
  readonly permissionsBoundary?: string;
  readonly maxSessionDuration?: number;
  /** The trust policy (roles). */
  readonly trust?: ParsedDocument;
  /** The trust policy argument as the source holds it. */
  readonly trustRaw?: unknown;
  /** Policies attached directly, and inline policies. */
  readonly policies: PolicyLink[];
  /** For users: the groups it belongs to (addresses, or names for groups outside the stack). */
  readonly groups: string[];
  /** For roles: names of the instance profiles holding it. */
  readonly instanceProfiles: string[];
  /** For users: true when a console password (login profile) is managed. */
  loginProfile: boolean;
  /** The written reasons the source gives for lifting a check on the principal itself (`"allowCreateBeforeDestroy: ..."`). */
  readonly optOutReasons?: readonly string[];
}

/** Where a key's secret or id is written. */
export interface SecretStore {
  /** The resource address (`aws_ssm_parameter.X`) or `output.<name>`. */
  readonly address: string;
  /** Parameter name, when known. */
  readonly name?: string;
  /** `SecureString`, `String`, ... for SSM parameters. */
  readonly type?: string;
  /** KMS key of a SecureString; undefined means the account's default `aws/ssm` key. */
  readonly kmsKey?: string;
  /** Which argument holds it (`value_wo`, `value`, `insecure_value`, an output...). */
  readonly argument: string;
}

/** An access key. */
export interface KeyInfo {
  readonly address: string;
  /** The user's principal address in this stack, when linked. */
  readonly user?: string;
  readonly userName: string;
  /** `Active` or `Inactive` (defaults to Active). */
  readonly status: string;
  /** Where the secret access key goes. */
  readonly secretStores: SecretStore[];
  /** Where the access key id goes. */
  readonly idStores: SecretStore[];
  /** Other places the secret flows to (outputs, other resources): never wanted. */
  readonly secretLeaks: SecretStore[];
  /** Rotation triggers (`terraform_data` addresses) and their current value, canonical JSON. */
  readonly rotationTriggers: { readonly address: string; readonly value: string }[];
  /** True when the key is created with a PGP key (its secret is then stored encrypted in state). */
  readonly pgpEncrypted: boolean;
}

/** Principals, customer managed policies and keys of one stack at one point in time. */
export interface Inventory {
  readonly stack: string;
  readonly snapshot: StackSnapshot;
  readonly principals: Map<string, PrincipalInfo>;
  readonly keys: Map<string, KeyInfo>;
  /** Customer managed policies (`aws_iam_policy`) of the stack, with their documents. */
  readonly managedPolicies: Map<string, { name: string; document: ParsedDocument; raw?: unknown }>;
}

const PRINCIPAL_TYPES: Record<string, PrincipalKind> = { aws_iam_role: "role", aws_iam_user: "user", aws_iam_group: "group" };
const PLACEHOLDER = /^\$\{((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_.\-[\]"]+)?\}$/;

/** The display name of a resource: its `name`, `prefix*` for a name prefix, or its address. */
export function displayName(r: ResourceView): string {
  const n = r.attrs.name;
  if (typeof n === "string" && n && !n.includes("${")) return n;
  const p = r.attrs.name_prefix;
  if (typeof p === "string" && p && !p.includes("${")) return `${p}*`;
  return r.address;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** Finds the resources of `type` an argument points at: by reference first, then by literal name, id or ARN. */
function linked(snap: StackSnapshot, r: ResourceView, arg: string, type: string): string[] {
  const out: string[] = [];
  const byValue = (value: string): string | undefined => {
    const m = PLACEHOLDER.exec(value);
    if (m) return m[1].startsWith(`${type}.`) ? m[1] : undefined;
    for (const other of snap.resources.values()) {
      if (other.type !== type) continue;
      const a = other.attrs;
      if (a.name === value || a.arn === value || a.id === value) return other.address;
    }
    return undefined;
  };
  for (const v of list(r.attrs[arg])) {
    if (typeof v !== "string") continue;
    const hit = byValue(v);
    if (hit) out.push(hit);
  }
  if (out.length === 0) {
    for (const t of r.refs[arg] ?? []) {
      const a = refAddress(t);
      if (a.startsWith(`${type}.`) && snap.resources.has(a)) out.push(a);
    }
  }
  return [...new Set(out)];
}

/** Name of an AWS managed policy from its ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess` -> `job-function/ViewOnlyAccess`). */
export function awsManagedName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/.exec(arn);
  return m ? m[1] : undefined;
}

function policyLinkFromArn(snap: StackSnapshot, r: ResourceView, managed: Inventory["managedPolicies"]): PolicyLink | undefined {
  const target = linked(snap, r, "policy_arn", "aws_iam_policy")[0];
  if (target) {
    const m = managed.get(target);
    return { kind: "managed", name: m?.name ?? target, address: target, document: m?.document, raw: m?.raw };
  }
  const arn = str(r.attrs.policy_arn);
  if (!arn) return undefined;
  const aws = awsManagedName(arn);
  if (aws) return { kind: "aws-managed", name: aws, arn };
  // A customer managed policy of this stack named by a literal ARN.
  for (const [address, m] of managed) {
    const res = snap.resources.get(address);
    const path = str(res?.attrs.path) ?? "/";
    if (arn.endsWith(`:policy${path}${m.name}`)) return { kind: "managed", name: m.name, address, document: m.document, raw: m.raw };
  }
  return { kind: "external", name: arn.replace(/^arn:[^:]+:iam::[^:]*:policy\//, ""), arn };
}

/** Builds the inventory of one snapshot. */
export function buildInventory(snap: StackSnapshot): Inventory {
  const principals = new Map<string, PrincipalInfo>();
  const managedPolicies: Inventory["managedPolicies"] = new Map();
  const keys = new Map<string, KeyInfo>();
  const res = [...snap.resources.values()];
  const pendingArns: { principal: string; arn: string; refs: readonly string[] }[] = [];

  for (const r of res) {
    const kind = PRINCIPAL_TYPES[r.type];
    if (kind) {
      principals.set(r.address, {
        kind,
        address: r.address,
        name: displayName(r),
        constructPath: r.constructPath,
        ...(r.optOutReasons ? { optOutReasons: r.optOutReasons } : {}),
        path: str(r.attrs.path),
        permissionsBoundary: str(r.attrs.permissions_boundary),
        maxSessionDuration: typeof r.attrs.max_session_duration === "number" ? r.attrs.max_session_duration : undefined,
        trust: kind === "role" && r.attrs.assume_role_policy !== undefined ? parseDocument(r.attrs.assume_role_policy) : undefined,
        trustRaw: kind === "role" ? r.attrs.assume_role_policy : undefined,
        policies: [],
        groups: [],
        instanceProfiles: [],
        loginProfile: false,
      });
      // Inline policies declared inside the role (`inline_policy` blocks). In a plan or state these attributes are
      // computed from every policy of the role, so they count only where the configuration sets them.
      const declared = (arg: string): boolean => snap.source === "config" || r.refs[arg] !== undefined;
      for (const ip of declared("inline_policy") ? list(r.attrs.inline_policy) : []) {
        if (ip && typeof ip === "object" && (ip as Record<string, unknown>).policy !== undefined) {
          const p = ip as Record<string, unknown>;
          principals.get(r.address)!.policies.push({ kind: "inline", name: str(p.name) ?? "(inline)", address: r.address, document: parseDocument(p.policy), raw: p.policy });
        }
      }
      // The role's exclusive `managed_policy_arns` (deprecated by the provider, still read).
      if (kind === "role" && declared("managed_policy_arns")) {
        for (const arn of list(r.attrs.managed_policy_arns)) {
          if (typeof arn !== "string") continue;
          pendingArns.push({ principal: r.address, arn, refs: r.refs.managed_policy_arns ?? [] });
        }
      }
    } else if (r.type === "aws_iam_policy") {
      managedPolicies.set(r.address, { name: displayName(r), document: documentOf(r), raw: r.attrs.policy });
    }
  }

  for (const { principal, arn, refs } of pendingArns) {
    const pseudo: ResourceView = { address: principal, type: "aws_iam_role", attrs: { policy_arn: arn }, refs: { policy_arn: refs.filter((t) => arn.includes(t)) }, secretArgs: [], replaceTriggeredBy: [] };
    const link = policyLinkFromArn(snap, pseudo, managedPolicies);
    if (link) principals.get(principal)?.policies.push(link);
  }

  const principalOf = (r: ResourceView, arg: string, type: string): PrincipalInfo[] =>
    linked(snap, r, arg, type)
      .map((a) => principals.get(a))
      .filter((p): p is PrincipalInfo => p !== undefined);

  for (const r of res) {
    switch (r.type) {
      case "aws_iam_role_policy":
      case "aws_iam_user_policy":
      case "aws_iam_group_policy": {
        const [arg, type] = r.type === "aws_iam_role_policy" ? ["role", "aws_iam_role"] : r.type === "aws_iam_user_policy" ? ["user", "aws_iam_user"] : ["group", "aws_iam_group"];
        for (const p of principalOf(r, arg, type)) p.policies.push({ kind: "inline", name: displayName(r), address: r.address, document: documentOf(r), raw: r.attrs.policy });
        break;
      }
      case "aws_iam_role_policy_attachment":
      case "aws_iam_user_policy_attachment":
      case "aws_iam_group_policy_attachment": {
        const [arg, type] = r.type === "aws_iam_role_policy_attachment" ? ["role", "aws_iam_role"] : r.type === "aws_iam_user_policy_attachment" ? ["user", "aws_iam_user"] : ["group", "aws_iam_group"];
        const link = policyLinkFromArn(snap, r, managedPolicies);
        if (link) for (const p of principalOf(r, arg, type)) p.policies.push(link);
        break;
      }
      case "aws_iam_policy_attachment": {
        const link = policyLinkFromArn(snap, r, managedPolicies);
        if (!link) break;
        for (const [arg, type] of [["roles", "aws_iam_role"], ["users", "aws_iam_user"], ["groups", "aws_iam_group"]] as const) {
          for (const p of principalOf(r, arg, type)) p.policies.push(link);
        }
        break;
      }
      case "aws_iam_user_group_membership": {
        const groups = linked(snap, r, "groups", "aws_iam_group");
        const literal = list(r.attrs.groups).filter((g): g is string => typeof g === "string" && !g.includes("${"));
        for (const u of principalOf(r, "user", "aws_iam_user")) {
          u.groups.push(...groups);
          for (const g of literal) if (!groups.some((a) => principals.get(a)?.name === g)) u.groups.push(g);
        }
        break;
      }
      case "aws_iam_group_membership": {
        const groups = linked(snap, r, "group", "aws_iam_group");
        for (const u of principalOf(r, "users", "aws_iam_user")) u.groups.push(...groups);
        break;
      }
      case "aws_iam_instance_profile":
        for (const p of principalOf(r, "role", "aws_iam_role")) p.instanceProfiles.push(displayName(r));
        break;
      case "aws_iam_user_login_profile":
        for (const p of principalOf(r, "user", "aws_iam_user")) p.loginProfile = true;
        break;
      case "aws_iam_access_key": {
        const user = principalOf(r, "user", "aws_iam_user")[0];
        keys.set(r.address, {
          address: r.address,
          user: user?.address,
          userName: user?.name ?? str(r.attrs.user) ?? "(unknown user)",
          status: str(r.attrs.status) ?? "Active",
          secretStores: [],
          idStores: [],
          secretLeaks: [],
          rotationTriggers: r.replaceTriggeredBy.map((a) => ({ address: a, value: triggerValue(snap.resources.get(a)) })),
          pgpEncrypted: r.secretArgs.includes("pgp_key"),
        });
        break;
      }
      default:
        break;
    }
  }
  for (const p of principals.values()) p.groups.splice(0, p.groups.length, ...[...new Set(p.groups)].sort());

  // Where each key's secret and id go.
  // (An instance key or a splat may follow the address: counted key slots are read as `one(<key>[*].secret)`.)
  const keyRef = /^(aws_iam_access_key\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([a-z_0-9]+)/;
  for (const r of res) {
    for (const [arg, traversals] of Object.entries(r.refs)) {
      for (const t of traversals) {
        const m = keyRef.exec(t);
        if (!m || !keys.has(m[1]) || r.address === m[1]) continue;
        const key = keys.get(m[1])!;
        const isSecret = m[2] !== "id" && m[2] !== "user" && m[2] !== "status" && m[2] !== "create_date";
        const store: SecretStore = {
          address: r.address,
          name: r.type === "aws_ssm_parameter" ? displayName(r) : undefined,
          type: r.type === "aws_ssm_parameter" ? (str(r.attrs.type) ?? "String") : undefined,
          kmsKey: r.type === "aws_ssm_parameter" ? str(r.attrs.key_id) : undefined,
          argument: arg,
        };
        if (!isSecret) {
          // The key id stored somewhere (not, say, in the fingerprint of a parameter's value_wo_version).
          const holdsValue = r.type !== "aws_ssm_parameter" || arg === "value" || arg === "value_wo" || arg === "insecure_value";
          if (m[2] === "id" && holdsValue) key.idStores.push(store);
        } else if (r.type === "aws_ssm_parameter" && (arg === "value" || arg === "value_wo" || arg === "insecure_value")) key.secretStores.push(store);
        else key.secretLeaks.push(store);
      }
    }
  }
  for (const o of snap.outputs) {
    for (const t of o.refs) {
      const m = keyRef.exec(t);
      if (m && keys.has(m[1]) && m[2] !== "id" && m[2] !== "user") keys.get(m[1])!.secretLeaks.push({ address: `output.${o.name}`, argument: o.sensitive ? "sensitive output" : "output" });
    }
  }
  return { stack: snap.stack, snapshot: snap, principals, keys, managedPolicies };
}

/** A rotation trigger's value as short canonical text (for comparison and display). */
function triggerValue(r: ResourceView | undefined): string {
  if (!r) return "(missing)";
  const v = r.attrs.triggers_replace ?? r.attrs.input ?? null;
  return JSON.stringify(v);
}

/** Every policy reaching a principal, including (for users) its groups' policies. */
/** The parsed policy document of a policy resource, with the opt-out reasons its source recorded. */
function documentOf(r: ResourceView): ParsedDocument {
  const doc = parseDocument(r.attrs.policy);
  return r.optOutReasons && r.optOutReasons.length > 0 ? { ...doc, optOutReasons: r.optOutReasons } : doc;
}

export function effectivePolicies(inv: Inventory, p: PrincipalInfo): PolicyLink[] {
  const out = [...p.policies];
  if (p.kind === "user") {
    for (const g of p.groups) {
      const group = inv.principals.get(g);
      if (group) for (const l of group.policies) out.push({ ...l, viaGroup: group.name });
    }
  }
  return out;
}
