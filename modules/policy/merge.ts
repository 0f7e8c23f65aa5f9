/**
 * Meaning-preserving statement merging.
 *
 * A statement grants (or denies) every combination principal x action x resource that its lists name,
 * under its conditions. Two statements with the same effect, the same conditions, the same Not-lists and the
 * same opt-in, that agree on two of Action/Resource/Principal, together cover exactly the combinations of one
 * statement whose third list is the union of both. Nothing else is merged: statements with a Sid keep their
 * identity, and wildcards are never folded into each other.
 */
import { renderConditions } from "./condition";
import { Principal } from "./principal";
import { Statement, StatementProps } from "./statement";

type Axis = "actions" | "resources" | "principals";
const AXES: Axis[] = ["actions", "resources", "principals"];

function principalKey(p: Principal): string {
  return `${p.kind}|${p.source}|${p.partition ?? ""}|${p.value}|${p.reason ?? ""}`;
}

function listKey(values: readonly (string | Principal)[] | undefined): string {
  if (values === undefined) return "-";
  const keys = values.map((v) => (v instanceof Principal ? principalKey(v) : String(v)));
  return JSON.stringify([...new Set(keys)].sort());
}

/** Everything that must be equal for two statements to be merged, apart from the three axes. */
function fixedKey(s: Statement): string {
  const p = s.props;
  return JSON.stringify([
    p.effect,
    p.conditions && p.conditions.length ? renderConditions(p.conditions) : null,
    listKey(p.notActions),
    listKey(p.notResources),
    listKey(p.notPrincipals),
    AXES.map((a) => p[a] !== undefined),
    p.allowBroad?.reason ?? null,
    p.skipCatalogCheck?.reason ?? null,
  ]);
}

function union<T>(a: readonly T[], b: readonly T[], key: (v: T) => string): T[] {
  const seen = new Set(a.map(key));
  const out = [...a];
  for (const v of b) {
    const k = key(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** The merged statement when `a` and `b` can be merged without changing meaning; otherwise undefined. */
export function tryMerge(a: Statement, b: Statement): Statement | undefined {
  if (a.props.sid !== undefined || b.props.sid !== undefined) return undefined;
  if (fixedKey(a) !== fixedKey(b)) return undefined;
  const differing = AXES.filter((ax) => a.props[ax] !== undefined && listKey(a.props[ax]) !== listKey(b.props[ax]));
  if (differing.length > 1) return undefined;
  if (differing.length === 0) return a; // same grant twice
  const ax = differing[0];
  const merged: StatementProps =
    ax === "principals"
      ? { ...a.props, principals: union(a.props.principals!, b.props.principals!, principalKey) }
      : { ...a.props, [ax]: union(a.props[ax] as string[], b.props[ax] as string[], String) };
  return new Statement(merged);
}

/**
 * Merges statements until no pair can be merged. The result is stable: a merged statement takes the place of
 * the first of its sources, lists keep first-seen order, and the same input always gives the same output.
 *
 * Linear passes instead of pairwise comparisons: for each axis, statements that agree on everything else (fixed
 * key and the two other axes) fall into one bucket and become one statement with the union of that axis. Passes
 * repeat until nothing changes (a merge on one axis can make two statements equal on another).
 */
export function mergeStatements(statements: readonly Statement[]): Statement[] {
  const work: (Statement | undefined)[] = [...statements];
  const keys = new Map<Statement, { fixed: string; axes: Record<Axis, string> }>();
  const keyOf = (s: Statement) => {
    let k = keys.get(s);
    if (!k) {
      k = {
        fixed: fixedKey(s),
        axes: { actions: listKey(s.props.actions), resources: listKey(s.props.resources), principals: listKey(s.props.principals) },
      };
      keys.set(s, k);
    }
    return k;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const ax of AXES) {
      const buckets = new Map<string, number[]>();
      work.forEach((s, i) => {
        if (!s || s.props.sid !== undefined || s.props[ax] === undefined) return;
        const k = keyOf(s);
        const bucket = `${k.fixed}\u0000${AXES.filter((a) => a !== ax)
          .map((a) => k.axes[a])
          .join("\u0000")}`;
        const b = buckets.get(bucket);
        if (b) b.push(i);
        else buckets.set(bucket, [i]);
      });
      for (const idx of buckets.values()) {
        if (idx.length < 2) continue;
        const first = work[idx[0]]!;
        let merged: Statement;
        if (ax === "principals") {
          let list = first.props.principals!;
          for (const i of idx.slice(1)) list = union(list, work[i]!.props.principals!, principalKey);
          merged = new Statement({ ...first.props, principals: list });
        } else {
          let list = first.props[ax] as readonly string[];
          for (const i of idx.slice(1)) list = union(list, work[i]!.props[ax] as string[], String);
          merged = new Statement({ ...first.props, [ax]: list });
        }
        work[idx[0]] = merged;
        for (const i of idx.slice(1)) work[i] = undefined;
        changed = true;
      }
    }
  }
  return work.filter((s): s is Statement => s !== undefined);
}
