/**
 * Who can read and decrypt a stored credential: an SSM SecureString parameter encrypted with a KMS key. The one
 * computation behind the synth-time credential-exposure check (modules/checks/rules/credential-exposure.ts) and the
 * review's credential-exposure flags, so the two never disagree.
 *
 * Reading the value takes one of `ssm:GetParameter`, `ssm:GetParameters`, `ssm:GetParameterHistory` on the
 * parameter, or `ssm:GetParametersByPath` on one of its ancestor paths (with `Recursive` for ancestors above the
 * parent); decrypting takes `kms:Decrypt` on the key, granted through the key policy. With the AWS managed key
 * `alias/aws/ssm`, the key policy lets every principal of the account decrypt through SSM: reading is enough.
 * Sources: AWS Systems Manager User Guide, "Restricting access to Parameter Store parameters using IAM policies" and
 * "How AWS Systems Manager Parameter Store uses AWS KMS".
 */
import { analyseDocument } from "./document";
import { actionMatches, decide } from "./evaluate";
import { globMatch } from "./patterns";
import type { Principal } from "./principal";
import type { Decision, DocumentInput, StatementRef } from "./types";

/** A stored credential. */
export interface StoredCredential {
  /** Parameter ARN, e.g. `arn:aws:ssm:eu-west-1:111122223333:parameter/integrations/sekoia/secret-access-key`. */
  readonly parameterArn: string;
  /**
   * ARN (or stable id) of the customer managed KMS key, or `"aws/ssm"` (default) for the AWS managed key, which
   * every principal of the account can use through SSM.
   */
  readonly kmsKey?: string;
  /**
   * The key policy, when known. Default: the default key policy, which delegates to IAM policies (the account root
   * may use the key). A policy without such a root statement grants only the principals it names.
   */
  readonly keyPolicy?: DocumentInput;
}

/** Whether one principal can obtain the plaintext of a stored credential. */
export interface CredentialAccess {
  readonly principal: Principal;
  /** `yes`: certainly; `conditional`: only under conditions the model cannot decide (an upper bound); `no`. */
  readonly access: "yes" | "conditional" | "no";
  /** The read decision that matters (the most permissive of the read actions). */
  readonly read: { readonly action: string; readonly resource: string; readonly decision: Decision };
  /** The decrypt decision; `aws-managed-key` when the AWS managed key makes reading enough. */
  readonly decrypt: { readonly decision: Decision; readonly viaKeyPolicy?: readonly StatementRef[] } | "aws-managed-key";
}

const RANK: Record<Decision["decision"], number> = { allowed: 3, conditional: 2, "implicit-deny": 1, denied: 0 };

/** The parameter ARN's ancestors as `GetParametersByPath` resources, nearest first (`.../parameter/a/b`, `.../parameter/a`, `.../parameter/`). */
export function parameterPathArns(parameterArn: string): string[] {
  const i = parameterArn.indexOf(":parameter/");
  if (i < 0) return [];
  const prefix = parameterArn.slice(0, i + ":parameter/".length);
  const parts = parameterArn.slice(prefix.length).split("/").filter((p) => p !== "");
  const out: string[] = [];
  for (let n = parts.length - 1; n >= 1; n--) out.push(prefix + parts.slice(0, n).join("/"));
  out.push(prefix);
  return out;
}

function best(...ds: { action: string; resource: string; decision: Decision }[]) {
  return ds.reduce((a, b) => (RANK[b.decision.decision] > RANK[a.decision.decision] ? b : a));
}

