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

/**
 * Checks an argument of a public entry point that plain JavaScript (or a cast) may leave out or give the wrong
 * type, so the caller gets a {@link ValidationError} naming the argument instead of a TypeError later.
 * @param where the entry point, for example `Backend.s3`
 * @param name the argument, for example `props`
 * @param kind what it must be: "object" (a plain object, not null or a list), "string" (non-empty), "array"
 * @param example how a correct call looks, for the fix
 * @throws ValidationError when the argument is not of that kind
 */
export function requireArgument(where: string, name: string, value: unknown, kind: "object" | "string" | "array", example: string): void {
  const ok =
    kind === "object"
      ? value !== null && typeof value === "object" && !Array.isArray(value)
      : kind === "string"
        ? typeof value === "string" && value.length > 0
        : Array.isArray(value);
  if (ok) return;
  const got = value === null ? "null" : Array.isArray(value) ? "a list" : value === undefined ? "nothing" : `a ${typeof value}`;
  const want = kind === "object" ? "an object" : kind === "string" ? "a non-empty string" : "a list";
  throw new ValidationError([{ path: where, field: name, value: showValue(value), rule: `\`${name}\` must be ${want}; got ${got}.`, fix: `Pass ${name}, for example ${example}.` }], `Invalid argument to ${where}`);
}
