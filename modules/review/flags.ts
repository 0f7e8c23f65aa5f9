/**
 * Risk rules. Each rule has an id, a severity and a one-line reason, in the manner of cdk-nag:
 * a reviewer reads the line and knows what to look at. Rules look at the stack as it will be
 * (the head side); the report marks which flags are new compared with the base.
 */
import type { ReviewCatalog } from "./catalog";
import { grantsOf, type Grant, type ParsedDocument } from "./grants";
import { ESCALATION_PATHS } from "./escalation/catalogue";
import { effectivePolicies, type Inventory, type PrincipalInfo, type SecretStore } from "./inventory";
import { isAdministrator, permissionFlags } from "./permission-flags";
import { buildPrincipal, effectivePermissions } from "../analysis";
import type { StackModel } from "./model";
import type { Severity } from "./severity";

/** The fixed set of flag categories (`review.json` carries one on every flag). */
export const CATEGORIES = ["privilege-escalation", "credential-exposure", "data-exfiltration", "resource-exposure", "administrator", "trust", "keys", "limits", "lifecycle"] as const;

/** What kind of risk a flag is. */
export type Category = (typeof CATEGORIES)[number];

/** One risk found in a stack. */
export interface Flag {
  /** Rule id, for example `passrole-star` or `escalation.lambda-update-code`. */
  readonly rule: string;
  readonly category: Category;
  readonly severity: Severity;
  /** What it is about: a principal's name, a resource address, a parameter name. */
  readonly subject: string;
  /** The reason, one line. */
  readonly message: string;
  /** The public catalogue paths the rule comes from (`pathfinding.cloud lambda-003; rhino method-17`), when any. */
  readonly source?: string;
  /** True when the base does not have the same flag (always true without a base). */
  isNew?: boolean;
}

/** A rule of the review: default severity, category, what it catches, and its catalogue sources. */
export interface RuleInfo {
  readonly severity: Severity;
  readonly category: Category;
  readonly summary: string;
  readonly sources?: string;
}

