/**
 * From the pure policy model to Terraform: the string for a `policy` / `assume_role_policy` argument, and
 * validation that names the construct path and recognises references with `Token.isUnresolved`.
 *
 * Two forms, chosen per document:
 * - no reference involved: a literal JSON string, readable in reviews and by scanners. Terraform reads every
 *   string of the JSON syntax as a template, so `${` is written `$${` and `%{` is written `%%{`; IAM then
 *   receives `${aws:username}` unchanged.
 * - references to other resources: `${jsonencode({...})}`, built with `Fn.jsonencode`, so that references
 *   stay Terraform references (CDKTF escapes `${` of the literal parts itself; `%{` is escaped here). A list-valued
 *   reference (for example the `arns` of a data source) becomes a list; mixed with literal entries it is joined
 *   with `concat(...)`, since a list reference cannot be an element of a list or part of a string.
 */
import { Problem, showValue } from "../core/errors";
import { Fn, Token, Tokenization } from "../internal/cdktf";
import { deferredAny } from "../internal/deferred";
import type { IConstruct } from "../internal/cdktf";
import { PolicyDocument, PolicyLimitName, PolicyUse, Principal } from "../policy";
import { IamStack } from "../stack";

/** Options of {@link validatePolicy}. */
export interface ValidatePolicyOptions {
  /** A raised quota (non-whitespace characters) the account has, where AWS allows one. Default: the AWS default. */
  readonly maxSize?: number;
  /**
   * Size limit that applies. Default: `trust` for trust policies; none for identity and resource policies (a
   * managed policy passes `managed`; holders of inline policies check their total).
   */
  readonly limit?: PolicyLimitName | false;
}

/** True for a string holding a CDKTF token (a reference resolved by Terraform), including a list reference. */
export function isReference(value: string): boolean {
  return Token.isUnresolved(value) || isListToken(value);
}

/** The partition of the IamStack around `scope`, or undefined outside an IamStack. */
export function partitionOf(scope: IConstruct): string | undefined {
  let current: IConstruct | undefined = scope;
  while (current) {
    if (IamStack.isIamStack(current)) return current.partition;
    current = current.node.scope;
  }
  return undefined;
}

/**
 * Partition of the stack each document was last validated in: lets `policyToTerraform(doc)` (no scope) render
 * account principals in the right partition when the construct validated the document with its scope first.
 */
const validatedPartition = new WeakMap<PolicyDocument, string>();

/**
 * Validates a document for a use. Problems carry the construct path of `scope` and fields prefixed with `field`
 * (for example `policy.statements[0].actions[1]`). Literal ARNs must be in the stack's partition.
 */
export function validatePolicy(scope: IConstruct, doc: PolicyDocument, use: PolicyUse, field: string, opts: ValidatePolicyOptions = {}): Problem[] {
  if (!(doc instanceof PolicyDocument)) {
    return [
      {
        path: scope.node.path,
        field,
        value: showValue(typeof doc),
        rule: "A policy must be a PolicyDocument.",
        fix: "Build it with new PolicyDocument({ statements: [...] }) or PolicyDocument.fromJson(...).",
      },
    ];
  }
  const partition = partitionOf(scope);
  if (partition) validatedPartition.set(doc, partition);
  return doc.validate(use, {
    path: scope.node.path,
    field,
    isReference,
    partition,
    limit: opts.limit,
    maxSize: opts.maxSize,
  });
}

/** Escapes Terraform template sequences in a literal string: `${` -> `$${`, `%{` -> `%%{`. */
export function escapeTemplate(text: string): string {
  if (!text.includes("${") && !text.includes("%{")) return text; // (most documents: nothing to escape, no copy)
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** Text every cdktf string and list token holds (`${TfToken[`, `#{TfToken[`); JSON.stringify leaves it as it is. */
const TOKEN_MARKER = "{TfToken[";

function isListToken(value: unknown): boolean {
  return typeof value === "string" && Tokenization.reverseList([value]) !== undefined;
}

function containsToken(value: unknown): boolean {
  if (typeof value === "string") return isReference(value);
  if (Array.isArray(value)) return value.some(containsToken);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => Token.isUnresolved(k) || containsToken(v));
  return false;
}

