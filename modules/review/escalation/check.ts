/**
 * Which catalogued escalation paths a principal can take, from the effective-permission model: every action of the
 * path allowed (Deny subtracted, boundary applied, `${aws:username}` resolved) on a resource that matters.
 * - `self` paths must reach the principal itself (its own role, user, groups, or a policy);
 * - `principal-access` paths must reach another principal (a key for oneself is no escalation);
 * - `iam:PassRole` must be allowed towards a service of the path (`iam:PassedToService`) and on a role worth passing:
 *   any role (a wildcard), a role outside the stack (medium: unknown power), or a powerful role of the stack;
 * - conditions the model cannot decide make the path an upper bound (medium), except a condition on
 *   `iam:PermissionsBoundary` naming a policy of the stack, which is judged by that policy's content.
 */
import { analyseDocument, buildPrincipal, effectivePermissions, globCovers, globIntersects, type AnalysedDocument, type EffectiveGrant, type Principal } from "../../analysis";
import type { StackModel } from "../model";
import { ESCALATION_PATHS, type EscalationPath } from "./catalogue";

/** A path a principal can take. */
export interface PathHit {
  readonly path: EscalationPath;
  /** `allowed`: for certain; `conditional`: only under conditions the model cannot decide. */
  readonly status: "allowed" | "conditional";
  /** Passed roles, when the path passes a role: `any role`, or role names. */
  readonly passes?: string;
  /** Why the path is only an upper bound, or what it depends on. */
  readonly note?: string;
  /** The policies that grant the actions. */
  readonly sources: readonly string[];
}

const ALL_ACTIONS = [...new Set(ESCALATION_PATHS.flatMap((p) => p.actions))];
const PASS_SERVICES = [...new Set(ESCALATION_PATHS.flatMap((p) => p.passTo ?? []))];

const USER_ACTIONS = /^iam:(CreateAccessKey|DeleteAccessKey|CreateLoginProfile|UpdateLoginProfile|AttachUserPolicy|PutUserPolicy|PutUserPermissionsBoundary|DeleteUserPermissionsBoundary)$/;
const ROLE_ACTIONS = /^iam:(PutRolePolicy|AttachRolePolicy|UpdateAssumeRolePolicy|PutRolePermissionsBoundary|DeleteRolePermissionsBoundary|PassRole)$|^sts:AssumeRole$/;
const GROUP_ACTIONS = /^iam:(AttachGroupPolicy|PutGroupPolicy|AddUserToGroup)$/;
const POLICY_ACTIONS = /^iam:(CreatePolicyVersion|SetDefaultPolicyVersion)$/;

/** The principal's own ARN patterns (by name, with and without a path). */
function ownPatterns(kind: string, name: string): string[] {
  return [`arn:*:iam::*:${kind}/${name}`, `arn:*:iam::*:${kind}/*/${name}`];
}

/** What a grant's resource must meet for the action to count on this path. */
function targetsFor(action: string, path: EscalationPath, p: Principal, groups: readonly string[]): { targets: string[]; excludeSelf: string[] } | undefined {
  if (path.kind === "self") {
    if (/^iam:(PutRolePolicy|AttachRolePolicy|PutRolePermissionsBoundary|DeleteRolePermissionsBoundary)$/.test(action)) return p.kind === "role" ? { targets: ownPatterns("role", p.name), excludeSelf: [] } : undefined;
    if (/^iam:(PutUserPolicy|AttachUserPolicy|PutUserPermissionsBoundary|DeleteUserPermissionsBoundary)$/.test(action)) return p.kind === "user" ? { targets: ownPatterns("user", p.name), excludeSelf: [] } : undefined;
    if (/^iam:(PutGroupPolicy|AttachGroupPolicy)$/.test(action)) {
      const mine = p.kind === "group" ? [p.name] : groups;
      return mine.length ? { targets: mine.flatMap((g) => ownPatterns("group", g)), excludeSelf: [] } : undefined;
    }
    if (action === "iam:AddUserToGroup") return p.kind === "user" ? { targets: ["arn:*:iam::*:group/*"], excludeSelf: [] } : undefined;
    if (POLICY_ACTIONS.test(action)) return { targets: ["arn:*:iam::*:policy/*"], excludeSelf: [] };
  }
  if (USER_ACTIONS.test(action)) return { targets: ["arn:*:iam::*:user/*"], excludeSelf: p.kind === "user" ? ownPatterns("user", p.name) : [] };
  if (ROLE_ACTIONS.test(action)) return { targets: ["arn:*:iam::*:role/*", "tfref:*"], excludeSelf: [] };
  if (GROUP_ACTIONS.test(action)) return { targets: ["arn:*:iam::*:group/*"], excludeSelf: [] };
  if (POLICY_ACTIONS.test(action)) return { targets: ["arn:*:iam::*:policy/*"], excludeSelf: [] };
  return { targets: ["*"], excludeSelf: [] };
}