const GENERIC_RULES: Readonly<Record<string, RuleInfo>> = {
  "admin-access": { severity: "critical", category: "administrator", summary: "Allow of every action (`*`, or every IAM action `iam:*`) on every resource, written or through an AWS managed policy's document (AdministratorAccess, IAMFullAccess)." },
  "wildcard-action": { severity: "high", category: "administrator", summary: "`*` actions on some resources, `service:*` actions (high on `*` resources, medium otherwise); partial wildcards such as `s3:Get*` are low." },
  "wildcard-resource": { severity: "medium", category: "administrator", summary: "Write, permissions-management or tagging actions on `*` resources (low when only read/list); actions without resource-level permissions are not counted." },
  "not-action": { severity: "high", category: "administrator", summary: "Allow with NotAction: grants everything not listed, including future actions." },
  "not-resource": { severity: "medium", category: "administrator", summary: "Allow with NotResource: grants on everything not listed." },
  "passrole-star": { severity: "medium", category: "privilege-escalation", summary: "iam:PassRole on any role (after Deny statements): alone it runs nothing, but any service the principal can drive may get any role. The escalation.* rules flag the combinations." },
  "assume-any-role": { severity: "medium", category: "trust", summary: "sts:AssumeRole on `*`: the principal can assume every role that trusts its account." },
  "trust-anyone": { severity: "critical", category: "trust", summary: "A trust policy allowing `*` (anyone); high when a condition narrows it." },
  "trust-federated-unconditioned": { severity: "high", category: "trust", summary: "A trust for a federated provider without any condition (any identity of the provider)." },
  "trust-cross-account": { severity: "medium", category: "trust", summary: "A trust for another account's root without `sts:ExternalId` or `aws:PrincipalOrgID` condition." },
  "long-lived-key": { severity: "medium", category: "keys", summary: "An IAM user with an access key: long-lived credentials that must be rotated." },
  "console-password": { severity: "low", category: "keys", summary: "An IAM user with a console password (login profile)." },
  "secret-not-encrypted": { severity: "critical", category: "credential-exposure", summary: "A key's secret written to a non-SecureString parameter, or to `insecure_value`." },
  "secret-exposed": { severity: "critical", category: "credential-exposure", summary: "A key's secret flowing to an output or another resource (high when the output is sensitive)." },
  "secret-default-kms-key": { severity: "medium", category: "credential-exposure", summary: "A key's secret in a SecureString encrypted with the account's default `aws/ssm` key, which no key policy can restrict." },
  "secret-copy-in-state": { severity: "low", category: "credential-exposure", summary: "A key's secret written through `value` rather than the write-only `value_wo`: the parameter keeps a copy in state." },
  "credential-exposure": { severity: "high", category: "credential-exposure", summary: "A principal other than the declared readers can read and decrypt a stored access key (a broad ssm read with kms:Decrypt, or the default aws/ssm key); medium when only under undecidable conditions. Same computation as the synth-time exposure check (modules/analysis credentialReaders)." },
  "credential-reader": { severity: "info", category: "credential-exposure", summary: "A declared reader of a stored access key (a grant naming the parameter itself)." },
  "credential-exposure-grant": { severity: "medium", category: "credential-exposure", summary: "Actions that hand out credentials or secrets (ecr:GetAuthorizationToken, secretsmanager:GetSecretValue, ssm:GetParameter, ...) on every resource (cloudsplaining's credentials-exposure category)." },
  "data-exfiltration-grant": { severity: "medium", category: "data-exfiltration", summary: "Bulk data reads (s3:GetObject, dynamodb:Scan, kms:Decrypt, ...) on every resource (cloudsplaining's data-exfiltration category)." },
  "resource-exposure-grant": { severity: "medium", category: "resource-exposure", summary: "Actions that rewrite resource policies or sharing (s3:PutBucketPolicy, kms:PutKeyPolicy, ...) on every resource (cloudsplaining's resource-exposure category)." },
  "unattached-policy": { severity: "low", category: "lifecycle", summary: "A customer managed policy attached to no principal of the stack, with what it would grant (credential-exposure when it reads secrets)." },
  "policy-size": { severity: "medium", category: "limits", summary: "A policy at 90% or more of its AWS size limit (high when over it: the apply will fail)." },
  "unreadable-policy": { severity: "low", category: "limits", summary: "A policy computed at apply time (a data source, a function): its permissions cannot be reviewed here." },
  "external-policy": { severity: "info", category: "limits", summary: "A customer managed policy from outside the stack: its permissions are not shown." },
  "iam-replacement": { severity: "high", category: "lifecycle", summary: "A plan replaces an IAM resource (high for roles, users, groups and keys; medium for others)." },
  "iam-deletion": { severity: "high", category: "lifecycle", summary: "A plan deletes an IAM resource (high for roles, users, groups and keys; medium for others)." },
  "fixed-name-replacement": { severity: "critical", category: "lifecycle", summary: "A plan replaces a fixed-name role, user, group, policy or instance profile with create-before-destroy: the create fails at apply (the name is taken)." },
  "user-with-keys-deleted": { severity: "high", category: "keys", summary: "A plan deletes a user that has access keys: whatever uses them stops working." },
  "address-changed": { severity: "high", category: "lifecycle", summary: "A principal keeps its name but moves to a new address: Terraform destroys and re-creates it unless a `moved` block says otherwise." },
};

/** Every rule: the generic ones and one per catalogued escalation path (`escalation.*`). The README lists them from here. */
export const RULES: Readonly<Record<string, RuleInfo>> = {
  ...GENERIC_RULES,
  ...Object.fromEntries(
    ESCALATION_PATHS.map((p) => [
      p.id,
      { severity: "high" as Severity, category: "privilege-escalation" as Category, summary: `${p.actions.join(" + ")}: ${p.how} (medium when only an upper bound).`, sources: p.sources.map((s) => `${s.catalogue} ${s.id}`).join("; ") },
    ]),
  ),
};

/** Size limits (non-whitespace characters), as AWS enforces them by default. */
export const SIZE_LIMITS = { managed: 6144, roleInlineTotal: 10240, userInlineTotal: 2048, groupInlineTotal: 5120, trust: 2048 } as const;

const READ_LEVELS = new Set(["Read", "List"]);

function isStar(resource: string): boolean {
  return resource === "*" || resource === "arn:*" || /^arn:\*:\*/.test(resource);
}

