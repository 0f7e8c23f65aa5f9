/**
 * Token resolution of a stack's Terraform JSON in one cheap walk, with cdktf's result.
 *
 * cdktf resolves every rendered element through its generic `resolve` (cdktf/lib/tokens/private/resolve.js),
 * which allocates two resolution contexts (closures) per key, per array item and per string of the tree, and
 * does so three times per synth (the preparing pass, each element's fragment, the whole stack). Nearly all of
 * a stack's JSON is plain data. {@link resolveFast} walks plain data itself and hands each part that holds a
 * token (an IResolvable, a string with a token marker or an encoded number, a list or map token, a Construct,
 * a function) to cdktf's own `Tokenization.resolve`, with the same scope, `preparing` flag and resolver kind as
 * cdktf's walk. The context a token sees is the same as under cdktf's walk: plain objects and arrays pass it on
 * unchanged (only tokens set `suppressBraces`, `ignoreEscapes`, `warnEscapes`, `iteratorContext`), so a token
 * reached through plain data sees cdktf's defaults either way. Two shapes are resolved without cdktf's generic
 * resolver, with its result: a number that is not an encoded token (itself), and a string that is exactly one
 * attribute reference (by the reference's own `resolve`, reference-resolve.ts), the commonest token of a stack.
 *
 * What differs is only the key path cdktf puts in some error messages; callers that need cdktf's exact error
 * run cdktf's own path when this one throws (see stack-render.ts).
 *
 * Equality with cdktf's walk is tested on representative stacks (__tests__/stack/fast-render.test.ts).
 */
import { DefaultTokenResolver, StringConcat, Tokenization } from "./cdktf";
import type { IConstruct } from "./cdktf";
import { resolveOneReference } from "./reference-resolve";
import { ANY_MAP_TOKEN_VALUE, NUMBER_IN_STRING, plainNumber, plainString, STRING_MAP_TOKEN_VALUE, TOKEN_MARKER } from "./token-text";
/** cdktf refuses deeper trees (a circular reference); deeper parts go to cdktf, which reports it. */
const MAX_DEPTH = 150;

const RESOLVER = new DefaultTokenResolver(new StringConcat());
// Read once: each use of an import re-reads it through two module getters (this library's and cdktf's index).
const TOKENIZATION = Tokenization;

/** Options of one resolution: the stack that resolves, and whether this is cdktf's preparing pass. */
export interface FastResolveOptions {
  readonly scope: IConstruct;
  readonly preparing: boolean;
}

/**
 * Resolves `value` as cdktf's `resolve(scope, value, preparing)` does (cdktf/lib/_tokens.js): same result,
 * same tokens resolved in the same order, same side effects (cross-stack references in the preparing pass).
 */
export function resolveFast(value: unknown, options: FastResolveOptions): unknown {
  return walk(value, options, 0);
}

/**
 * {@link resolveFast} of `JSON.parse(text)`, read straight from JSON text when the text holds nothing cdktf would
 * resolve (no token marker, nothing that reads as an encoded number, no map token placeholder): then the
 * resolution is a copy of the parsed value, which `JSON.parse` makes. Undefined otherwise: resolve the value.
 */
export function parsePlainJsonText(text: string): unknown {
  if (text.includes(TOKEN_MARKER) || NUMBER_IN_STRING.test(text) || text.includes(STRING_MAP_TOKEN_VALUE) || text.includes(ANY_MAP_TOKEN_VALUE)) return undefined;
  // JSON.parse makes an own "__proto__" key where the walk's assignment would set a prototype: the walk decides.
  if (text.includes('"__proto__"')) return undefined;
  return JSON.parse(text) as unknown;
}

/**
 * {@link resolveFast} for a value that is mostly resolved already (a stack's merged fragments): the same
 * result, but parts without tokens are returned as they are, not copied. The caller must own `value`.
 */
export function resolveFastInPlace(value: unknown, options: FastResolveOptions): unknown {
  return walkSharing(value, options, 0);
}

