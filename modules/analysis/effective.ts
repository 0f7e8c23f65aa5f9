/**
 * Effective permissions of a principal: every exact action (expanded against the action catalog, modules/catalog)
 * with the resource patterns it may be performed on, after Deny statements and the permissions boundary.
 */
import { expandAction } from "../catalog/actions";
import { evaluateCondition } from "./conditions";
import type { Tri } from "./conditions";
import type { AnalysedStatement } from "./document";
import { actionMatches, contextLookup } from "./evaluate";
import { globCovers, globIntersects, substitute } from "./patterns";
import type { KeyLookup } from "./patterns";
import type { Principal } from "./principal";
import type { RequestContext, StatementRef } from "./types";

/** One action on one resource pattern that a principal may perform. */
export interface EffectiveGrant {
  /** Exact action as the catalog spells it, e.g. `iam:PassRole` (or as written when the catalog does not know it). */
  readonly action: string;
  /** Resource pattern (wildcards kept, policy variables resolved for the principal; left as written when unknown). */
  readonly resource: string;
  /** `allowed`, or `conditional` (an upper bound: conditions, unknown variables or a Deny that might apply). */
  readonly status: "allowed" | "conditional";
  /** The Allow statements that grant it. */
  readonly grantedBy: readonly StatementRef[];
  /** Parts of `resource` that a Deny takes back (patterns; `not <pattern>` = everything outside it). */
  readonly except?: readonly string[];
}

/** Options of {@link effectivePermissions}. */
export interface EffectiveOptions {
  /**
   * Only these actions (exact names or wildcard patterns, e.g. `iam:PassRole`, `lambda:Update*`). Default: every
   * action the principal's Allow statements name; a statement with `NotAction` or `*` then expands to the whole
   * catalog (~18,000 actions: ask for the actions you need when you can).
   */
  readonly actions?: readonly string[];
  /** Request context for conditions and variables (see {@link decide}). */
  readonly context?: RequestContext;
}

const expandCache = new Map<string, readonly string[]>();
function expand(pattern: string): readonly string[] {
  const key = pattern.toLowerCase();
  let out = expandCache.get(key);
  if (!out) {
    out = expandAction(pattern);
    if (out.length === 0 && !/[*?]/.test(pattern) && pattern.includes(":")) out = [pattern];
    expandCache.set(key, out);
  }
  return out;
}

interface Resolved {
  readonly pattern: string;
  readonly unknown: boolean;
}

function resolve(patterns: readonly string[], lookup: KeyLookup): Resolved[] {
  const out: Resolved[] = [];
  for (const p of patterns) {
    const s = substitute(p, lookup);
    if (s.kind === "value") out.push({ pattern: s.text, unknown: false });
    else if (s.kind === "unknown") out.push({ pattern: p, unknown: true });
  }
  return out;
}

interface Draft {
  action: string;
  resource: string;
  status: Tri;
  grantedBy: StatementRef[];
  except: string[];
}

/** Applies one Deny statement to a draft grant; returns false when the grant is entirely taken back. */
function applyDeny(d: Draft, deny: AnalysedStatement, lookup: KeyLookup): boolean {
  const cond = evaluateCondition(deny.condition, lookup).value;
  if (cond === false) return true;
  const certain = cond === true;
  if (deny.resources) {
    for (const r of resolve(deny.resources, lookup)) {
      if (!r.unknown && globCovers(r.pattern, d.resource)) {
        if (certain) return false;
        d.status = undefined;
      } else if (globIntersects(r.pattern, d.resource) || r.unknown) {
        if (certain && !r.unknown) d.except.push(r.pattern);
        else d.status = undefined;
      }
    }
    return true;
  }
  if (deny.notResources) {
    const outside = resolve(deny.notResources, lookup);
    if (outside.some((r) => r.unknown)) {
      d.status = undefined;
      return true;
    }
    const touching = outside.filter((r) => globIntersects(r.pattern, d.resource));
    if (touching.length === 0) {
      if (certain) return false;
      d.status = undefined;
      return true;
    }
    if (touching.some((r) => globCovers(r.pattern, d.resource))) return true; // entirely outside the Deny
    if (!certain) {
      d.status = undefined;
      return true;
    }
    // The grant survives only inside the NotResource patterns it contains.
    const inside = touching.filter((r) => globCovers(d.resource, r.pattern));
    if (inside.length === 1) d.resource = inside[0].pattern;
    else for (const r of touching) d.except.push(`not ${r.pattern}`);
  }
  return true;
}

