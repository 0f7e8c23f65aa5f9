/**
 * Rule "credential-exposure": no principal of the app other than a stored credential's declared readers can both
 * read the SSM parameter holding an access key secret and decrypt it.
 *
 * Built on the effective-permission model (modules/analysis, `credentialReaders`), the same one the review uses:
 * every policy of each role, user and group of the app (inline, customer managed, AWS managed by its real
 * document from the committed data, its groups' policies), Deny subtracted, permissions boundary applied.
 * A declared reader is a principal that holds the credential's reader policy (`credentialsReaderPolicy()`).
 * An exposure is an error naming the principal, the statements or AWS managed policies that grant the read and the
 * decrypt, and the fix. Answers the model can only bound ("conditional") count: a secret is exposed unless
 * proven otherwise.
 *
 * Group membership counts whatever route made it (a ServiceUser's `groups`, `policiesVia: "group"`, a UserGroup
 * joined by reference or by name, separate membership resources): see ./memberships.ts.
 *
 * What it sees: the principals declared in this app, by their own permissions (a principal that may assume a role
 * which reads a credential is not reported here: the review's role-assumption rules look at that). Principals made
 * elsewhere in the account (and groups joined by name that this app does not declare) are not seen; the customer managed credentials key (CredentialsKey) leaves
 * decryption to IAM policies, so a principal outside the app needs an IAM grant of `kms:Decrypt` on it.
 *
 * Accounts: the account is not known at synth, so every principal and ARN is taken to be in one account (the
 * account fields of SSM and KMS ARNs in policies are normalised to it): an upper bound.
 */
import { buildPrincipal, credentialReaders, mayReadCredentials } from "../../analysis";
import type { CredentialAccess, PolicyInput, PrincipalInput, StatementRef } from "../../analysis";
import type { Problem } from "../../core/errors";
import { PRINCIPAL_FACT, STORED_CREDENTIAL_FACT } from "../credential-facts";
import type { PolicyFact, PrincipalFact, StoredCredentialFact } from "../credential-facts";
import { registerAppRule } from "../registry";
import { groupsOfUsers } from "./memberships";
import type { AppCheckContext, RecordedFact } from "../registry";

/** The one account every principal and resource is taken to be in. */
const ACCOUNT = "000000000000";

/** Terraform references in rendered documents: `${aws_ssm_parameter.X.arn}` (IAM variables contain `:`). */
const REFERENCE = /\$\{([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_*-]+|\[[^\]]*\])*)\}/g;

interface Context {
  readonly region: string;
  readonly partition: string;
  /** Terraform address of a secret parameter -> its ARN. */
  readonly parameters: ReadonlyMap<string, string>;
}

/** The ARN the model uses for a Terraform reference. */
function referenceArn(type: string, id: string, attr: string, ctx: Context): string {
  const address = `${type}.${id}`;
  if (type === "aws_ssm_parameter" && attr === ".arn") return ctx.parameters.get(address) ?? `arn:${ctx.partition}:ssm:${ctx.region}:${ACCOUNT}:parameter/terraform/${address}`;
  if (type === "aws_kms_key" && (attr === ".arn" || attr === ".key_id" || attr === ".id")) return `arn:${ctx.partition}:kms:${ctx.region}:${ACCOUNT}:key/${address}`;
  if (type === "aws_kms_alias" && attr === ".target_key_arn") return `arn:${ctx.partition}:kms:${ctx.region}:${ACCOUNT}:key/${address}`;
  // Anything else: a value that matches only itself (never a wildcard).
  return `terraform:${address}${attr}`;
}

function normalise(value: unknown, ctx: Context): unknown {
  if (typeof value === "string") {
    // (Each replacement only where it can match: most strings of a document are actions and plain ARNs.)
    const referenced = value.includes("${") ? value.replace(REFERENCE, (_m, type: string, id: string, attr: string) => referenceArn(type, id, attr, ctx)) : value;
    return referenced.startsWith("arn:") ? referenced.replace(ACCOUNT_ARN, (_m, p: string, svc: string, region: string) => `arn:${p}:${svc}:${region}:${ACCOUNT}:`) : referenced;
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, ctx));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, ctx)]));
  return value;
}

/** An SSM or KMS ARN with an account: the account is normalised to {@link ACCOUNT}. */
const ACCOUNT_ARN = /^arn:([a-z-]+):(ssm|kms):([a-z0-9-*?]*):(\d{12}):/;

function policyInput(p: PolicyFact, holder: string, ctx: Context): PolicyInput {
  if (p.kind === "aws-managed") return p.arn ? { kind: "aws-managed", arn: p.arn } : { kind: "aws-managed", name: p.name };
  const source = `${p.kind === "inline" ? "inline" : "managed"} policy ${p.name}${p.kind === "inline" ? ` of ${holder}` : ""}`;
  return { kind: p.kind, name: p.name, document: normalise(p.document, ctx) as Record<string, unknown>, source };
}

function describe(refs: readonly StatementRef[]): string {
  const seen = [...new Set(refs.filter((r) => r.effect === "Allow").map((r) => `${r.source}, statement ${r.index}${r.sid ? ` (Sid ${r.sid})` : ""}`))];
  return seen.length > 0 ? seen.join("; ") : "an undecided condition";
}

