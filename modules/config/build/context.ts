/**
 * The state of one config build: the problems found so far, the entries built (to map a construct's
 * ValidationError back to the file), and the helpers every entity builder shares.
 */
import { ValidationError } from "../../core/errors";
import type { Problem } from "../../core/errors";
import type { FileProblem, Segment } from "../errors";
import type { LoadedConfig } from "../load";
import { mapDocument, parseField } from "./field-map";
import type { Origin } from "./field-map";

/** A built (or attempted) entry of the file and how its construct's problems map back to it. */
export interface Entry {
  /** Construct path of the entry's construct. */
  readonly constructPath: string;
  /** Path of the entry in the file. */
  readonly at: Segment[];
  /** managedPolicies attachment key -> index in the file. */
  readonly keyIndex?: Map<string, number>;
  /** Inline policy name -> origins of its statements. */
  readonly inlineOrigins?: Map<string, Origin[]>;
  /** Origins of the statements of a managed policy's own document. */
  readonly documentOrigins?: Origin[];
  /** Origins of the statements of a role's `trustPolicy`. */
  readonly trustOrigins?: Origin[];
  /** Child construct id -> path in the file. */
  readonly children?: Record<string, Segment[]>;
  /** Construct field -> file field, where they differ. */
  readonly renames?: Record<string, string>;
}

/** True when `inner` is `outer` or below it. */
function under(inner: readonly Segment[], outer: readonly Segment[]): boolean {
  return outer.length <= inner.length && outer.every((s, i) => s === inner[i]);
}

/** Problems and entries of one build. */
export class BuildContext {
  readonly problems: FileProblem[] = [];
  readonly entries: Entry[] = [];

  constructor(readonly loaded: LoadedConfig) {
    this.problems.push(...loaded.problems);
  }

  /** A schema problem lies inside `at` (so `at` is not built and references to it are not reported). */
  broken(at: readonly Segment[]): boolean {
    return this.loaded.problems.some((p) => !p.unknownKey && under(p.at, at));
  }

  add(p: FileProblem): void {
    this.problems.push(p);
  }

  /** Maps a construct's ValidationError back to the file. */
  constructError(e: unknown, entry: Entry, parent?: Entry): void {
    if (!(e instanceof ValidationError)) {
      this.add({ at: entry.at, rule: `Unexpected error: ${(e as Error)?.message ?? String(e)}`, fix: "Check this entry; if it looks right, report the error with the file." });
      return;
    }
    for (const p of e.problems) this.mapProblem(p, entry, parent);
  }

  /** Reports a ValidationError's problems at `at` (rethrows anything else). */
  fromError(e: unknown, at: Segment[]): void {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) this.add({ at, shown: p.value, rule: p.rule, fix: p.fix });
  }

  /** Reports a ValidationError's problems below `at`, following each problem's field (rethrows anything else). */
  fieldErrors(e: unknown, at: Segment[]): void {
    if (!(e instanceof ValidationError)) throw e;
    for (const prob of e.problems) {
      const { segs, rest } = parseField(prob.field);
      this.add({ at: [...at, ...segs], note: rest || undefined, shown: prob.value, rule: prob.rule, fix: prob.fix });
    }
  }

  private mapProblem(p: Problem, entry: Entry, parent?: Entry): void {
    let base: Segment[] | undefined;
    let target = entry;
    if (p.path === entry.constructPath) base = entry.at;
    else if (p.path.startsWith(`${entry.constructPath}/`)) {
      const child = p.path.slice(entry.constructPath.length + 1).split("/")[0] ?? "";
      base = [...entry.at, ...(entry.children?.[child] ?? [])];
    } else if (parent && p.path === parent.constructPath) {
      base = parent.at;
      target = parent;
    }
    const { segs, rest } = parseField(p.field);
    if (!base) {
      this.add({ at: entry.at, note: `(${p.path}${p.field ? `: ${p.field}` : ""})`, shown: p.value, rule: p.rule, fix: p.fix });
      return;
    }
    let mapped: Segment[] = segs;
    let note = rest || undefined;
    const head = segs[0];
    if (head !== undefined && target.renames && typeof head === "string" && head in target.renames) {
      const to = target.renames[head] as string;
      mapped = to ? [to, ...segs.slice(1)] : segs.slice(1);
    } else if (head === "additionalTrustStatements" && segs[1] === "statements" && typeof segs[2] === "number") {
      // Trust statements are validated as a document of their own: `additionalTrustStatements.statements[i]`.
      mapped = ["additionalTrustStatements", ...segs.slice(2)];
    } else if (head === "managedPolicies" && typeof segs[1] === "string" && target.keyIndex?.has(segs[1])) {
      mapped = ["managedPolicies", target.keyIndex.get(segs[1]) as number, ...segs.slice(2)];
    } else if (head === "inlinePolicies" && typeof segs[1] === "string") {
      const origins = target.inlineOrigins?.get(segs[1]);
      const inner = origins ? mapDocument(segs.slice(2), origins) : { segs: segs.slice(2) };
      mapped = ["inlinePolicies", segs[1], ...inner.segs];
      note = [inner.note, note].filter(Boolean).join(" ") || undefined;
    } else if (head === "trustPolicy" && target.trustOrigins) {
      const inner = mapDocument(segs.slice(1), target.trustOrigins);
      mapped = ["trustPolicy", ...inner.segs];
      note = [inner.note, note].filter(Boolean).join(" ") || undefined;
    } else if (head === "document" && target.documentOrigins) {
      const inner = mapDocument(segs.slice(1), target.documentOrigins);
      mapped = inner.segs;
      note = [inner.note, note].filter(Boolean).join(" ") || undefined;
    }
    this.add({ at: [...base, ...mapped], note, shown: p.value, rule: p.rule, fix: p.fix });
  }
}

/** The defined fields of `o` among `keys`. */
export function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
