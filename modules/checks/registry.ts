/**
 * The one home of synth-time checks that the host app cannot switch off.
 *
 * Two kinds of checks (see DESIGN.md, "Two kinds of checks"):
 * - **Per construct**: a construct registers {@link addConstructCheck} for what can change after its
 *   constructor (attachments, statements added later). It reports problems at its own path.
 * - **Whole app**: an {@link AppRule} sees every construct of the app once per synth (names unique
 *   case-insensitively across stacks, one password policy per account, two stacks on one state, who can
 *   read each stored credential, ...). Rules work on *facts* that constructs record with
 *   {@link recordFact}, never on construct classes, so this module imports no construct and data flows
 *   one way.
 *
 * {@link runChecks} runs both kinds and throws one {@link ValidationError} with every problem. `IamStack`
 * calls it when cdktf prepares or renders the stack (`App.synth()`, `Testing.synth()`), whatever the app's
 * `skipValidation` says: only a rule's own opt-out (with a reason) lifts a check.
 */
import type { IConstruct } from "../internal/cdktf";
import { ValidationError } from "../core/errors";
import type { Problem } from "../core/errors";

/** A per-construct check: the problems of that construct, at synth time. */
export type ConstructCheck = () => readonly Problem[];

/** A typed key for facts that constructs record and whole-app rules read. */
export interface FactKey<T> {
  /** Unique name of the kind of fact, for example "iam-entity". */
  readonly name: string;
  /** Phantom member that carries the fact's type; never set. */
  readonly __type?: T;
}

/** A fact and the construct that recorded it. */
export interface RecordedFact<T> {
  readonly construct: IConstruct;
  readonly value: T;
}

/** What a whole-app rule sees. */
export interface AppCheckContext {
  /** The root of the construct tree (the App). */
  readonly root: IConstruct;
  /** Every fact of this kind recorded anywhere in the app, in construct-tree order. */
  facts<T>(key: FactKey<T>): readonly RecordedFact<T>[];
}

/** A rule over the whole app, run once per synth. */
export interface AppRule {
  /** Stable id, for example "unique-iam-names". */
  readonly id: string;
  /** One line: what the rule guarantees. */
  readonly description: string;
  /** Every problem found, each at the path of the construct concerned. */
  check(context: AppCheckContext): readonly Problem[];
}

const CHECKS = Symbol.for("iam-cdktf.checks");
const FACTS = Symbol.for("iam-cdktf.facts");
const LAST_RUN = Symbol.for("iam-cdktf.checks.last-run");

type WithChecks = { [CHECKS]?: ConstructCheck[]; [FACTS]?: Map<string, unknown[]> };

/** Registers a check of `construct`, run at every synth. */
export function addConstructCheck(construct: IConstruct, check: ConstructCheck): void {
  const c = construct as unknown as WithChecks;
  if (!c[CHECKS]) Object.defineProperty(c, CHECKS, { value: [], enumerable: false });
  c[CHECKS]!.push(check);
}

/** Records a fact about `construct` for the whole-app rules. */
export function recordFact<T>(construct: IConstruct, key: FactKey<T>, value: T): void {
  const c = construct as unknown as WithChecks;
  if (!c[FACTS]) Object.defineProperty(c, FACTS, { value: new Map<string, unknown[]>(), enumerable: false });
  const map = c[FACTS]!;
  const list = map.get(key.name) ?? [];
  list.push(value);
  map.set(key.name, list);
}

/** Defines a fact key. */
export function factKey<T>(name: string): FactKey<T> {
  return { name };
}

const rules = new Map<string, AppRule>();

/** Adds a whole-app rule (idempotent by id). Rule modules call this when imported; see ./rules.ts. */
export function registerAppRule(rule: AppRule): void {
  rules.set(rule.id, rule);
}

/** The registered whole-app rules, in registration order. */
export function appRules(): readonly AppRule[] {
  return [...rules.values()];
}

/**
 * Runs every per-construct check and every whole-app rule over the app that holds `scope`, and throws one
 * {@link ValidationError} listing all problems. Runs at most once per state of the tree: a second call with no
 * construct added returns at once (cdktf prepares and then renders each stack).
 */
export function runChecks(scope: IConstruct): void {
  const root = scope.node.root;
  const all = root.node.findAll();
  const marker = root as unknown as { [LAST_RUN]?: number };
  if (marker[LAST_RUN] === all.length) return;

  const problems: Problem[] = [];
  const factIndex = new Map<string, RecordedFact<unknown>[]>();
  for (const construct of all) {
    const c = construct as unknown as WithChecks;
    for (const check of c[CHECKS] ?? []) problems.push(...check());
    for (const [name, values] of c[FACTS] ?? []) {
      const list = factIndex.get(name) ?? [];
      for (const value of values) list.push({ construct, value });
      factIndex.set(name, list);
    }
  }
  const context: AppCheckContext = {
    root,
    facts: <T>(key: FactKey<T>) => (factIndex.get(key.name) ?? []) as RecordedFact<T>[],
  };
  for (const rule of rules.values()) problems.push(...rule.check(context));
  if (problems.length > 0) throw new ValidationError(problems, "Invalid IAM configuration");
  Object.defineProperty(marker, LAST_RUN, { value: all.length, writable: true, configurable: true, enumerable: false });
}