function problemFor(cred: RecordedFact<StoredCredentialFact>, principal: RecordedFact<PrincipalFact>, a: CredentialAccess): Problem {
  const c = cred.value;
  const who = `${principal.value.kind} ${principal.value.name}`;
  const read = `${a.read.action} on ${a.read.resource.replace(`:${ACCOUNT}:`, ":<account>:")} allowed by ${describe(a.read.decision.allowedBy ?? [])}`;
  const decrypt =
    a.decrypt === "aws-managed-key"
      ? `decryption needs nothing more: the parameter uses the AWS managed key aws/ssm, which every principal of the account may use through SSM${c.awsManagedKeyReason ? ` (opted in: "${c.awsManagedKeyReason}")` : ""}`
      : `kms:Decrypt allowed by ${describe(a.decrypt.decision.allowedBy ?? [])}`;
  const certainty = a.access === "yes" ? "can" : "may (under conditions the check cannot decide)";
  return {
    path: principal.construct.node.path,
    field: `stored credential ${c.parameterName}`,
    value: who,
    rule: `Only the declared readers of a stored access key may read and decrypt it, but ${who} ${certainty} read and decrypt ${c.parameterName} (of ${cred.construct.node.path}): ${read}; ${decrypt}.`,
    fix:
      `Scope the grant so that it does not cover this parameter (name the parameters it needs instead of "*")` +
      (a.decrypt === "aws-managed-key" ? ", and encrypt the credential with the stack's credentials key (drop the aws/ssm opt-in)" : ", or remove the kms:Decrypt grant on the credentials key") +
      `; or, if ${who} is meant to read it, declare it a reader by giving it the credential's reader policy${c.fixHint ? ` (${c.fixHint})` : " (credentialsReaderPolicy())"}.`,
  };
}

/** Every exposure of every stored credential of the app. */
export function credentialExposures(context: AppCheckContext): Problem[] {
  const creds = context.facts(STORED_CREDENTIAL_FACT);
  if (creds.length === 0) return [];
  const principals = context.facts(PRINCIPAL_FACT);
  const first = creds[0]!.value;
  const ctx: Context = {
    region: first.region,
    partition: first.partition,
    parameters: new Map(creds.map((c) => [c.value.parameterAddress, parameterArn(c.value)])),
  };
  const groupPolicies = new Map<RecordedFact<PrincipalFact>, readonly PolicyFact[]>();
  for (const p of principals) if (p.value.kind === "group") groupPolicies.set(p, p.value.policies());
  const memberOf = groupsOfUsers(context.root, principals);

  const built = principals
    .filter((p) => p.value.kind !== "group")
    .map((p) => {
      const f = p.value;
      const holder = `${f.kind} ${f.name}`;
      const own = f.policies();
      const groups = (memberOf.get(p) ?? []).map((g) => ({ name: g.value.name, policies: groupPolicies.get(g) ?? [] }));
      const boundary = f.boundary?.();
      const input: PrincipalInput = {
        kind: f.kind,
        name: f.name,
        ...(f.path ? { path: f.path } : {}),
        id: p.construct.node.path,
        accountId: ACCOUNT,
        partition: ctx.partition,
        policies: own.map((x) => policyInput(x, holder, ctx)),
        groups: groups.map((g) => ({ name: g.name, policies: g.policies.map((x) => policyInput(x, `group ${g.name}`, ctx)) })),
        ...(boundary ? { boundary: policyInput(boundary, holder, ctx) } : {}),
      };
      const readerOf = new Set([...own, ...groups.flatMap((g) => g.policies)].flatMap((x) => x.readerOf ?? []));
      const principal = buildPrincipal(input);
      // Decided once per principal, from its actions only: most principals of a large app can never read a stored
      // credential, and skipping them keeps the rule linear in practice (credentials x possible readers).
      const mayRead = mayReadCredentials(principal, false);
      // (Reading and decrypting needs reading: not asked again of a principal that cannot read.)
      return { fact: p, principal, readerOf, mayRead, mayReadAndDecrypt: mayRead && mayReadCredentials(principal, true) };
    });

  const problems: Problem[] = [];
  for (const cred of creds) {
    if (cred.value.exposureOptOut !== undefined) continue;
    const awsManagedKey = cred.value.kmsKey === "aws/ssm";
    const candidates = built.filter((b) => (awsManagedKey ? b.mayRead : b.mayReadAndDecrypt) && !b.readerOf.has(cred.value.id));
    const answers = credentialReaders(
      candidates.map((b) => b.principal),
      { parameterArn: parameterArn(cred.value), kmsKey: awsManagedKey ? "aws/ssm" : (normalise(cred.value.kmsKey, ctx) as string) },
    );
    answers.forEach((a, i) => {
      if (a.access !== "no") problems.push(problemFor(cred, candidates[i]!.fact, a));
    });
  }
  return problems;
}

function parameterArn(c: StoredCredentialFact): string {
  return `arn:${c.partition}:ssm:${c.region}:${ACCOUNT}:parameter${c.parameterName.startsWith("/") ? "" : "/"}${c.parameterName}`;
}

registerAppRule({
  id: "credential-exposure",
  description: "No principal of the app other than a stored access key's declared readers can read and decrypt it.",
  check: credentialExposures,
});
