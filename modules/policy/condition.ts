import { ValidationError, showValue } from "../core/errors";
import type { Problem } from "../core/errors";

/**
 * Conditions with typed operators.
 *
 * `Condition.stringEquals("aws:RequestedRegion", ["eu-west-1"])` renders
 * `{ "StringEquals": { "aws:RequestedRegion": ["eu-west-1"] } }`. Modifiers: `.ifExists()`,
 * `.forAllValues()`, `.forAnyValue()`. Values are kept as strings (IAM compares strings; numbers,
 * booleans and dates are written as their string form).
 */

/** Base condition operators IAM knows (without `IfExists` or a set prefix). */
export const CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;

/** One of {@link CONDITION_OPERATORS}. */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Multivalued context key qualifier. */
export type SetOperator = "ForAllValues" | "ForAnyValue";

/** A value a condition compares with. */
export type ConditionValue = string | number | boolean;

/** One condition: operator, context key, values. Immutable. */
export class Condition {
  static stringEquals(key: string, values: string | string[]): Condition {
    return new Condition("StringEquals", key, values);
  }
  static stringNotEquals(key: string, values: string | string[]): Condition {
    return new Condition("StringNotEquals", key, values);
  }
  static stringEqualsIgnoreCase(key: string, values: string | string[]): Condition {
    return new Condition("StringEqualsIgnoreCase", key, values);
  }
  static stringNotEqualsIgnoreCase(key: string, values: string | string[]): Condition {
    return new Condition("StringNotEqualsIgnoreCase", key, values);
  }
  static stringLike(key: string, values: string | string[]): Condition {
    return new Condition("StringLike", key, values);
  }
  static stringNotLike(key: string, values: string | string[]): Condition {
    return new Condition("StringNotLike", key, values);
  }
  static numericEquals(key: string, values: number | number[]): Condition {
    return new Condition("NumericEquals", key, values);
  }
  static numericNotEquals(key: string, values: number | number[]): Condition {
    return new Condition("NumericNotEquals", key, values);
  }
  static numericLessThan(key: string, value: number): Condition {
    return new Condition("NumericLessThan", key, value);
  }
  static numericLessThanEquals(key: string, value: number): Condition {
    return new Condition("NumericLessThanEquals", key, value);
  }
  static numericGreaterThan(key: string, value: number): Condition {
    return new Condition("NumericGreaterThan", key, value);
  }
  static numericGreaterThanEquals(key: string, value: number): Condition {
    return new Condition("NumericGreaterThanEquals", key, value);
  }
  /** Dates as ISO 8601 strings (`2026-01-01T00:00:00Z`), epoch seconds, or Date objects. */
  static dateEquals(key: string, value: string | number | Date): Condition {
    return new Condition("DateEquals", key, dateValue(value));
  }
  static dateNotEquals(key: string, value: string | number | Date): Condition {
    return new Condition("DateNotEquals", key, dateValue(value));
  }
  static dateLessThan(key: string, value: string | number | Date): Condition {
    return new Condition("DateLessThan", key, dateValue(value));
  }
  static dateLessThanEquals(key: string, value: string | number | Date): Condition {
    return new Condition("DateLessThanEquals", key, dateValue(value));
  }
  static dateGreaterThan(key: string, value: string | number | Date): Condition {
    return new Condition("DateGreaterThan", key, dateValue(value));
  }
  static dateGreaterThanEquals(key: string, value: string | number | Date): Condition {
    return new Condition("DateGreaterThanEquals", key, dateValue(value));
  }
  static bool(key: string, value: boolean): Condition {
    return new Condition("Bool", key, value);
  }
  /** Base64-encoded binary values. */
  static binaryEquals(key: string, values: string | string[]): Condition {
    return new Condition("BinaryEquals", key, values);
  }
  /** CIDR blocks (IPv4 or IPv6). */
  static ipAddress(key: string, cidrs: string | string[]): Condition {
    return new Condition("IpAddress", key, cidrs);
  }
  static notIpAddress(key: string, cidrs: string | string[]): Condition {
    return new Condition("NotIpAddress", key, cidrs);
  }
  static arnEquals(key: string, arns: string | string[]): Condition {
    return new Condition("ArnEquals", key, arns);
  }
  static arnLike(key: string, arns: string | string[]): Condition {
    return new Condition("ArnLike", key, arns);
  }
  static arnNotEquals(key: string, arns: string | string[]): Condition {
    return new Condition("ArnNotEquals", key, arns);
  }
  static arnNotLike(key: string, arns: string | string[]): Condition {
    return new Condition("ArnNotLike", key, arns);
  }
  /** `Null: { key: "true" }` matches when the key is absent; `false` when it is present. */
  static isNull(key: string, absent: boolean): Condition {
    return new Condition("Null", key, absent);
  }

