/**
 * Problems of a config file: where (file, line, column, and the path inside the file such as
 * `roles[2].managedPolicies[0]`), what was wrong, and how to fix it. All of a file's problems are collected and
 * thrown together in one {@link ConfigError}.
 */
import type { Problem } from "../core/errors";
import { ValidationError, showValue } from "../core/errors";

/** One step of a path inside the file: a key of a mapping or an index of a list. */
export type Segment = string | number;

/** Renders a path: `roles[2].managedPolicies[0]`, `stacks[0].roles[1].inlinePolicies.backups`. */
export function renderPath(path: readonly Segment[]): string {
  let out = "";
  for (const s of path) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A problem found in a file, before it is given a line number. */
export interface FileProblem {
  /** Path inside the file (empty: the whole file). */
  readonly at: readonly Segment[];
  /** Text shown after the path (for example "(access-key-id parameter)"). */
  readonly note?: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
  /** The value already rendered for the message (instead of `value`). */
  readonly shown?: string;
  /** What is wrong, in one sentence. */
  readonly rule: string;
  /** How to fix it, in one sentence. */
  readonly fix: string;
  /** An unknown key: reported, but the entry around it can still be built (the key is ignored). */
  readonly unknownKey?: boolean;
  /** `line:column`, when known better than from `at` (syntax errors). */
  readonly where?: string;
}

/** Thrown when a config file has problems; `problems[i].path` is `<file>:<line>:<column>`, `field` the path inside it. */
export class ConfigError extends ValidationError {
  /** The file, as shown in messages. */
  readonly file: string;

  constructor(file: string, problems: readonly Problem[]) {
    super(problems, `Invalid config file ${file}; nothing was synthesized`);
    this.name = "ConfigError";
    this.file = file;
  }
}

/** Converts file problems to {@link Problem}s, located by `locate` (returns `line:column` or undefined). */
export function toProblems(file: string, items: readonly FileProblem[], locate: (at: readonly Segment[]) => string | undefined): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of items) {
    const where = p.where ?? locate(p.at);
    const field = [renderPath(p.at) || "(top level)", p.note].filter(Boolean).join(" ");
    const problem: Problem = {
      path: where ? `${file}:${where}` : file,
      field,
      value: p.shown ?? (p.value === undefined ? undefined : showValue(p.value)),
      rule: inFileWords(p.rule),
      fix: inFileWords(p.fix),
    };
    // One message per place and rule (a construct may report one mistake once per value derived from it).
    const key = `${problem.path}|${renderPath(p.at)}|${problem.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  // In the order of the file (problems without a line keep their place at the front).
  const pos = (p: Problem) => {
    const m = /:(\d+):(\d+)$/.exec(p.path);
    return m ? Number(m[1]) * 100000 + Number(m[2]) : 0;
  };
  return out.map((p, i) => ({ p, i })).sort((a, b) => pos(a.p) - pos(b.p) || a.i - b.i).map((x) => x.p);
}

/** Rewrites the TypeScript wording of construct messages into the words of the file. */
export function inFileWords(text: string): string {
  return text
    .replace(/credentialsReaderPolicy\(\)/g, "credentialsReaderPolicy")
    .replace(/`storeIn: SsmStore\.secure\(\{ prefix(?:, kmsKeyArn)? \}\)`/g, "`storeIn: { prefix: /integrations/<system> }`")
    .replace(/SsmStore\.secure\(\{ prefix \}\)/g, "{ prefix: /integrations/<system> }")
    .replace(/use AwsManagedPolicy\.fromArn for a policy the catalog does not know yet/g, "write the policy's ARN (arn:aws:iam::aws:policy/...) for a policy the catalog does not know yet")
    .replace(/AwsManagedPolicy\.fromName\(([^)]*)\)/g, "$1")
    .replace(/Principal\.account\(\.\.\.\) \/ Principal\.arn\(\.\.\.\)/g, "{ account: ... } / { arn: ... }")
    .replace(/Condition\.stringEquals\(\\?"([^"\\]+)\\?", \\?"([^"\\]+)\\?"\)/g, "conditions: { StringEquals: { $1: $2 } }")
    .replace(/set allowBroad: \{ reason: \\?"\.\.\.\\?" \}/g, "set `allowBroad: { reason: ... }`");
}
