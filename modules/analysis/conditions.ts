/**
 * Three-valued evaluation of an IAM `Condition` block: true, false, or unknown (a key or variable whose value the
 * model does not know). Operators follow the IAM reference ("IAM JSON policy elements: Condition operators"):
 * every operator of the String, Numeric, Date, Bool, Binary, IpAddress, Arn and Null families, the `IfExists`
 * suffix and the `ForAllValues:` / `ForAnyValue:` set qualifiers. Several operators, several keys: all must hold;
 * several values of one key: any may match (for negated operators: none may match).
 */
import { globMatch, substitute } from "./patterns";
import type { KeyLookup } from "./patterns";

/** `true`, `false` or `undefined` (unknown). */
export type Tri = boolean | undefined;

/** The outcome of a condition block, with the keys whose unknown values left it undecided. */
export interface ConditionResult {
  readonly value: Tri;
  readonly unknownKeys: readonly string[];
}

/** AND of three-valued results: false wins, then unknown. */
export function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === undefined || b === undefined) return undefined;
  return true;
}

type Compare = (actual: string, expected: string) => Tri;

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function ipInCidr(ip: string, cidr: string): Tri {
  const [base, bitsText] = cidr.split("/");
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return undefined; // IPv6 or malformed: not modelled
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function num(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
}

function date(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function numeric(cmp: (a: number, b: number) => boolean, parse: (s: string) => number | undefined): Compare {
  return (actual, expected) => {
    const a = parse(actual);
    const b = parse(expected);
    return a === undefined || b === undefined ? false : cmp(a, b);
  };
}

/** Base operators: [comparison, negated?]. Negated operators are the complement of their positive twin. */
const OPERATORS: Record<string, [Compare, boolean]> = {
  stringequals: [(a, e) => a === e, false],
  stringnotequals: [(a, e) => a === e, true],
  stringequalsignorecase: [(a, e) => a.toLowerCase() === e.toLowerCase(), false],
  stringnotequalsignorecase: [(a, e) => a.toLowerCase() === e.toLowerCase(), true],
  stringlike: [(a, e) => globMatch(e, a), false],
  stringnotlike: [(a, e) => globMatch(e, a), true],
  numericequals: [numeric((a, b) => a === b, num), false],
  numericnotequals: [numeric((a, b) => a === b, num), true],
  numericlessthan: [numeric((a, b) => a < b, num), false],
  numericlessthanequals: [numeric((a, b) => a <= b, num), false],
  numericgreaterthan: [numeric((a, b) => a > b, num), false],
  numericgreaterthanequals: [numeric((a, b) => a >= b, num), false],
  dateequals: [numeric((a, b) => a === b, date), false],
  datenotequals: [numeric((a, b) => a === b, date), true],
  datelessthan: [numeric((a, b) => a < b, date), false],
  datelessthanequals: [numeric((a, b) => a <= b, date), false],
  dategreaterthan: [numeric((a, b) => a > b, date), false],
  dategreaterthanequals: [numeric((a, b) => a >= b, date), false],
  bool: [(a, e) => a.toLowerCase() === e.toLowerCase(), false],
  binaryequals: [(a, e) => a === e, false],
  ipaddress: [ipInCidr, false],
  notipaddress: [ipInCidr, true],
  arnequals: [(a, e) => globMatch(e, a), false],
  arnlike: [(a, e) => globMatch(e, a), false],
  arnnotequals: [(a, e) => globMatch(e, a), true],
  arnnotlike: [(a, e) => globMatch(e, a), true],
};

function anyOf(actual: string, expected: readonly string[], cmp: Compare): Tri {
  let result: Tri = false;
  for (const e of expected) {
    const r = cmp(actual, e);
    if (r === true) return true;
    if (r === undefined) result = undefined;
  }
  return result;
}

function not3(v: Tri): Tri {
  return v === undefined ? undefined : !v;
}

function asStrings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/** Evaluates one operator on one key. */
function evalOne(operator: string, key: string, rawExpected: unknown, lookup: KeyLookup, unknown: Set<string>): Tri {
  let op = operator.toLowerCase();
  let set: "any" | "all" | undefined;
  if (op.startsWith("forallvalues:")) [set, op] = ["all", op.slice(13)];
  else if (op.startsWith("foranyvalue:")) [set, op] = ["any", op.slice(12)];
  const ifExists = op.endsWith("ifexists") && op !== "ifexists";
  if (ifExists) op = op.slice(0, -8);

  const lowerKey = key.toLowerCase();
  const actualRaw = lookup(lowerKey);
  if (actualRaw === undefined) {
    unknown.add(lowerKey);
    return undefined;
  }
  const actual = actualRaw === null ? [] : asStrings(actualRaw);

  // Expected values may hold policy variables.
  const expected: string[] = [];
  for (const e of asStrings(rawExpected)) {
    const s = substitute(e, lookup);
    if (s.kind === "value") expected.push(s.text);
    else if (s.kind === "unknown") {
      unknown.add(s.key);
      return undefined;
    } // an absent variable without default matches nothing: drop the value
  }

  if (op === "null") {
    const wantsAbsent = expected.some((e) => e.toLowerCase() === "true");
    const wantsPresent = expected.some((e) => e.toLowerCase() === "false");
    const absent = actual.length === 0;
    return (absent && wantsAbsent) || (!absent && wantsPresent);
  }
  const def = OPERATORS[op];
  if (!def) {
    unknown.add(`operator ${operator}`);
    return undefined;
  }
  const [cmp, negated] = def;
  if (set === "all") {
    // True when every context value satisfies the operator (vacuously true when the key is absent or empty).
    let r: Tri = true;
    for (const a of actual) r = and3(r, negated ? not3(anyOf(a, expected, cmp)) : anyOf(a, expected, cmp));
    return r;
  }
  if (set === "any") {
    if (actual.length === 0) return false;
    let r: Tri = false;
    for (const a of actual) {
      const one = negated ? not3(anyOf(a, expected, cmp)) : anyOf(a, expected, cmp);
      if (one === true) return true;
      if (one === undefined) r = undefined;
    }
    return r;
  }
  if (actual.length === 0) return ifExists ? true : negated;
  let matched: Tri = false;
  for (const a of actual) {
    const one = anyOf(a, expected, cmp);
    if (one === true) {
      matched = true;
      break;
    }
    if (one === undefined) matched = undefined;
  }
  return negated ? not3(matched) : matched;
}

/** Evaluates a `Condition` block (undefined or `{}` is true). */
export function evaluateCondition(condition: Readonly<Record<string, unknown>> | undefined, lookup: KeyLookup): ConditionResult {
  if (!condition) return { value: true, unknownKeys: [] };
  const unknown = new Set<string>();
  let value: Tri = true;
  for (const [operator, block] of Object.entries(condition)) {
    if (!block || typeof block !== "object") continue;
    for (const [key, expected] of Object.entries(block as Record<string, unknown>)) {
      value = and3(value, evalOne(operator, key, expected, lookup, unknown));
      if (value === false) return { value: false, unknownKeys: [] };
    }
  }
  return { value, unknownKeys: value === undefined ? [...unknown].sort() : [] };
}