function short(list: readonly string[], max = 4): string {
  return list.length <= max ? list.join(", ") : `${list.slice(0, max).join(", ")} and ${list.length - max} more`;
}

/** The flags of one inventory (the stack as it is in that snapshot). */
export function flagInventory(inv: Inventory, catalog: ReviewCatalog): Flag[] {
  const flags: Flag[] = [];
  const add = (rule: string, subject: string, message: string, severity?: Severity): void => {
    flags.push({ rule, category: RULES[rule].category, severity: severity ?? RULES[rule].severity, subject, message });
  };
  // Effective permissions: escalation paths, risky grants, credential exposure, unattached policies.
  const model = permissionFlags(inv, catalog, (rule, category, severity, subject, message, source) => flags.push({ rule, category, severity, subject, message, ...(source ? { source } : {}) }));
  modelCache.set(inv, model);

  // Policies: size and readability (each document once).
  for (const [address, m] of inv.managedPolicies) sizeFlag(add, `customer managed policy \`${m.name}\``, address, m.document, SIZE_LIMITS.managed);
  for (const p of inv.principals.values()) {
    const who = `${p.kind} \`${p.name}\``;
    if (p.trust) {
      sizeFlag(add, `trust policy of ${who}`, p.address, p.trust, SIZE_LIMITS.trust);
      trustFlags(add, p, p.trust);
    }
    const inline = p.policies.filter((l) => l.kind === "inline" && l.document && !l.document.unreadable);
    const limit = p.kind === "role" ? SIZE_LIMITS.roleInlineTotal : p.kind === "user" ? SIZE_LIMITS.userInlineTotal : SIZE_LIMITS.groupInlineTotal;
    const total = inline.reduce((n, l) => n + (l.document?.size ?? 0), 0);
    if (inline.length) sizeFlag(add, `inline policies of ${who} (together)`, p.address, { statements: [], size: total, sizeEstimated: inline.some((l) => l.document?.sizeEstimated) }, limit);
    for (const l of p.policies) {
      if (l.document?.unreadable) add("unreadable-policy", p.name, `${l.kind} policy \`${l.name}\` of ${who} is ${l.document.unreadable}; review it by hand.`);
      if (l.kind === "external") add("external-policy", p.name, `${who} gets the customer managed policy \`${l.name}\` from outside this stack; its permissions are not shown.`);
    }
    principalPermissionFlags(add, inv, p, catalog);
  }

  // Keys and where their secrets go.
  const keysByUser = new Map<string, string[]>();
  for (const k of inv.keys.values()) keysByUser.set(k.userName, [...(keysByUser.get(k.userName) ?? []), k.address]);
  for (const [user, addresses] of keysByUser) {
    const what = addresses.length === 1 ? `a long-lived access key (${addresses[0]})` : `${addresses.length} long-lived access key slots (${addresses.join(", ")})`;
    add("long-lived-key", user, `user \`${user}\` has ${what}; rotate ${addresses.length === 1 ? "it" : "them"} and prefer roles where possible.`);
  }
  // One flag per parameter, naming every key whose secret it may hold (two rotation slots share one parameter).
  const stores = new Map<string, { store: SecretStore; keys: string[] }>();
  for (const k of inv.keys.values()) {
    for (const s of k.secretStores) {
      const e = stores.get(`${s.address}|${s.argument}`);
      if (e) e.keys.push(k.address);
      else stores.set(`${s.address}|${s.argument}`, { store: s, keys: [k.address] });
    }
  }
  for (const { store: s, keys } of stores.values()) {
    const where = `\`${s.name ?? s.address}\``;
    const of = `the secret of ${keys.join(", ")}`;
    if (s.argument === "insecure_value" || (s.type ?? "String") !== "SecureString") {
      add("secret-not-encrypted", s.name ?? s.address, `${of} is written to ${where} as ${s.argument === "insecure_value" ? "insecure_value" : `a ${s.type ?? "String"} parameter`}, not encrypted.`);
    } else if (!s.kmsKey) {
      add("secret-default-kms-key", s.name ?? s.address, `${of} in ${where} is encrypted with the default aws/ssm key; use a customer managed KMS key so its key policy can restrict readers.`);
    }
    if (s.argument === "value") add("secret-copy-in-state", s.name ?? s.address, `${of} is written to ${where} through \`value\`; use \`value_wo\` so the parameter keeps no copy in state.`);
  }
  for (const k of inv.keys.values()) {
    for (const s of k.secretLeaks) {
      const sensitive = s.argument === "sensitive output";
      add("secret-exposed", s.address, `the secret of ${k.address} flows to ${s.address}${sensitive ? " (marked sensitive, still in state and plan files)" : ""}; store it only in SSM.`, sensitive ? "high" : "critical");
    }
  }
  for (const p of inv.principals.values()) {
    if (p.loginProfile) add("console-password", p.name, `user \`${p.name}\` gets a console password; service users should not need one.`);
  }
  return flags;
}

