/**
 * The review of one stack: compare the base (what exists or existed) with the head (what the
 * change declares), principal by principal, and collect the risk flags.
 */
import type { ReviewCatalog } from "./catalog";
import { flagInventory, flagKey, type Flag } from "./flags";
import { grantKey, grantsOf, groupGrants, type Grant, type PermissionGroup } from "./grants";
import { buildInventory, effectivePolicies, type Inventory, type KeyInfo, type PrincipalInfo, type PrincipalKind, type SecretStore } from "./inventory";
import { compareSeverity, maxSeverity, type Severity } from "./severity";
import type { PlanJson, StackSnapshot } from "./snapshot";

/** A trust relationship: who may assume a role, with which actions, under which condition. */
export interface TrustEntry {
  readonly effect: "Allow" | "Deny";
  /** `Service:ec2.amazonaws.com`, `AWS:arn:aws:iam::123456789012:root`, `Federated:...`. */
  readonly principal: string;
  readonly actions: readonly string[];
  readonly condition?: string;
}

/** What changes for one principal. */
export interface PrincipalChange {
  readonly kind: PrincipalKind;
  readonly address: string;
  readonly name: string;
  readonly constructPath?: string;
  /** `created`, `destroyed`, `replaced` (a plan re-creates it), `changed`, or `unchanged`. */
  readonly status: "created" | "destroyed" | "replaced" | "changed" | "unchanged";
  /** Permissions gained, grouped by service and access level (wildcards expanded). */
  readonly gained: readonly PermissionGroup[];
  /** Permissions lost, grouped the same way. */
  readonly lost: readonly PermissionGroup[];
  /** Policies whose content is not expanded (AWS managed, external, computed), attached by the change. */
  readonly opaqueGained: readonly string[];
  /** The same, detached by the change. */
  readonly opaqueLost: readonly string[];
  readonly trustGained: readonly TrustEntry[];
  readonly trustLost: readonly TrustEntry[];
  /** Other facts worth a line: instance profiles, groups, boundary, replacement reasons. */
  readonly notes: readonly string[];
}

/** What happens to one access key. */
export interface KeyChange {
  readonly address: string;
  readonly userName: string;
  /**
   * `created`, `destroyed`, `rotated` (a new secret replaces the old), `may-rotate` (a rotation trigger computed at
   * plan time changed: only a plan tells), or `unchanged`.
   */
  readonly status: "created" | "destroyed" | "rotated" | "may-rotate" | "unchanged";
  /** Why it is rotated, when it is. */
  readonly reason?: string;
  readonly secretStores: readonly SecretStore[];
  readonly idStores: readonly SecretStore[];
}

/** A resource change of a plan, as Terraform will perform it. */
export interface ResourceChange {
  readonly address: string;
  /** `create`, `update`, `delete`, `replace (delete, then create)`, `replace (create, then delete)`. */
  readonly action: string;
  /** Arguments forcing a replacement, from `replace_paths`. */
  readonly replaceBecause?: readonly string[];
  /** Terraform's `action_reason`, when given. */
  readonly reason?: string;
}

/** The review of one stack. */
export interface StackReview {
  readonly stack: string;
  /** `config`: comparison of synthesized configurations; `plan`: from a saved plan. */
  readonly mode: "config" | "plan";
  /** What the head was compared with. */
  readonly base: string;
  /** Principals created, changed, replaced or destroyed (unchanged ones are only counted). */
  readonly principals: readonly PrincipalChange[];
  readonly unchangedPrincipals: number;
  readonly keys: readonly KeyChange[];
  readonly flags: readonly Flag[];
  /** IAM-related resource changes of the plan (plan mode only). */
  readonly resourceChanges?: readonly ResourceChange[];
  /** Highest severity among the flags. */
  readonly maxSeverity?: Severity;
}

