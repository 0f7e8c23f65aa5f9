/**
 * Flags computed from effective permissions (modules/analysis through ./model): catalogued escalation paths,
 * assuming a powerful role of the stack, risky grants that are not escalation (cloudsplaining's credentials-exposure,
 * data-exfiltration and resource-exposure categories), who can read and decrypt each stored access key, and customer
 * managed policies attached to nobody.
 */
import { analyseDocument, buildPrincipal, credentialReaders, decide, effectivePermissions, globIntersects, type EffectiveGrant, type Principal } from "../analysis";
import type { ReviewCatalog } from "./catalog";
import { ESCALATION_PATHS } from "./escalation/catalogue";
import { EscalationAnalysis, trustAdmits, type PathHit } from "./escalation/check";
import type { Category } from "./flags";
import type { Inventory } from "./inventory";
import { buildStackModel, parameterArnPattern, type StackModel } from "./model";
import type { Severity } from "./severity";

/** Actions that hand out credentials (cloudsplaining's credentials-exposure list, as read; our selection). */
export const CREDENTIAL_EXPOSURE_ACTIONS = [
  "ecr:GetAuthorizationToken",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "iam:UpdateAccessKey",
  "iam:UploadSSHPublicKey",
  "redshift:GetClusterCredentials",
  "redshift-serverless:GetCredentials",
  "sts:GetFederationToken",
  "ec2:GetPasswordData",
  "lightsail:GetInstanceAccessDetails",
  "lightsail:GetRelationalDatabaseMasterUserPassword",
  "rds-db:connect",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
];

/** Actions that read data in bulk (cloudsplaining's data-exfiltration list, as read; our selection). */
export const DATA_EXFILTRATION_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "rds:CopyDBSnapshot", "ec2:CreateSnapshot", "ebs:GetSnapshotBlock", "kms:Decrypt", "sqs:ReceiveMessage"];

/** Actions that change who can reach a resource (resource-based policies and sharing): resource exposure. */
export const RESOURCE_EXPOSURE_ACTIONS = [
  "s3:PutBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutObjectAcl",
  "s3:DeletePublicAccessBlock",
  "s3:PutBucketPublicAccessBlock",
  "kms:PutKeyPolicy",
  "kms:CreateGrant",
  "secretsmanager:PutResourcePolicy",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sqs:SetQueueAttributes",
  "sqs:AddPermission",
  "lambda:AddPermission",
  "ecr:SetRepositoryPolicy",
  "glacier:SetVaultAccessPolicy",
  "ec2:ModifySnapshotAttribute",
  "ec2:ModifyImageAttribute",
  "rds:ModifyDBSnapshotAttribute",
  "backup:PutBackupVaultAccessPolicy",
  "logs:PutResourcePolicy",
  "ram:CreateResourceShare",
];

const RISKY: readonly { category: Category; rule: string; actions: readonly string[]; what: string }[] = [
  { category: "credential-exposure", rule: "credential-exposure-grant", actions: CREDENTIAL_EXPOSURE_ACTIONS, what: "hand out credentials or secrets" },
  { category: "data-exfiltration", rule: "data-exfiltration-grant", actions: DATA_EXFILTRATION_ACTIONS, what: "read data in bulk" },
  { category: "resource-exposure", rule: "resource-exposure-grant", actions: RESOURCE_EXPOSURE_ACTIONS, what: "open resources to other principals or accounts" },
];

type Add = (rule: string, category: Category, severity: Severity, subject: string, message: string, source?: string) => void;

function short(list: readonly string[], max = 3): string {
  return list.length <= max ? list.join(", ") : `${list.slice(0, max).join(", ")} and ${list.length - max} more`;
}

function sourceText(hit: PathHit): string {
  return hit.path.sources.map((s) => `${s.catalogue} ${s.id}`).join("; ");
}