function reach(grants: readonly EffectiveGrant[], targets: readonly string[], excludeSelf: readonly string[]): EffectiveGrant[] {
  return grants.filter((g) => targets.some((t) => globIntersects(t, g.resource)) && !excludeSelf.some((s) => globCovers(s, g.resource)));
}

/** Values a Condition on `iam:PermissionsBoundary` expects, in the Allow statements granting an action. */
function boundaryValues(p: Principal, action: string): string[] {
  const out: string[] = [];
  for (const s of p.statements) {
    if (s.effect !== "Allow" || !s.condition) continue;
    const names = (s.actions ?? []).some((a) => globCovers(a, action.toLowerCase(), true));
    if (!names) continue;
    for (const block of Object.values(s.condition)) {
      if (!block || typeof block !== "object") continue;
      for (const [k, v] of Object.entries(block as Record<string, unknown>)) if (k.toLowerCase() === "iam:permissionsboundary") out.push(...(Array.isArray(v) ? v : [v]).map(String));
    }
  }
  return [...new Set(out)];
}

/** Escalation analysis of a whole stack model, memoised per principal. */
export class EscalationAnalysis {
  private readonly hits = new Map<string, PathHit[]>();
  private readonly deepHits = new Map<string, PathHit[]>();
  private readonly powerful = new Map<string, boolean>();
  private readonly grants = new Map<Principal, Map<string, EffectiveGrant[]>>();

  constructor(private readonly model: StackModel) {}

  private readonly contextGrants = new Map<Principal, Map<string, EffectiveGrant[]>>();
  private roleByArn: Map<string, string[]> | undefined;

  private grantsOf(p: Principal): Map<string, EffectiveGrant[]> {
    const cached = this.grants.get(p);
    if (cached) return cached;
    const byAction = new Map<string, EffectiveGrant[]>();
    for (const g of effectivePermissions(p, { actions: ALL_ACTIONS })) {
      const k = g.action.toLowerCase();
      byAction.set(k, [...(byAction.get(k) ?? []), g]);
    }
    this.grants.set(p, byAction);
    return byAction;
  }

  /** True when the principal at `address` is administrator-like: `*` or `iam:*` on everything, or a certain escalation path. */
  isPowerful(address: string, depth = 0): boolean {
    const known = this.powerful.get(address);
    if (known !== undefined) return known;
    const p = this.model.principals.get(address);
    if (!p) return false;
    this.powerful.set(address, false); // cycles: assume weak while computing
    const result = isAdminLike(p) || (depth < 2 && this.pathsOf(address, depth + 1).some((h) => h.status === "allowed"));
    this.powerful.set(address, result);
    return result;
  }

  /** The paths the principal at `address` can take. */
  pathsOf(address: string, depth = 0): PathHit[] {
    const cached = depth === 0 ? this.hits.get(address) : this.deepHits.get(`${depth} ${address}`);
    if (cached) return cached;
    const p = this.model.principals.get(address);
    if (!p) return [];
    const inv = this.model.inventory;
    const info = inv.principals.get(address);
    const groups = (info?.groups ?? []).map((g) => inv.principals.get(g)?.name ?? g);
    const out = analysePrincipal(p, groups, this, depth);
    // Deeper results stop earlier (weak-role checks are skipped): cache them apart.
    (depth === 0 ? this.hits : this.deepHits).set(depth === 0 ? address : `${depth} ${address}`, out);
    return out;
  }

