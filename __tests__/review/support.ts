/** Shared helpers of the review tests. */
import { synthToDir, type SynthResult } from "../support/terraform";
import { buildBase, buildHead } from "../fixtures/review/apps";
import type { PrincipalChange, StackReview } from "../../modules/review";
import type { PermissionGroup } from "../../modules/review";

let cached: { base: SynthResult; head: SynthResult } | undefined;

/** The before/after fixture apps, synthesized once per test file. */
export function fixtureApps(): { base: SynthResult; head: SynthResult } {
  cached ??= { base: synthToDir(buildBase), head: synthToDir(buildHead) };
  return cached;
}

export function stackOf(stacks: readonly StackReview[], name: string): StackReview {
  const s = stacks.find((x) => x.stack === name);
  if (!s) throw new Error(`no review of stack ${name}; got ${stacks.map((x) => x.stack).join(", ")}`);
  return s;
}

export function principal(s: StackReview, kind: string, name: string, status?: string): PrincipalChange {
  const p = s.principals.find((x) => x.kind === kind && x.name === name && (!status || x.status === status));
  if (!p) throw new Error(`no ${kind} ${name} (${status ?? "any"}) in ${s.stack}: ${s.principals.map((x) => `${x.kind} ${x.name} ${x.status}`).join("; ")}`);
  return p;
}

/** `service:Action` pairs of permission groups, for exact comparisons. */
export function actionsOf(groups: readonly PermissionGroup[], filter: (g: PermissionGroup) => boolean = () => true): string[] {
  return groups
    .filter(filter)
    .flatMap((g) => g.actions.map((a) => `${g.service}:${a}`))
    .sort();
}