type AddFlag = (rule: string, subject: string, message: string, severity?: Severity) => void;

function sizeFlag(add: AddFlag, what: string, subject: string, doc: ParsedDocument, limit: number): void {
  if (doc.unreadable || doc.size < limit * 0.9) return;
  const pct = Math.round((doc.size / limit) * 100);
  const est = doc.sizeEstimated ? "about " : "";
  if (doc.size > limit) add("policy-size", subject, `${what} is ${est}${doc.size} characters, over the ${limit} limit (${pct}%): the apply will fail.`, "high");
  else add("policy-size", subject, `${what} is ${est}${doc.size} of ${limit} characters (${pct}%): near the limit.`);
}

function trustFlags(add: AddFlag, p: PrincipalInfo, trust: ParsedDocument): void {
  for (const s of trust.statements) {
    if (s.effect !== "Allow") continue;
    for (const pr of s.principals) {
      const [type, value] = [pr.slice(0, pr.indexOf(":")), pr.slice(pr.indexOf(":") + 1)];
      if (value === "*") {
        add("trust-anyone", p.name, `role \`${p.name}\` can be assumed by anyone (${pr})${s.condition ? " under a condition" : ""}.`, s.condition ? "high" : "critical");
      } else if (type === "Federated" && !s.condition) {
        add("trust-federated-unconditioned", p.name, `role \`${p.name}\` trusts every identity of ${value} (no condition on audience or subject).`);
      } else if (type === "AWS" && /^(?:arn:[^:]+:iam::\d{12}:root|\d{12})$/.test(value)) {
        if (!s.conditionKeys.includes("sts:externalid") && !s.conditionKeys.includes("aws:principalorgid")) {
          add("trust-cross-account", p.name, `role \`${p.name}\` trusts every principal of account ${value.replace(/^arn:[^:]+:iam::(\d{12}):root$/, "$1")} without an sts:ExternalId or aws:PrincipalOrgID condition.`);
        }
      }
    }
  }
}