/** Terraform's `action_reason` codes, in words. */
const ACTION_REASONS: Record<string, string> = {
  replace_by_triggers: "a replace_triggered_by trigger changed",
  replace_because_cannot_update: "an argument that cannot be updated in place changed",
  replace_because_tainted: "the resource is tainted",
  replace_by_request: "replacement requested with -replace",
  delete_because_no_resource_config: "removed from the configuration",
  delete_because_no_module: "its module was removed",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "its count index is gone",
  delete_because_each_key: "its for_each key is gone",
  read_because_config_unknown: "its configuration is only known at apply time",
};

const IAM_RESOURCE = /^aws_iam_|^aws_ssm_parameter$|^terraform_data$/;
const PRINCIPAL_OR_KEY = /^aws_iam_(role|user|group|access_key)$/;

function trustEntries(p: PrincipalInfo | undefined): TrustEntry[] {
  if (!p?.trust) return [];
  const out: TrustEntry[] = [];
  for (const s of p.trust.statements) for (const pr of s.principals) out.push({ effect: s.effect, principal: pr, actions: [...s.actions].sort(), condition: s.condition });
  return out;
}

const trustKey = (t: TrustEntry): string => `${t.effect}|${t.principal}|${t.actions.join(",")}|${t.condition ?? ""}`;

function permissionsOf(inv: Inventory | undefined, p: PrincipalInfo | undefined, catalog: ReviewCatalog): { grants: Map<string, Grant>; opaque: Set<string> } {
  const grants = new Map<string, Grant>();
  const opaque = new Set<string>();
  if (!inv || !p) return { grants, opaque };
  for (const l of effectivePolicies(inv, p)) {
    const via = l.viaGroup ? ` (via group \`${l.viaGroup}\`)` : "";
    if (l.kind === "aws-managed") opaque.add(`AWS managed policy \`${l.name}\`${via}`);
    else if (l.kind === "external") opaque.add(`customer managed policy \`${l.name}\` from outside the stack${via}`);
    else if (!l.document || l.document.unreadable) opaque.add(`${l.kind} policy \`${l.name}\` (${l.document?.unreadable ?? "unreadable"})${via}`);
    else {
      const source = `${l.kind} policy \`${l.name}\`${via}`;
      for (const g of grantsOf(l.document.statements, catalog)) {
        const k = grantKey(g);
        const prev = grants.get(k);
        grants.set(k, { ...g, sources: [...new Set([...(prev?.sources ?? []), source])].sort() });
      }
    }
  }
  return { grants, opaque };
}

function minus<T>(a: Map<string, T>, b: Map<string, T>): T[] {
  return [...a.entries()].filter(([k]) => !b.has(k)).map(([, v]) => v);
}

/** Options of {@link reviewStack}. */
export interface ReviewStackOptions {
  readonly catalog: ReviewCatalog;
  /** Text describing the base (for the report heading). */
  readonly baseLabel: string;
  /** Resource changes from a plan; given in plan mode. */
  readonly plan?: PlanJson;
}