function walkSharing(value: unknown, o: FastResolveOptions, depth: number): unknown {
  if (value === null || typeof value !== "object" || value instanceof Date || depth > MAX_DEPTH) return walk(value, o, depth);
  if (Array.isArray(value)) {
    if (value.some(mayBeListToken)) return cdktf(value, o);
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const r = walkSharing(item, o, depth + 1);
      if (out === undefined && (r !== item || r === undefined)) out = value.slice(0, i);
      if (out !== undefined && r !== undefined) out.push(r);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (TOKENIZATION.isResolvable(record) || isConstruct(record) || !keys.every(plainString)) return cdktf(value, o);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = record[key];
    const r = walkSharing(item, o, depth + 1);
    if (out === undefined && (r !== item || r === undefined)) out = Object.fromEntries(keys.slice(0, i).map((k) => [k, record[k]]));
    if (out !== undefined && r !== undefined) out[key] = r;
  }
  return out ?? record;
}

/**
 * cdktf's preparing pass over `value` (`resolve(scope, value, true)`), whose result cdktf discards: resolves the
 * same tokens in the same order with `preparing` set, without building the resolved copy.
 */
export function prepareTokens(value: unknown, scope: IConstruct): void {
  visit(value, { scope, preparing: true }, 0);
}

function visit(value: unknown, o: FastResolveOptions, depth: number): void {
  if (value === null || typeof value !== "object") {
    if (typeof value === "string" ? !plainString(value) && referenceString(value, o) === undefined : typeof value === "number" ? !plainNumber(value) : typeof value === "function") cdktf(value, o);
    return;
  }
  if (value instanceof Date) return;
  if (depth > MAX_DEPTH) {
    cdktf(value, o);
  } else if (Array.isArray(value)) {
    if (value.some(mayBeListToken)) cdktf(value, o);
    else for (const item of value) visit(item, o, depth + 1);
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (TOKENIZATION.isResolvable(record) || isConstruct(record) || !keys.every(plainString)) cdktf(value, o);
    else for (const key of keys) visit(record[key], o, depth + 1);
  }
}

function walk(value: unknown, o: FastResolveOptions, depth: number): unknown {
  switch (typeof value) {
    case "undefined":
    case "boolean":
    case "bigint":
    case "symbol":
      return value;
    case "string":
      return plainString(value) ? value : (referenceString(value, o) ?? cdktf(value, o));
    case "number": // an encoded token (or the number map placeholder) goes to cdktf, any other number is itself
      return plainNumber(value) ? value : cdktf(value, o);
    case "function": // cdktf throws: functions cannot be resolved
      return cdktf(value, o);
  }
  if (value === null || value instanceof Date) return value;
  if (depth > MAX_DEPTH) return cdktf(value, o);
  if (Array.isArray(value)) {
    if (value.some(mayBeListToken)) return cdktf(value, o);
    const out: unknown[] = [];
    for (const item of value) {
      const r = walk(item, o, depth + 1);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (TOKENIZATION.isResolvable(record) || isConstruct(record) || !keys.every(plainString)) {
    return cdktf(value, o);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const r = walk(record[key], o, depth + 1);
    if (r !== undefined) out[key] = r;
  }
  return out;
}

/** A one-reference string reached through plain data (cdktf's default flags), resolved by the reference. */
function referenceString(s: string, o: FastResolveOptions): string | undefined {
  return resolveOneReference(s, o.scope, o.preparing, undefined);
}

/** An array element that may make cdktf resolve the array as a list token (a marked string or any number). */
function mayBeListToken(x: unknown): boolean {
  return typeof x === "number" || (typeof x === "string" && x.includes(TOKEN_MARKER));
}

/** cdktf's own test (resolve.js `isConstruct`): it refuses to resolve a construct. */
function isConstruct(x: Record<string, unknown>): boolean {
  return x._children !== undefined && x._metadata !== undefined;
}

function cdktf(value: unknown, o: FastResolveOptions): unknown {
  return TOKENIZATION.resolve(value, { scope: o.scope, preparing: o.preparing, resolver: RESOLVER });
}