function principalPermissionFlags(add: AddFlag, inv: Inventory, p: PrincipalInfo, catalog: ReviewCatalog): void {
  const who = `${p.kind} \`${p.name}\``;
  const links = effectivePolicies(inv, p);
  const grants: (Grant & { from: string })[] = [];
  let admin = false;
  for (const l of links) {
    const reasons = l.document?.optOutReasons ?? [];
    const given = reasons.length > 0 ? `; reason given: ${reasons.map((r) => `"${r}"`).join(", ")}` : "";
    const from = `${l.kind === "inline" ? "inline" : l.kind === "managed" ? "managed" : "AWS managed"} policy \`${l.name}\`${l.viaGroup ? ` via group \`${l.viaGroup}\`` : ""}${given}`;
    if (l.kind === "aws-managed") {
      // Judged by its document (modules/analysis data): an administrator policy is critical; escalation paths it
      // opens are flagged per path by permissionFlags.
      const holder = buildPrincipal({ kind: "role", name: "(holder)", policies: [{ kind: "aws-managed", arn: l.arn, name: l.name }] });
      if (isAdministrator(holder)) {
        admin = true;
        add("admin-access", p.name, `${who} gets ${l.name} (${from}), whose document allows every IAM action on every resource: full control of the account.`, "critical");
      }
      continue;
    }
    if (!l.document || l.document.unreadable) continue;
    for (const s of l.document.statements) {
      if (s.effect !== "Allow") continue;
      const written = s.actions;
      const res = s.notResources ? ["(NotResource)"] : s.resources;
      const starRes = res.some(isStar);
      if (s.notActions) add("not-action", p.name, `${who} is allowed everything except ${short(s.notActions)} (${from}).`);
      if (s.notResources) add("not-resource", p.name, `${who} is allowed ${short(written)} on everything except ${short(s.notResources)} (${from}).`);
      for (const a of written) {
        if (a === "*" || a === "*:*" || (/^iam:\*$/i.test(a) && starRes)) {
          const what = a.toLowerCase().startsWith("iam") ? "every IAM action (iam:*)" : "every action";
          if (starRes) {
            admin = true;
            add("admin-access", p.name, `${who} is allowed ${what} on every resource (${from}).`, "critical");
          } else add("wildcard-action", p.name, `${who} is allowed every action on ${short(res)} (${from}).`, "high");
        } else if (/^[^:]+:\*$/.test(a)) {
          add("wildcard-action", p.name, `${who} is allowed all ${a.split(":")[0]} actions (${a}) on ${starRes ? "every resource" : short(res)} (${from}).`, starRes ? "high" : "medium");
        } else if (/[*?]/.test(a)) {
          const n = catalog.expand(a).length;
          add("wildcard-action", p.name, `${who} is allowed ${a}, which expands to ${n} action${n === 1 ? "" : "s"} today and may grow (${from}).`, "low");
        }
      }
    }
    for (const g of grantsOf(l.document.statements, catalog)) grants.push({ ...g, from });
  }
  if (admin) return; // already administrator: the rest is noise

  const allowed = grants.filter((g) => g.effect === "Allow");
  // Wildcard resources on write actions: one flag per principal and policy.
  const starWrites = new Map<string, Set<string>>();
  const starReads = new Map<string, Set<string>>();
  for (const g of allowed) {
    if (!isStar(g.resource) || g.action === "*" || g.action.startsWith("NotAction")) continue;
    // Actions without resource-level permissions (ec2:DescribeInstances, ...) only work on `*`: nothing to narrow.
    if (!catalog.facts(g.action).resourceScoped) continue;
    const m = READ_LEVELS.has(g.accessLevel) ? starReads : starWrites;
    if (!m.has(g.from)) m.set(g.from, new Set());
    m.get(g.from)!.add(g.action);
  }
  for (const [from, acts] of starWrites) add("wildcard-resource", p.name, `${who} may ${short([...acts].sort(), 3)} on every resource (\`*\`) (${from}).`, "medium");
  for (const [from, acts] of starReads) {
    if (!starWrites.has(from)) add("wildcard-resource", p.name, `${who} may read or list (${short([...acts].sort(), 3)}) on every resource (\`*\`) (${from}).`, "low");
  }

  // PassRole on any role and AssumeRole on every role, after Deny statements (the model's effective grants).
  const has = (action: string): (Grant & { from: string })[] => allowed.filter((g) => g.action.toLowerCase() === action.toLowerCase());
  const passStar = has("iam:PassRole").filter((g) => isStar(g.resource) || /^arn:[^:]+:iam::[^:]*:role\/\*$/.test(g.resource));
  if (passStar.length && effectiveOnStar(inv, p, "iam:PassRole")) {
    add("passrole-star", p.name, `${who} may pass any role (iam:PassRole on ${passStar[0].resource}) (${passStar[0].from}).`);
  }
  const assume = has("sts:AssumeRole").filter((g) => isStar(g.resource));
  if (assume.length && effectiveOnStar(inv, p, "sts:AssumeRole")) add("assume-any-role", p.name, `${who} may call sts:AssumeRole on every role (\`*\`) (${assume[0].from}).`);
}

/** True when the action survives Deny statements on some role (the effective-permission model decides). */
function effectiveOnStar(inv: Inventory, p: PrincipalInfo, action: string): boolean {
  const model = modelCache.get(inv);
  const principal = model?.principals.get(p.address);
  if (!principal) return true;
  return effectivePermissions(principal, { actions: [action] }).some((g) => g.status === "allowed" && (g.resource === "*" || /:role\/\*$/.test(g.resource)) && !g.except);
}

const modelCache = new WeakMap<Inventory, StackModel>();

/** The identity of a flag, for telling new flags from ones already in the base. */
export function flagKey(f: Flag): string {
  return `${f.rule}|${f.subject}|${f.message}`;
}