/** Whether the boundary allows a grant: true, false, or unknown. */
function boundaryAllows(principal: Principal, action: string, resource: string, lookup: KeyLookup): Tri {
  if (!principal.boundary && !principal.boundaryUnknown) return true;
  let r: Tri = principal.boundaryUnknown ? undefined : false;
  for (const s of principal.boundary ?? []) {
    if (s.effect !== "Allow" || !actionMatches(s, action)) continue;
    const cond = evaluateCondition(s.condition, lookup).value;
    if (cond === false) continue;
    const patterns = s.resources ? resolve(s.resources, lookup) : [{ pattern: "*", unknown: false }];
    for (const p of patterns) {
      if (!p.unknown && globCovers(p.pattern, resource) && cond === true && !s.notResources) return true;
      if (p.unknown || globIntersects(p.pattern, resource)) r = undefined;
    }
  }
  return r;
}

/**
 * Every action the principal may perform, on which resources, sorted by action then resource. Allow statements are
 * expanded against the catalog; a Deny that covers a grant removes it, one that covers part of it is listed in
 * `except`, one that might apply (undecidable condition) makes it `conditional`; so does an unreadable policy.
 */
export function effectivePermissions(principal: Principal, options: EffectiveOptions = {}): EffectiveGrant[] {
  const lookup = contextLookup(principal, options.context, false);
  const filter = options.actions ? new Set(options.actions.flatMap((a) => expand(a)).map((a) => a.toLowerCase())) : undefined;
  const denies = [...principal.statements, ...(principal.boundary ?? [])].filter((s) => s.effect === "Deny");
  const drafts = new Map<string, Draft>();

  for (const s of principal.statements) {
    if (s.effect !== "Allow") continue;
    const cond = evaluateCondition(s.condition, lookup).value;
    if (cond === false) continue;
    let actions: readonly string[];
    if (filter) actions = [...filter];
    else if (s.actions) actions = [...new Set(s.actions.flatMap((p) => expand(p)))];
    else actions = expand("*");
    const resources = s.resources ? resolve(s.resources, lookup) : [{ pattern: "*", unknown: false }];
    for (const action of actions) {
      const lower = action.toLowerCase();
      if (filter && !filter.has(lower)) continue;
      if (!actionMatches(s, lower)) continue;
      const canonical = expand(action)[0] ?? action;
      for (const r of resources) {
        const key = `${lower}\u0000${r.pattern}`;
        const status: Tri = s.notResources || r.unknown ? undefined : cond;
        const existing = drafts.get(key);
        if (existing) {
          existing.grantedBy.push(s.ref);
          if (status === true) existing.status = true;
        } else drafts.set(key, { action: canonical, resource: r.pattern, status, grantedBy: [s.ref], except: s.notResources ? resolve(s.notResources, lookup).map((n) => n.pattern) : [] });
      }
    }
  }

  const out: EffectiveGrant[] = [];
  for (const d of drafts.values()) {
    const lower = d.action.toLowerCase();
    let kept = true;
    for (const deny of denies) if (actionMatches(deny, lower) && !(kept = applyDeny(d, deny, lookup))) break;
    if (!kept) continue;
    const b = boundaryAllows(principal, lower, d.resource, lookup);
    if (b === false) continue;
    const status = d.status === true && b === true ? "allowed" : "conditional";
    out.push({ action: d.action, resource: d.resource, status, grantedBy: d.grantedBy, ...(d.except.length ? { except: [...new Set(d.except)].sort() } : {}) });
  }
  return out.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}