/** Reviews one stack: `base` may be undefined (no base: everything is new). */
export function reviewStack(head: StackSnapshot, base: StackSnapshot | undefined, opts: ReviewStackOptions): StackReview {
  const { catalog } = opts;
  const headInv = buildInventory(head);
  const baseInv = base ? buildInventory(base) : undefined;

  const planActions = new Map<string, ResourceChange>();
  if (opts.plan) {
    for (const rc of opts.plan.resource_changes ?? []) {
      if (rc.mode === "data" || rc.module_address) continue;
      const a = rc.change.actions;
      const action =
        a.length === 2 && a[0] === "delete" ? "replace (delete, then create)" : a.length === 2 && a[0] === "create" ? "replace (create, then delete)" : a.join(", ");
      if (action === "no-op" || action === "read" || !IAM_RESOURCE.test(rc.type)) continue;
      const paths = (rc.change.replace_paths ?? []).map((p) => p.map(String).join("."));
      const reason = rc.action_reason ? (ACTION_REASONS[rc.action_reason] ?? rc.action_reason) : undefined;
      planActions.set(rc.address, { address: rc.address, action, replaceBecause: paths.length ? paths : undefined, reason });
    }
  }

  const addresses = new Set([...headInv.principals.keys(), ...(baseInv?.principals.keys() ?? [])]);
  const principals: PrincipalChange[] = [];
  let unchanged = 0;
  const extraFlags: Flag[] = [];
  for (const address of [...addresses].sort()) {
    const h = headInv.principals.get(address);
    const b = baseInv?.principals.get(address);
    const hp = permissionsOf(headInv, h, catalog);
    const bp = permissionsOf(baseInv, b, catalog);
    const gained = groupGrants(minus(hp.grants, bp.grants), catalog);
    const lost = groupGrants(minus(bp.grants, hp.grants), catalog);
    const opaqueGained = [...hp.opaque].filter((x) => !bp.opaque.has(x)).sort();
    const opaqueLost = [...bp.opaque].filter((x) => !hp.opaque.has(x)).sort();
    const ht = new Map(trustEntries(h).map((t) => [trustKey(t), t]));
    const bt = new Map(trustEntries(b).map((t) => [trustKey(t), t]));
    const notes: string[] = [];
    const p = (h ?? b)!;
    if (h && b) {
      if (h.name !== b.name) notes.push(`renamed from \`${b.name}\` to \`${h.name}\` (IAM replaces a renamed ${p.kind})`);
      if ((h.permissionsBoundary ?? "") !== (b.permissionsBoundary ?? "")) notes.push(`permissions boundary: ${b.permissionsBoundary ?? "none"} -> ${h.permissionsBoundary ?? "none"}`);
      if ((h.path ?? "/") !== (b.path ?? "/")) notes.push(`path: ${b.path ?? "/"} -> ${h.path ?? "/"}`);
      if (h.maxSessionDuration !== b.maxSessionDuration && (h.maxSessionDuration ?? 3600) !== (b.maxSessionDuration ?? 3600)) {
        notes.push(`maximum session: ${b.maxSessionDuration ?? 3600} s -> ${h.maxSessionDuration ?? 3600} s`);
      }
    }
    for (const ip of h?.instanceProfiles ?? []) if (!b?.instanceProfiles.includes(ip)) notes.push(`instance profile \`${ip}\` added`);
    for (const ip of b?.instanceProfiles ?? []) if (!h?.instanceProfiles.includes(ip)) notes.push(`instance profile \`${ip}\` removed`);
    const groupName = (inv: Inventory | undefined, g: string): string => inv?.principals.get(g)?.name ?? g;
    const hg = new Set((h?.groups ?? []).map((g) => groupName(headInv, g)));
    const bg = new Set((b?.groups ?? []).map((g) => groupName(baseInv, g)));
    for (const g of hg) if (!bg.has(g)) notes.push(`joins group \`${g}\``);
    for (const g of bg) if (!hg.has(g)) notes.push(`leaves group \`${g}\``);
    if (h?.loginProfile && !b?.loginProfile) notes.push("console password (login profile) added");
    if (b?.loginProfile && !h?.loginProfile) notes.push("console password (login profile) removed");
    for (const reason of h?.optOutReasons ?? []) if (!(b?.optOutReasons ?? []).includes(reason)) notes.push(`opt-out ${reason}`);

    let status: PrincipalChange["status"] = !b ? "created" : !h ? "destroyed" : "changed";
    const pa = planActions.get(address);
    if (pa) {
      if (pa.action.startsWith("replace")) {
        status = "replaced";
        notes.push(`Terraform will ${pa.action}${pa.replaceBecause ? ` because ${pa.replaceBecause.map((x) => `\`${x}\``).join(", ")} changed` : ""}`);
      } else if (pa.action === "update") notes.push("Terraform will update it in place");
    }
    const changed = gained.length || lost.length || opaqueGained.length || opaqueLost.length || notes.length || ht.size !== bt.size || [...ht.keys()].some((k) => !bt.has(k));
    if (status === "changed" && !changed) {
      unchanged++;
      continue;
    }
    principals.push({
      kind: p.kind,
      address,
      name: p.name,
      constructPath: p.constructPath,
      status,
      gained,
      lost,
      opaqueGained,
      opaqueLost,
      trustGained: minus(ht, bt),
      trustLost: minus(bt, ht),
      notes,
    });
  }

  // A principal that moved to a new address under the same name is destroyed and re-created.
  if (baseInv && !opts.plan) {
    for (const created of principals.filter((c) => c.status === "created")) {
      const old = principals.find((d) => d.status === "destroyed" && d.kind === created.kind && d.name === created.name);
      if (!old) continue;
      (created.notes as string[]).push(`replaces \`${old.address}\` (same name, new address)`);
      extraFlags.push({
        rule: "address-changed",
        category: "lifecycle",
        severity: "high",
        subject: created.name,
        message: `${created.kind} \`${created.name}\` moves from ${old.address} to ${created.address}: Terraform will destroy and re-create it; add a \`moved\` block if that is not intended.`,
      });
    }
  }

  // Keys.
  const keys: KeyChange[] = [];
  const keyAddresses = new Set([...headInv.keys.keys(), ...(baseInv?.keys.keys() ?? [])]);
  for (const address of [...keyAddresses].sort()) {
    const h = headInv.keys.get(address);
    const b = baseInv?.keys.get(address);
    const k = (h ?? b) as KeyInfo;
    let status: KeyChange["status"] = !b ? "created" : !h ? "destroyed" : "unchanged";
    let reason: string | undefined;
    const pa = planActions.get(address);
    if (pa?.action.startsWith("replace")) {
      status = "rotated";
      reason = pa.reason === ACTION_REASONS.replace_by_triggers ? "its rotation trigger changed" : pa.replaceBecause ? `${pa.replaceBecause.join(", ")} changed` : "Terraform replaces it";
    } else if (h && b) {
      const changedTriggers = h.rotationTriggers.filter((t) => b.rotationTriggers.find((x) => x.address === t.address)?.value !== t.value);
      const names = changedTriggers.map((t) => `\`${t.address}\``).join(", ");
      if (changedTriggers.some((t) => t.value.includes("${"))) {
        // The trigger is an expression (for example a calendar period from plantimestamp()): only a plan knows its value.
        status = "may-rotate";
        reason = `the expression of rotation trigger ${names} changed; a plan shows whether this key is replaced`;
      } else if (changedTriggers.length) {
        status = "rotated";
        reason = `rotation trigger ${names} changed`;
      }
    }
    if (!opts.plan && status === "created" && baseInv) {
      const prev = [...baseInv.keys.values()].find((x) => !headInv.keys.has(x.address) && x.userName === k.userName);
      if (prev) reason = `replaces key ${prev.address} of the same user`;
    }
    keys.push({ address, userName: k.userName, status, reason, secretStores: k.secretStores, idStores: k.idStores });
  }

  // Flags: the head's, marked new unless the base had them; plus plan replacements and deletions.
  const headFlags = [...flagInventory(headInv, catalog), ...extraFlags];
  const baseKeys = new Set(baseInv ? flagInventory(baseInv, catalog).map(flagKey) : []);
  const rawChanges = new Map((opts.plan?.resource_changes ?? []).map((rc) => [rc.address, rc]));
  for (const rc of planActions.values()) {
    const type = rc.address.split(".")[0];
    if (!/^aws_iam_/.test(type)) continue;
    const big = PRINCIPAL_OR_KEY.test(type);
    const fixedName = fixedNameOf(rawChanges.get(rc.address));
    if (rc.action === "replace (create, then delete)" && FIXED_NAME_TYPES.test(type) && fixedName) {
      headFlags.push({
        rule: "fixed-name-replacement",
        category: "lifecycle",
        severity: "critical",
        subject: rc.address,
        message: `the plan replaces ${rc.address} (name \`${fixedName}\`) with create-before-destroy${rc.replaceBecause ? ` (${rc.replaceBecause.join(", ")} changed)` : ""}: this will fail at apply, because IAM names are unique and the old one still holds it. Fix: use name_prefix (namePrefix) instead of a fixed name, give it a new name, or make the change in two steps (remove create_before_destroy first, or rename, apply, then change).`,
      });
    }
    if (rc.action === "delete" && type === "aws_iam_user") {
      const user = baseInv?.principals.get(rc.address);
      const keys = baseInv ? [...baseInv.keys.values()].filter((k) => k.user === rc.address || (user && k.userName === user.name)) : [];
      if (keys.length) {
        headFlags.push({
          rule: "user-with-keys-deleted",
          category: "keys",
          severity: "high",
          subject: rc.address,
          message: `the plan deletes user ${user ? `\`${user.name}\`` : rc.address}, which has ${keys.length === 1 ? "an access key" : `${keys.length} access keys`} (${keys.map((k) => k.address).join(", ")}): whatever uses ${keys.length === 1 ? "it" : "them"} stops working. Move consumers to a new key or role first.`,
        });
      }
    }
    if (rc.action.startsWith("replace")) {
      headFlags.push({
        rule: "iam-replacement",
        category: "lifecycle",
        severity: big ? "high" : "medium",
        subject: rc.address,
        message: `the plan replaces ${rc.address}${rc.replaceBecause ? ` (${rc.replaceBecause.join(", ")} changed)` : rc.reason ? ` (${rc.reason})` : ""}: ${replacementEffect(type)}`,
      });
    } else if (rc.action === "delete") {
      headFlags.push({ rule: "iam-deletion", category: "lifecycle", severity: big ? "high" : "medium", subject: rc.address, message: `the plan deletes ${rc.address}${rc.reason ? ` (${rc.reason})` : ""}.` });
    }
  }
  const seen = new Set<string>();
  const flags: Flag[] = [];
  for (const f of headFlags) {
    const k = flagKey(f);
    if (seen.has(k)) continue;
    seen.add(k);
    flags.push({ ...f, isNew: !baseKeys.has(k) });
  }
  flags.sort((a, b) => compareSeverity(b.severity, a.severity) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject) || a.message.localeCompare(b.message));

  return {
    stack: head.stack,
    mode: opts.plan ? "plan" : "config",
    base: opts.baseLabel,
    principals,
    unchangedPrincipals: unchanged,
    keys,
    flags,
    resourceChanges: opts.plan ? [...planActions.values()].sort((a, b) => a.address.localeCompare(b.address)) : undefined,
    maxSeverity: maxSeverity(flags.map((f) => f.severity)),
  };
}

const FIXED_NAME_TYPES = /^aws_iam_(role|user|group|policy|instance_profile)$/;

/** The fixed `name` of a planned resource (not a `name_prefix`), or undefined. */
function fixedNameOf(rc: { change: { before?: unknown; after?: unknown } } | undefined): string | undefined {
  for (const side of [rc?.change.after, rc?.change.before]) {
    if (!side || typeof side !== "object") continue;
    const o = side as Record<string, unknown>;
    if (typeof o.name_prefix === "string" && o.name_prefix) return undefined;
    if (typeof o.name === "string" && o.name) return o.name;
  }
  return undefined;
}

function replacementEffect(type: string): string {
  switch (type) {
    case "aws_iam_role":
      return "sessions and instance profiles lose it while it is re-created, and its unique id changes (trust policies naming it by ARN elsewhere break).";
    case "aws_iam_user":
      return "its keys and console password are deleted with it.";
    case "aws_iam_access_key":
      return "the old key stops working; consumers must read the new secret.";
    case "aws_iam_policy":
      return "it is detached from every principal while it is re-created.";
    default:
      return "the permissions it carries are missing while it is re-created.";
  }
}