function keyPolicyRefs(policy: DocumentInput, principal: Principal, keyId: string): { delegates: boolean; direct: StatementRef[]; denied: boolean } {
  const doc = analyseDocument(policy, `key policy of ${keyId}`);
  let delegates = false;
  let denied = false;
  const direct: StatementRef[] = [];
  const account = principal.input.accountId;
  for (const s of doc.statements) {
    const acts = s.actions ?? [];
    if (!acts.some((a) => globMatch(a, "kms:decrypt", true))) continue;
    const p = s.principal as Record<string, unknown> | string | undefined;
    const aws = p === "*" ? ["*"] : p && typeof p === "object" ? ([] as string[]).concat((p as Record<string, string | string[]>).AWS ?? []) : [];
    const names = (v: string) => v === "*" || (principal.arn !== undefined && globMatch(v, principal.arn)) || v === principal.id;
    const isRoot = (v: string) => /^arn:[a-z-]+:iam::\d{12}:root$/.test(v) && (!account || v.includes(`::${account}:`)) || (account !== undefined && v === account);
    if (s.effect === "Deny" && !s.condition && aws.some(names)) denied = true;
    if (s.effect !== "Allow") continue;
    if (aws.some(isRoot)) delegates = true;
    if (aws.some(names)) direct.push(s.ref);
  }
  return { delegates, direct, denied };
}

/** The actions through which SSM returns a parameter's value (lower case, as statements keep them). */
const READ_ACTIONS = ["ssm:getparameter", "ssm:getparameters", "ssm:getparameterhistory", "ssm:getparametersbypath"];

/**
 * A cheap upper bound, per principal, that depends only on actions: false when no Allow statement of the principal
 * names an action it needs to read a stored credential (and, for a customer managed key, `kms:Decrypt`), and every
 * policy document is known. Such a principal cannot read the credential whatever its resources or conditions, so
 * callers that check many credentials skip it before calling {@link credentialReaders}.
 */
export function mayReadCredentials(principal: Principal, needsDecrypt: boolean): boolean {
  if (principal.unknown.length > 0) return true;
  const allows = (action: string) => principal.statements.some((s) => s.effect === "Allow" && actionMatches(s, action));
  return READ_ACTIONS.some(allows) && (!needsDecrypt || allows("kms:decrypt"));
}

/** Whether each principal can read and decrypt the stored credential, in the order given. */
export function credentialReaders(principals: readonly Principal[], credential: StoredCredential): CredentialAccess[] {
  const key = credential.kmsKey ?? "aws/ssm";
  const awsManaged = /(^|:|\/)alias\/aws\/ssm$|^aws\/ssm$/.test(key);
  const paths = parameterPathArns(credential.parameterArn);
  return principals.map((principal) => {
    const reads = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory"].map((action) => ({
      action,
      resource: credential.parameterArn,
      decision: decide(principal, action, credential.parameterArn),
    }));
    // Above the parent, GetParametersByPath returns the value only with Recursive=true.
    paths.forEach((resource, depth) =>
      reads.push({ action: "ssm:GetParametersByPath", resource, decision: decide(principal, "ssm:GetParametersByPath", resource, depth === 0 ? undefined : { "ssm:Recursive": "true" }) }),
    );
    const read = best(...reads);
    let decrypt: CredentialAccess["decrypt"];
    let decryptRank: number;
    if (awsManaged) {
      decrypt = "aws-managed-key";
      decryptRank = RANK.allowed;
    } else {
      // SSM calls KMS on the reader's behalf: kms:ViaService and the parameter's encryption context are known.
      const region = credential.parameterArn.split(":")[3];
      const context = { "kms:EncryptionContext:PARAMETER_ARN": credential.parameterArn, ...(region ? { "kms:ViaService": `ssm.${region}.amazonaws.com` } : {}) };
      const decision = decide(principal, "kms:Decrypt", key, context);
      if (credential.keyPolicy) {
        const kp = keyPolicyRefs(credential.keyPolicy, principal, key);
        if (kp.denied) decryptRank = RANK.denied;
        else if (kp.direct.length > 0) decryptRank = decision.decision === "denied" ? RANK.denied : RANK.allowed;
        else decryptRank = kp.delegates ? RANK[decision.decision] : RANK["implicit-deny"];
        decrypt = { decision, viaKeyPolicy: kp.direct };
      } else {
        decrypt = { decision };
        decryptRank = RANK[decision.decision];
      }
    }
    const r = Math.min(RANK[read.decision.decision], decryptRank);
    const access = r === RANK.allowed ? "yes" : r === RANK.conditional ? "conditional" : "no";
    return { principal, access, read, decrypt };
  });
}
