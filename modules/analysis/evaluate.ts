/**
 * The evaluator: may a principal perform an action on a resource, by its identity-based policies and its
 * permissions boundary? Follows the IAM policy evaluation logic (explicit Deny wins; otherwise an Allow is needed in
 * the identity policies and, when there is one, in the boundary), with three-valued conditions.
 *
 * Out of scope (documented, not guessed): resource-based policies, SCPs/RCPs, session policies. A caller that knows a
 * resource policy (a KMS key policy, for example) combines it itself, as {@link credentialReaders} does.
 */
import { and3, evaluateCondition } from "./conditions";
import type { Tri } from "./conditions";
import type { AnalysedStatement } from "./document";
import { globMatch, substitute } from "./patterns";
import type { KeyLookup } from "./patterns";
import type { Principal } from "./principal";
import type { Decision, RequestContext, StatementRef } from "./types";

/** Options of {@link decide}. */
export interface DecideOptions {
  /**
   * When true, context keys that are neither in the request context nor known from the principal are absent
   * (as in a real request that carries only those keys). Default false: they are unknown, and conditions on them
   * make the answer `conditional`.
   */
  readonly closedContext?: boolean;
}

/** A lookup of context keys: request context first, then what the principal's input tells. */
export function contextLookup(principal: Principal, context: RequestContext | undefined, closed: boolean): KeyLookup {
  const lower = new Map<string, string | readonly string[] | null>();
  if (context) {
    for (const [k, v] of Object.entries(context)) {
      lower.set(k.toLowerCase(), v === null ? null : typeof v === "boolean" || typeof v === "number" ? String(v) : v);
    }
  }
  const tagsKnown = principal.input.tags !== undefined;
  return (key) => {
    if (lower.has(key)) return lower.get(key);
    if (principal.keys.has(key)) return principal.keys.get(key);
    if (tagsKnown && key.startsWith("aws:principaltag/")) return null;
    return closed ? null : undefined;
  };
}

/** Whether a statement's Action/NotAction covers the exact action (lower case). */
export function actionMatches(s: AnalysedStatement, action: string): boolean {
  let cache = actionCache.get(s);
  if (!cache) actionCache.set(s, (cache = new Map()));
  let r = cache.get(action);
  if (r === undefined) {
    if (s.actions) r = s.actions.some((p) => globMatch(p, action, true));
    else if (s.notActions) r = !s.notActions.some((p) => globMatch(p, action, true));
    else r = false;
    cache.set(action, r);
  }
  return r;
}

/** Per statement, which (lower-case) actions it covers: statements of AWS managed policies are shared widely. */
const actionCache = new WeakMap<AnalysedStatement, Map<string, boolean>>();

function resourceList(patterns: readonly string[], resource: string, lookup: KeyLookup, unknown: Set<string>): Tri {
  let r: Tri = false;
  for (const p of patterns) {
    const sub = substitute(p, lookup);
    if (sub.kind === "absent") continue;
    if (sub.kind === "unknown") {
      unknown.add(sub.key);
      r = undefined;
      continue;
    }
    if (globMatch(sub.text, resource)) return true;
  }
  return r;
}

/** Whether a statement's Resource/NotResource covers the resource (three-valued when variables are unknown). */
export function resourceMatches(s: AnalysedStatement, resource: string, lookup: KeyLookup, unknown: Set<string>): Tri {
  if (s.resources) return resourceList(s.resources, resource, lookup, unknown);
  if (s.notResources) {
    const r = resourceList(s.notResources, resource, lookup, unknown);
    return r === undefined ? undefined : !r;
  }
  return false;
}

/** Whether one statement applies to the request: true, false, or unknown (with the keys that made it unknown). */
export function statementApplies(s: AnalysedStatement, action: string, resource: string, lookup: KeyLookup): { value: Tri; unknownKeys: string[] } {
  if (!actionMatches(s, action)) return { value: false, unknownKeys: [] };
  const unknown = new Set<string>();
  const res = resourceMatches(s, resource, lookup, unknown);
  if (res === false) return { value: false, unknownKeys: [] };
  const cond = evaluateCondition(s.condition, lookup);
  if (cond.value === false) return { value: false, unknownKeys: [] };
  cond.unknownKeys.forEach((k) => unknown.add(k));
  return { value: and3(res, cond.value), unknownKeys: [...unknown].sort() };
}

interface SetResult {
  allow: Tri;
  deny: Tri;
  allowedBy: StatementRef[];
  deniedBy: StatementRef[];
}

function evaluateSet(statements: readonly AnalysedStatement[], action: string, resource: string, lookup: KeyLookup): SetResult {
  const out: SetResult = { allow: false, deny: false, allowedBy: [], deniedBy: [] };
  for (const s of statements) {
    const { value, unknownKeys } = statementApplies(s, action, resource, lookup);
    if (value === false) continue;
    const ref: StatementRef = value === undefined ? { ...s.ref, uncertain: true, unknownKeys } : s.ref;
    if (s.effect === "Deny") {
      out.deniedBy.push(ref);
      if (value === true) out.deny = true;
      else if (out.deny === false) out.deny = undefined;
    } else {
      out.allowedBy.push(ref);
      if (value === true) out.allow = true;
      else if (out.allow === false) out.allow = undefined;
    }
  }
  return out;
}

function or3(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === undefined || b === undefined) return undefined;
  return false;
}

/**
 * Decides one request. `action` is an exact action (`iam:PassRole`, any case); `resource` a concrete ARN or stable id
 * (wildcards in it are matched literally). Principal keys (`aws:username`, `aws:PrincipalTag/...`, `aws:PrincipalArn`,
 * `aws:PrincipalAccount`, `aws:PrincipalType`) are filled from the principal; `context` adds or overrides keys.
 */
export function decide(principal: Principal, action: string, resource: string, context?: RequestContext, options: DecideOptions = {}): Decision {
  const lookup = contextLookup(principal, context, options.closedContext ?? false);
  const a = action.toLowerCase();
  const id = evaluateSet(principal.statements, a, resource, lookup);
  const unknown = [...principal.unknown];
  let allow: Tri = id.allow;
  let deny: Tri = id.deny;
  const allowedBy = id.allowedBy;
  const deniedBy = id.deniedBy;
  // Unreadable identity policies might allow it (never makes a certain Deny or Allow less certain).
  if (allow === false && principal.unknown.length > 0) allow = undefined;
  if (principal.boundary || principal.boundaryUnknown) {
    const b = evaluateSet(principal.boundary ?? [], a, resource, lookup);
    deny = or3(deny, b.deny);
    deniedBy.push(...b.deniedBy);
    let bAllow: Tri = b.allow;
    if (principal.boundaryUnknown) {
      unknown.push(principal.boundaryUnknown);
      if (bAllow === false) bAllow = undefined;
    }
    allow = and3(allow, bAllow);
  }
  let decision: Decision["decision"];
  if (deny === true) decision = "denied";
  else if (allow === false) decision = "implicit-deny";
  else if (allow === true && deny === false) decision = "allowed";
  else decision = "conditional";
  return {
    decision,
    allowedBy,
    deniedBy: decision === "denied" ? deniedBy.filter((r) => !r.uncertain) : deniedBy,
    unknown: decision === "allowed" || decision === "denied" ? [] : unknown,
  };
}

/** True when the decision may allow the request (`allowed` or `conditional`). */
export function mayBeAllowed(d: Decision): boolean {
  return d.decision === "allowed" || d.decision === "conditional";
}