/** The permission flags of one inventory. */
export function permissionFlags(inv: Inventory, catalog: ReviewCatalog, add: Add): StackModel {
  const model = buildStackModel(inv);
  const analysis = new EscalationAnalysis(model);
  const name = (address: string): string => inv.principals.get(address)?.name ?? address;
  const who = (address: string): string => `${inv.principals.get(address)?.kind ?? "principal"} \`${name(address)}\``;
  const admins = new Set<string>();

  for (const [address, p] of model.principals) {
    if (isAdministratorGrants((a) => analysis.grantsFor(p, a))) {
      admins.add(address);
      continue; // reported by admin-access: the paths it implies are noise
    }
    for (const hit of analysis.pathsOf(address)) {
      const sev: Severity = hit.status === "allowed" ? "high" : "medium";
      const pass = hit.passes ? ` (passing ${hit.passes})` : "";
      const bound = hit.status === "conditional" ? ` Upper bound: ${hit.note ?? "conditions the review cannot decide"}.` : hit.note ? ` ${hit.note}.` : "";
      add(hit.path.id, "privilege-escalation", sev, name(address), `${who(address)} can ${hit.path.how}: ${hit.path.actions.join(" + ")}${pass} (from ${short(hit.sources)}).${bound}`, sourceText(hit));
    }
  }

  // Assuming a powerful role of the same stack (pathfinding.cloud sts-001, PMapper STSEdgeChecker).
  const assumePath = ESCALATION_PATHS.find((x) => x.id === "escalation.sts-assume-role")!;
  for (const [roleAddress, role] of model.principals) {
    if (role.kind !== "role" || !analysis.isPowerful(roleAddress)) continue;
    const roleArn = model.arns.get(roleAddress);
    if (!roleArn) continue;
    const trust = typeof role.input.trustPolicy === "string" ? analyseDocument(role.input.trustPolicy, "trust") : undefined;
    if (!trust || !trust.statements.some((x) => x.effect === "Allow" && x.principal && JSON.stringify(x.principal).includes("AWS"))) continue;
    for (const [address, p] of model.principals) {
      if (address === roleAddress || p.kind === "group" || admins.has(address) || analysis.isPowerful(address)) continue;
      const arn = model.arns.get(address);
      if (!arn) continue;
      const admits = trustAdmits(trust, arn);
      if (admits === "no") continue;
      // A trust naming the principal needs no identity grant in the same account, but an explicit Deny still wins.
      if (decide(p, "sts:AssumeRole", roleArn).decision === "denied") continue;
      const grants = analysis.grantsFor(p, "sts:AssumeRole").filter((g) => g.resource === "*" || g.resource === roleArn || (g.resource.includes("*") && new RegExp(`^${g.resource.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(roleArn)));
      if (admits === "account" && !grants.length) continue;
      const certain = admits === "direct" || grants.some((g) => g.status === "allowed");
      add(
        assumePath.id,
        "privilege-escalation",
        certain ? "high" : "medium",
        name(address),
        `${who(address)} can assume ${who(roleAddress)}, which is administrator-like or can escalate (its trust admits ${admits === "direct" ? "it by name" : "its account, and its policies allow sts:AssumeRole"}).${certain ? "" : " Upper bound: conditions the review cannot decide."}`,
        assumePath.sources.map((s) => `${s.catalogue} ${s.id}`).join("; "),
      );
    }
  }

  // Risky grants that are not escalation, on every resource.
  for (const [address, p] of model.principals) {
    if (admins.has(address)) continue;
    for (const r of RISKY) {
      // Grants a user gets through a group are flagged once, on the group.
      const star = effectivePermissions(p, { actions: r.actions }).filter((g) => g.resource === "*" && !g.except && g.grantedBy.some((x) => !/\(through group /.test(x.source)) && !(p.kind === "user" && g.grantedBy.every((x) => /\(through group |of group /.test(x.source))));
      if (!star.length) continue;
      const acts = [...new Set(star.map((g) => catalog.facts(g.action).action))].sort();
      add(r.rule, r.category, "medium", name(address), `${who(address)} may ${r.what} on every resource: ${short(acts, 4)} (from ${short([...new Set(star.flatMap((g) => g.grantedBy.map((s) => s.source)))])}).`);
    }
  }

  // Who can read and decrypt each stored access key (the same computation as the synth-time exposure check).
  credentialExposure(inv, model, add, name, who, admins);

  // Customer managed policies attached to nobody: what they would grant, so a reviewer sees them.
  const attached = new Set<string>();
  for (const p of inv.principals.values()) for (const l of p.policies) if (l.address && inv.managedPolicies.has(l.address)) attached.add(l.address);
  for (const [address, m] of inv.managedPolicies) {
    if (attached.has(address)) continue;
    const holder = buildPrincipal({ kind: "role", name: `(holder of ${m.name})`, policies: m.document.unreadable ? [] : [{ kind: "managed", name: m.name, document: model.resolve(m.raw) }] });
    const grants = effectivePermissions(holder, { actions: [...CREDENTIAL_EXPOSURE_ACTIONS, "kms:Decrypt", ...new Set(ESCALATION_PATHS.flatMap((x) => x.actions))] });
    const acts = [...new Set(grants.map((g) => catalog.facts(g.action).action))].sort();
    const reads = grants.some((g) => /^ssm:GetParameter|^secretsmanager:GetSecretValue/.test(g.action));
    add(
      "unattached-policy",
      reads ? "credential-exposure" : "lifecycle",
      "low",
      m.name,
      `customer managed policy \`${m.name}\` (${address}) is attached to no principal of this stack${acts.length ? `; whoever gets it may ${short(acts, 4)}` : ""}. Attach it, or say where it is used (another account's role, a later stack).`,
    );
  }
  return model;
}

const ADMIN_PROBES = ["iam:PutRolePolicy", "iam:AttachUserPolicy", "iam:CreatePolicyVersion", "iam:PassRole", "iam:UpdateAssumeRolePolicy"];

/** True when the principal may do every action on every resource (or `iam:*` on every resource). */
export function isAdministrator(p: Principal): boolean {
  const g = effectivePermissions(p, { actions: ADMIN_PROBES });
  return isAdministratorGrants((a) => g.filter((x) => x.action.toLowerCase() === a.toLowerCase()));
}

function isAdministratorGrants(grantsFor: (action: string) => readonly EffectiveGrant[]): boolean {
  return ADMIN_PROBES.every((a) => grantsFor(a).some((x) => x.status === "allowed" && x.resource === "*" && !x.except));
}

function credentialExposure(inv: Inventory, model: StackModel, add: Add, name: (a: string) => string, who: (a: string) => string, admins: ReadonlySet<string>): void {
  const region = "eu-west-1";
  const account = "123456789012";
  const stores = new Map<string, { parameter: string; key?: string; keys: string[]; users: Set<string> }>();
  for (const k of inv.keys.values()) {
    for (const s of k.secretStores) {
      if (!s.name || s.name === s.address) continue;
      const e = stores.get(s.address) ?? { parameter: s.name, key: s.kmsKey, keys: [], users: new Set<string>() };
      e.keys.push(k.address);
      if (k.user) e.users.add(k.user);
      stores.set(s.address, e);
    }
  }
  if (!stores.size) return;
  // Only principals with some parameter read can be readers: find them once, with the resources they may read.
  const READS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath"];
  const readable = new Map<string, string[]>();
  for (const [address, p] of model.principals) {
    if (p.kind === "group") continue;
    const resources = effectivePermissions(p, { actions: READS }).map((g) => g.resource);
    if (resources.length) readable.set(address, resources);
  }
  // With a customer managed key, a reader also needs kms:Decrypt on it: most principals have none.
  const decryptors = new Map<string, string[]>();
  for (const [address, p] of model.principals) {
    if (p.kind === "group" || !readable.has(address)) continue;
    decryptors.set(address, effectivePermissions(p, { actions: ["kms:Decrypt"] }).map((g) => g.resource));
  }
  // Index the read grants: exact parameter paths in a map, wildcard ones in a list (checked per parameter).
  const PARAM = /^arn:[^:]*:ssm:[^:]*:[^:]*:parameter(\/[^*?]*)?$/;
  const byPath = new Map<string, Set<string>>();
  const wild: [string, string][] = [];
  for (const [address, resources] of readable) {
    for (const r of resources) {
      const m = PARAM.exec(r);
      if (m) {
        const k = (m[1] ?? "/").replace(/\/$/, "") || "/";
        if (!byPath.has(k)) byPath.set(k, new Set());
        byPath.get(k)!.add(address);
      } else wild.push([address, r]);
    }
  }
  for (const [address, s] of stores) {
    const own = parameterArnPattern(s.parameter);
    const ancestors = own.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
    const paramPath = s.parameter.startsWith("/") ? s.parameter : `/${s.parameter}`;
    const pathKeys = paramPath.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/") || "/");
    const near = new Set<string>();
    for (const k of pathKeys) for (const a of byPath.get(k) ?? []) near.add(a);
    for (const [a, r] of wild) if (!near.has(a) && (globIntersects(r, own) || ancestors.some((x) => globIntersects(r, x)))) near.add(a);
    const keyRef0 = s.key && /^\$\{aws_kms_key\.([A-Za-z0-9_-]+)\./.exec(s.key);
    const keyPattern = keyRef0 ? `arn:*:kms:*:*:key/${keyRef0[1]}` : s.key && !s.key.includes("${") ? s.key : undefined;
    const principals = [...near].map((a) => [a, model.principals.get(a)!] as const).filter(([a]) => !s.key || (decryptors.get(a) ?? []).some((r) => (keyPattern ? globIntersects(r, keyPattern) : true)));
    if (!principals.length) continue;
    const parameterArn = parameterArnPattern(s.parameter).replace("arn:*:ssm:*:*:", `arn:aws:ssm:${region}:${account}:`);
    let kmsKey: string | undefined;
    const keyRef = s.key && /^\$\{aws_kms_key\.([A-Za-z0-9_-]+)\./.exec(s.key);
    if (keyRef) kmsKey = `arn:aws:kms:${region}:${account}:key/${keyRef[1]}`;
    else if (s.key) kmsKey = s.key.includes("${") ? `unknown-key:${s.key}` : s.key;
    const result = credentialReaders(
      principals.map(([, p]) => p),
      { parameterArn, ...(kmsKey ? { kmsKey } : {}) },
    );
    result.forEach((r, i) => {
      if (r.access === "no") return;
      const holder = principals[i][0];
      if (s.users.has(holder) || admins.has(holder)) return; // the key's own user; administrators are flagged as such
      const via = r.read.decision.allowedBy.map((x) => x.source);
      // A grant naming this very parameter is a declared reader; a wildcard or AWS managed grant exposes the key.
      const own = parameterArnPattern(s.parameter);
      const declared = effectivePermissions(principals[i][1], { actions: [r.read.action] }).some((g) => g.resource === own);
      const from = via.length ? ` (from ${short([...new Set(via)])})` : "";
      const aws = r.decrypt === "aws-managed-key" ? "; the default aws/ssm key lets every reader decrypt" : "";
      if (declared) {
        add("credential-reader", "credential-exposure", "info", name(holder), `${who(holder)} is a declared reader of the secret of ${s.keys.join(", ")} in \`${s.parameter}\`${from}${aws}.`);
        return;
      }
      add(
        "credential-exposure",
        "credential-exposure",
        r.access === "yes" ? "high" : "medium",
        name(holder),
        `${who(holder)} can ${r.access === "yes" ? "" : "perhaps "}read and decrypt the secret of ${s.keys.join(", ")} in \`${s.parameter}\` (${address}) through ${r.read.action} on a broad resource${from}${aws}${r.access === "yes" ? "" : " (upper bound: conditions the review cannot decide)"}. Grant reads on this parameter explicitly to its readers only, and encrypt it with a customer managed key whose policy names them.`,
      );
    });
  }
}