  /** Stack roles a PassRole grant may hand over: their addresses, or "any"/"external". */
  passTargets(grants: readonly EffectiveGrant[], prefix = "aws_iam_role."): { any: boolean; external: string[]; stack: string[] } {
    const out = { any: false, external: [] as string[], stack: [] as string[] };
    if (!this.roleByArn) {
      this.roleByArn = new Map();
      for (const [a, arn] of this.model.arns) this.roleByArn.set(arn, [...(this.roleByArn.get(arn) ?? []), a]);
    }
    for (const g of grants) {
      const exact = (this.roleByArn.get(g.resource) ?? []).filter((a) => a.startsWith(prefix));
      if (exact.length) out.stack.push(...exact);
      else if (/[*?]/.test(g.resource.replace(/^arn:\*:iam::\*:/, "arn:aws:iam::0:")) || g.resource === "*") out.any = true;
      else out.external.push(g.resource);
    }
    return out;
  }

  /** The grants of a principal for one action, optionally under a request context. */
  grantsFor(p: Principal, action: string, context?: Record<string, string>): EffectiveGrant[] {
    const all = this.grantsOf(p).get(action.toLowerCase()) ?? [];
    if (!context || all.length === 0) return all;
    // Only the grants of this action, under this context (e.g. iam:PassedToService), memoised.
    let byContext = this.contextGrants.get(p);
    if (!byContext) this.contextGrants.set(p, (byContext = new Map()));
    const key = `${action.toLowerCase()} ${JSON.stringify(context)}`;
    let hit = byContext.get(key);
    if (!hit) byContext.set(key, (hit = effectivePermissions(p, { actions: [action], context })));
    return hit;
  }

  /** Whether a policy used as a permissions boundary still lets its holder escalate. */
  boundaryIsPowerful(value: string): boolean | undefined {
    const address = [...this.model.arns.entries()].find(([a, arn]) => a.startsWith("aws_iam_policy.") && (arn === value || globCovers(arn, value)))?.[0];
    const policy = address ? this.model.inventory.managedPolicies.get(address) : undefined;
    if (!policy || policy.document.unreadable) return undefined;
    const holder = buildPrincipal({ kind: "role", name: "(any role under this boundary)", policies: [{ kind: "managed", name: policy.name, document: this.model.resolve(policy.raw) }] });
    return isAdminLike(holder) || analysePrincipal(holder, [], this, 2).some((h) => h.status === "allowed");
  }
}

