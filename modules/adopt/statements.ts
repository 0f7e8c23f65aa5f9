/**
 * AWS policy documents -> statements of the config file, kept as they are. Where a statement breaks one of this
 * project's synth-time rules (a wildcard, `iam:PassRole` on `*`, an action the catalog does not know), it gets the
 * opt-out that rule accepts (`allowBroad` / `skipCatalogCheck`) with the reason {@link ADOPTED_REASON}: adoption never
 * changes what a policy grants. What the config format cannot express at all (a principal `*`, a policy variable in
 * a pre-2012 document) is reported, and the document is left out rather than changed.
 */
import { statementOf } from "../config/build";
import type { PrincipalConfig, StatementConfig } from "../config/types";
import { PolicyDocument } from "../policy";
import type { PolicyUse } from "../policy";
import { statementsOf } from "./documents";

/** The reason written into every opt-out adoption adds. */
export const ADOPTED_REASON = "adopted as is, see the findings (adopt report)";

/** A converted document, or why it cannot be adopted without changing it. */
export type Converted =
  | { ok: true; statements: StatementConfig[]; optOuts: number; versionChanged: boolean }
  | { ok: false; reason: string };

const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as string[]) : [v as string]);
const single = (v: string[]): string | string[] => (v.length === 1 ? (v[0] as string) : v);

function principals(v: unknown): PrincipalConfig[] | string {
  if (v === "*") return "the principal is `*` (anyone), which a config file does not accept";
  if (v === null || typeof v !== "object") return "the principal is not an object";
  const out: PrincipalConfig[] = [];
  for (const [kind, values] of Object.entries(v as Record<string, unknown>)) {
    for (const value of list(values) ?? []) {
      if (kind === "AWS" && value === "*") return "a principal is `*` (anyone), which a config file does not accept";
      if (kind === "AWS") out.push(/^\d{12}$/.test(value) ? { account: value } : { arn: value });
      else if (kind === "Service") out.push({ service: value });
      else if (kind === "Federated") out.push({ federated: value });
      else return `a principal of type ${kind} is not supported in a config file`;
    }
  }
  return out;
}

/** One AWS JSON statement -> a config statement (no opt-outs yet), or why it cannot be written. */
function toConfig(s: unknown): StatementConfig | string {
  if (s === null || typeof s !== "object" || Array.isArray(s)) return "a statement is not an object";
  const o = s as Record<string, unknown>;
  const out: StatementConfig = {};
  if (typeof o.Sid === "string" && o.Sid !== "") out.sid = o.Sid;
  if (o.Effect === "Deny") out.effect = "Deny";
  else if (o.Effect !== "Allow") return `Effect is ${JSON.stringify(o.Effect)}`;
  for (const [k, to] of [["Action", "actions"], ["NotAction", "notActions"], ["Resource", "resources"], ["NotResource", "notResources"]] as const) {
    const v = list(o[k]);
    if (v !== undefined) out[to] = single(v);
  }
  for (const [k, to] of [["Principal", "principals"], ["NotPrincipal", "notPrincipals"]] as const) {
    if (o[k] === undefined) continue;
    const p = principals(o[k]);
    if (typeof p === "string") return p;
    out[to] = p;
  }
  if (o.Condition !== undefined) out.conditions = o.Condition as StatementConfig["conditions"];
  return out;
}

function problemsOf(s: StatementConfig, use: PolicyUse, partition: string): string[] {
  try {
    return new PolicyDocument({ statements: [statementOf(s)] }).validate(use, { path: "adopt", partition, limit: false }).map((p) => `${p.field}: ${p.rule}`);
  } catch (e) {
    return [(e as Error).message];
  }
}

/**
 * Converts a decoded document. Each statement is validated as `use`; when our rules refuse it, the opt-outs are
 * added (allowBroad, then skipCatalogCheck, then both) and kept only if they make it valid. A statement no opt-out
 * makes valid fails the whole document.
 */
export function convertDocument(doc: Record<string, unknown>, use: PolicyUse, partition: string): Converted {
  const version = doc.Version;
  const text = JSON.stringify(doc);
  if (version !== "2012-10-17" && text.includes("${")) {
    return { ok: false, reason: `the document is Version ${JSON.stringify(version ?? "(none)")} and holds \`\${...}\`: written as 2012-10-17 (the only version this project writes) that text would become a policy variable and change what it grants` };
  }
  const out: StatementConfig[] = [];
  let optOuts = 0;
  const raw = statementsOf(doc);
  if (raw.length === 0) return { ok: false, reason: "the document has no statement" };
  for (const [i, s] of raw.entries()) {
    const c = toConfig(s);
    if (typeof c === "string") return { ok: false, reason: `Statement[${i}]: ${c}` };
    let problems = problemsOf(c, use, partition);
    if (problems.length === 0) {
      out.push(c);
      continue;
    }
    const tries: StatementConfig[] = [
      { ...c, allowBroad: { reason: ADOPTED_REASON } },
      { ...c, skipCatalogCheck: { reason: ADOPTED_REASON } },
      { ...c, allowBroad: { reason: ADOPTED_REASON }, skipCatalogCheck: { reason: ADOPTED_REASON } },
    ];
    const fixed = tries.find((t) => problemsOf(t, use, partition).length === 0);
    if (!fixed) {
      problems = problemsOf(tries[2] as StatementConfig, use, partition);
      return { ok: false, reason: `Statement[${i}] breaks a rule no opt-out lifts: ${problems[0] ?? "unknown"}` };
    }
    optOuts++;
    out.push(fixed);
  }
  return { ok: true, statements: out, optOuts, versionChanged: version !== "2012-10-17" };
}