/** Prepares a JSON value for Fn.jsonencode: `%{` escaped in literal strings, list references joined with concat. */
function forJsonencode(value: unknown): unknown {
  if (typeof value === "string") return isReference(value) ? value : value.replace(/%\{/g, () => "%%{");
  if (Array.isArray(value)) {
    const items = value.map(forJsonencode);
    if (!items.some(isListToken)) return items;
    if (items.length === 1) return items; // exactly one list reference: CDKTF renders the list itself
    const parts: unknown[] = [];
    let run: unknown[] = [];
    for (const item of items) {
      if (isListToken(item)) {
        if (run.length) parts.push(run);
        run = [];
        parts.push([item]);
      } else run.push(item);
    }
    if (run.length) parts.push(run);
    return Fn.concat(parts as unknown[]);
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[isReference(k) ? k : k.replace(/%\{/g, () => "%%{")] = forJsonencode(v);
    return out;
  }
  return value;
}

/**
 * The string to put in a `policy` / `assume_role_policy` argument: a literal JSON string (with `${` escaped as
 * `$${`) when the document holds no reference, a Terraform `jsonencode()` expression keeping references otherwise.
 * @param scope when given, account principals are rendered in the partition of its IamStack. Default: the
 * partition the document was last validated in by {@link validatePolicy}, else `"aws"`.
 */
/** Key under the resource's `"//"` comment object where the written opt-out reasons of its policy are kept. */
export const OPT_OUTS_KEY = "iam-cdktf";

/**
 * Records, in the Terraform JSON comment object (`"//"`, which Terraform ignores) of a policy resource, the reasons
 * its statements give for lifting a check (`allowBroad`, `skipCatalogCheck`, `Principal.anyone`), so that the review
 * shows them next to what they allowed. Statements added later are included (read at synth). `others`: reasons given
 * on the resource itself (`"allowCreateBeforeDestroy: <reason>"`).
 */
export function recordOptOutReasons(resource: { readonly node: { readonly path: string }; addOverride(path: string, value: unknown): void }, document?: () => PolicyDocument, others: readonly string[] = []): void {
  resource.addOverride(
    `//.${OPT_OUTS_KEY}`,
    deferredAny(`${resource.node.path} (opt-out reasons)`, () => {
      const reasons = [...(document ? optOutReasons(document()) : []), ...others];
      return reasons.length > 0 ? { optOutReasons: reasons } : undefined;
    }),
  );
}

/** The written opt-out reasons of a document's statements, as `"allowBroad: <reason>"` lines, in statement order. */
export function optOutReasons(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const s of doc.statements) {
    const p = s.props;
    for (const [kind, given] of [["allowBroad", p.allowBroad], ["skipCatalogCheck", p.skipCatalogCheck]] as const) {
      const reason = given?.reason;
      if (typeof reason === "string" && reason.trim() !== "") out.push(`${kind}: ${reason.trim()}`);
    }
    for (const pr of [...(p.principals ?? []), ...(p.notPrincipals ?? [])]) {
      if (pr instanceof Principal && pr.isAnyone && (pr.reason ?? "").trim() !== "") out.push(`Principal.anyone: ${(pr.reason as string).trim()}`);
    }
  }
  return [...new Set(out)];
}

export function policyToTerraform(doc: PolicyDocument, scope?: IConstruct): string {
  const partition = (scope ? partitionOf(scope) : undefined) ?? validatedPartition.get(doc);
  const opts = partition ? { partition } : {};
  // The text of the JSON, from each statement's text (rendered once). Without any token marker in it, no string
  // of the JSON is a reference (what containsToken looks for), so it is the literal form.
  const text = doc.toJsonString(opts);
  if (!text.includes(TOKEN_MARKER)) return escapeTemplate(text);
  const json = doc.toJSON(opts);
  if (!containsToken(json)) return escapeTemplate(JSON.stringify(json));
  return Fn.jsonencode(forJsonencode(json));
}