  /** `condition` with `IfExists` (same as `condition.ifExists()`). */
  static ifExists(condition: Condition): Condition {
    return condition.ifExists();
  }

  /**
   * Any operator by its full JSON name, for example `"ForAnyValue:StringLikeIfExists"`. Unknown operators are
   * kept and reported by validation.
   */
  static of(fullOperator: string, key: string, values: ConditionValue | ConditionValue[]): Condition {
    let op = fullOperator;
    let set: SetOperator | undefined;
    const m = /^(ForAllValues|ForAnyValue):(.*)$/.exec(op);
    if (m) {
      set = m[1] as SetOperator;
      op = m[2];
    }
    let ifExists = false;
    if (op.endsWith("IfExists") && op !== "IfExists") {
      ifExists = true;
      op = op.slice(0, -"IfExists".length);
    }
    return new Condition(op as ConditionOperator, key, values, ifExists, set);
  }

  /** Values as strings, in the order given, without duplicates. */
  readonly values: readonly string[];

  private constructor(
    /** Base operator (validated when the document is validated). */
    readonly operator: ConditionOperator,
    /** Context key, for example `aws:SourceIp`. */
    readonly key: string,
    values: ConditionValue | ConditionValue[],
    /** `...IfExists`: also true when the key is absent. */
    readonly hasIfExists = false,
    /** `ForAllValues:` / `ForAnyValue:` qualifier for multivalued keys. */
    readonly set?: SetOperator,
  ) {
    const where = `Condition.${operator.charAt(0).toLowerCase()}${operator.slice(1)}`;
    const problems: Problem[] = [];
    if (typeof key !== "string" || key.trim() === "") {
      problems.push({ path: where, field: "key", value: showValue(key), rule: "A condition needs its context key, a non-empty string.", fix: 'Pass the key first, for example "aws:PrincipalOrgID".' });
    }
    const given = Array.isArray(values) ? values : [values];
    given.forEach((v, i) => {
      const ok = typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
      if (!ok) {
        problems.push({
          path: where,
          field: Array.isArray(values) ? `values[${i}]` : "values",
          value: showValue(v),
          rule: `A condition value is a string, a finite number or a boolean; ${v === undefined ? "undefined would be written as the text \"undefined\"" : `${showValue(v)} is not one`}.`,
          fix: `Give the value for "${String(key)}" (check the variable that holds it), or leave the condition out.`,
        });
      }
    });
    if (problems.length > 0) throw new ValidationError(problems, "Invalid condition");
    const list = given.map((v) => String(v));
    this.values = list.filter((v, i) => list.indexOf(v) === i);
  }

  /** The same condition with `IfExists`: also true when the key is absent from the request. */
  ifExists(): Condition {
    return new Condition(this.operator, this.key, [...this.values], true, this.set);
  }

  /** The same condition, true when every value of a multivalued key matches. */
  forAllValues(): Condition {
    return new Condition(this.operator, this.key, [...this.values], this.hasIfExists, "ForAllValues");
  }

  /** The same condition, true when at least one value of a multivalued key matches. */
  forAnyValue(): Condition {
    return new Condition(this.operator, this.key, [...this.values], this.hasIfExists, "ForAnyValue");
  }

  /** Full JSON operator name, for example `ForAnyValue:StringLikeIfExists`. */
  get fullOperator(): string {
    return `${this.set ? `${this.set}:` : ""}${this.operator}${this.hasIfExists ? "IfExists" : ""}`;
  }
}

function dateValue(value: string | number | Date): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new ValidationError([{ path: "Condition.date", field: "value", value: "Invalid Date", rule: "The date is invalid (new Date(...) could not read its text).", fix: 'Give a valid date, for example new Date("2026-01-01T00:00:00Z"), an ISO 8601 string or epoch seconds.' }], "Invalid condition");
    }
    return value.toISOString().replace(/\.000Z$/, "Z");
  }
  return value as string;
}

/**
 * Renders conditions to a JSON `Condition` block: operators and keys sorted (so the same set renders the same bytes
 * whatever the order given), values as lists in the order given. Two conditions with the same operator and key
 * are combined by {@link PolicyDocument.validate} as a problem, here the later one's values are appended.
 */
export function renderConditions(conditions: readonly Condition[]): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  const ops = [...new Set(conditions.map((c) => c.fullOperator))].sort();
  for (const op of ops) {
    const block: Record<string, string[]> = {};
    const keys = [...new Set(conditions.filter((c) => c.fullOperator === op).map((c) => c.key))].sort();
    for (const key of keys) {
      const values: string[] = [];
      for (const c of conditions) {
        if (c.fullOperator !== op || c.key !== key) continue;
        for (const v of c.values) if (!values.includes(v)) values.push(v);
      }
      block[key] = values;
    }
    out[op] = block;
  }
  return out;
}
