/**
 * Validation problems and the error that carries them.
 *
 * Every check in this library reports a {@link Problem}: where (construct path and
 * field), what (the bad value), which rule, and how to fix it. Checks collect all
 * problems of a construct or document and throw them together in one
 * {@link ValidationError}, so a user fixes everything in one round.
 */

/** One thing wrong with an input. */
export interface Problem {
  /** Where: the construct path (for example `app/stack/Role`) or a file location. */
  readonly path: string;
  /** The field inside it (for example `statements[2].actions[0]`). */
  readonly field: string;
  /** The offending value, as given (already rendered as a short string). */
  readonly value?: string;
  /** The rule that was broken, in one sentence. */
  readonly rule: string;
  /** How to fix it, in one sentence. */
  readonly fix: string;
}

/** Renders a value for a message: short, quoted, never multi-line. */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (value === undefined) text = "undefined";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One line per problem: `path: field = value: rule. Fix: fix` */
export function formatProblem(p: Problem): string {
  const where = p.field ? `${p.path}: ${p.field}` : p.path;
  const value = p.value !== undefined ? ` = ${p.value}` : "";
  return `${where}${value}: ${p.rule} Fix: ${p.fix}`;
}

/** Thrown when an input breaks one or more rules; lists every problem found. */
export class ValidationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], heading = "Invalid IAM configuration") {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`${heading} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/** Collects problems and throws them all at once. */
export class Problems {
  private readonly items: Problem[] = [];

  constructor(private readonly path: string) {}

  /** Records a problem at this collector's path. */
  add(field: string, value: unknown, rule: string, fix: string): this {
    this.items.push({ path: this.path, field, value: value === undefined ? undefined : showValue(value), rule, fix });
    return this;
  }

  /** Records problems found elsewhere (for example by a policy validator). */
  addAll(problems: readonly Problem[]): this {
    this.items.push(...problems);
    return this;
  }

  get list(): readonly Problem[] {
    return this.items;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Throws a {@link ValidationError} when any problem was recorded. */
  throwIfAny(heading?: string): void {
    if (this.items.length > 0) throw new ValidationError(this.items, heading);
  }
}