function isAdminLike(p: Principal): boolean {
  return effectivePermissions(p, { actions: ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PassRole", "s3:GetObject", "ec2:RunInstances"] }).filter((g) => g.status === "allowed" && g.resource === "*" && !g.except).length >= 5;
}

function analysePrincipal(p: Principal, groups: readonly string[], analysis: EscalationAnalysis, depth: number): PathHit[] {
  const hits: PathHit[] = [];
  for (const path of ESCALATION_PATHS) {
    if (path.id === "escalation.sts-assume-role") continue; // needs the trust of each role: see assumeFlags
    let status: "allowed" | "conditional" = "allowed";
    const sources = new Set<string>();
    const notes: string[] = [];
    let passes: string | undefined;
    let ok = true;
    for (const action of path.actions) {
      const t = targetsFor(action, path, p, groups);
      if (!t) {
        ok = false;
        break;
      }
      let grants: EffectiveGrant[];
      if (action === "iam:PassRole") {
        const services = path.passTo ?? PASS_SERVICES;
        grants = [];
        for (const svc of services) grants.push(...reach(analysis.grantsFor(p, action, { "iam:PassedToService": svc }), t.targets, t.excludeSelf));
        if (!grants.length) {
          ok = false;
          break;
        }
        const targets = analysis.passTargets(grants);
        if (targets.any) passes = "any role";
        else {
          const strong = depth < 2 ? targets.stack.filter((a) => analysis.isPowerful(a, depth + 1)) : [];
          if (strong.length) passes = strong.map((a) => a.replace(/^aws_iam_role\./, "role ")).join(", ");
          else if (targets.external.length) {
            passes = targets.external.join(", ");
            status = "conditional";
            notes.push(`the passed role (${targets.external.join(", ")}) is not in this stack: its power is unknown`);
          } else {
            ok = false; // only weak roles of this stack can be passed
            break;
          }
        }
      } else {
        grants = reach(analysis.grantsFor(p, action), t.targets, t.excludeSelf);
        if (!grants.length) {
          ok = false;
          break;
        }
        if (action === "iam:AddUserToGroup") {
          // Joining a group is escalation when the group is any group, a powerful group of the stack, or unknown.
          const groupsReached = analysis.passTargets(grants, "aws_iam_group.");
          if (!groupsReached.any) {
            const strong = depth < 2 ? groupsReached.stack.filter((a) => analysis.isPowerful(a, depth + 1)) : [];
            if (!strong.length && !groupsReached.external.length) {
              ok = false;
              break;
            }
            if (!strong.length) {
              status = "conditional";
              notes.push(`the group (${groupsReached.external.join(", ")}) is not in this stack: its power is unknown`);
            }
          }
        }
      }
      const certain = grants.filter((g) => g.status === "allowed");
      if (!certain.length) {
        // Undecided conditions: a condition on the permissions boundary is judged by the boundary's content.
        const values = boundaryValues(p, action);
        if (values.length) {
          const verdicts = values.map((v) => analysis.boundaryIsPowerful(v));
          if (verdicts.every((v) => v === false)) {
            ok = false;
            break;
          }
          if (verdicts.some((v) => v === true)) notes.push(`${action} requires a permissions boundary that itself allows escalation`);
          else {
            status = "conditional";
            notes.push(`${action} requires the permissions boundary ${values.join(" or ")}, which is not in this stack: what it allows is unknown`);
          }
        } else {
          status = "conditional";
          notes.push(`${action} is allowed only under conditions the review cannot decide`);
        }
      }
      for (const g of certain.length ? certain : grants) for (const r of g.grantedBy) sources.add(r.source);
    }
    if (ok) hits.push({ path, status, ...(passes ? { passes } : {}), ...(notes.length ? { note: notes.join("; ") } : {}), sources: [...sources].sort() });
  }
  // A longer path whose every action is already a path of its own adds nothing: keep the shortest ones.
  return hits.filter((h) => !hits.some((o) => o !== h && o.status === "allowed" && o.path.actions.length < h.path.actions.length && o.path.actions.every((a) => h.path.actions.includes(a)) && o.path.kind === h.path.kind));
}

/** Statement-level trust check: does the role's trust admit the principal (by ARN) or its account (then identity decides)? */
export function trustAdmits(trust: string | AnalysedDocument | undefined, principalArn: string): "direct" | "account" | "no" {
  if (!trust) return "no";
  const doc = typeof trust === "string" ? analyseDocument(trust, "trust") : trust;
  let verdict: "direct" | "account" | "no" = "no";
  for (const s of doc.statements) {
    if (s.effect !== "Allow" || !(s.actions ?? []).some((a) => globCovers(a, "sts:assumerole", true))) continue;
    const pr = s.principal;
    const aws = pr === "*" ? ["*"] : pr && typeof pr === "object" ? ([] as string[]).concat((pr as Record<string, string | string[]>).AWS ?? []) : [];
    for (const v of aws) {
      if (v === principalArn || (v !== "*" && globCovers(v, principalArn))) verdict = "direct";
      else if (verdict === "no" && (/^arn:[^:]+:iam::[^:]+:root$/.test(v) || /^\d{12}$/.test(v) || v === "*")) verdict = "account";
    }
  }
  return verdict;
}
