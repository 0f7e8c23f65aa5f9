/**
 * The text cdktf writes for a stack (`cdk.tf.json`), produced by the JavaScript engine's own `JSON.stringify`.
 *
 * cdktf writes each stack with `json-stable-stringify` (`stringify(json, { space: 2 })` in
 * cdktf/lib/synthesize/synthesizer.js): object keys sorted, two-space indentation. That library builds the text
 * in JavaScript, every nested object and array as a string of its own joined into its parent's, so a stack's text
 * is made again at every level of nesting. For the realistic stack of 1,000 principals (7.7 MB of JSON) it took
 * 110 to 140 ms and raised the resident set by about 50 MiB at the end of the synth, where the process peaks.
 * {@link stableJson} makes a copy of the value with its keys in sorted order and hands it to `JSON.stringify`:
 * the same text in 55 to 75 ms and about 22 MiB.
 *
 * Where the engine's text could differ from the library's, the library itself writes the text (the copy of
 * `json-stable-stringify` that cdktf loads, so the fallback is cdktf's own writer):
 * - an object with a key that is an array index ("0", "12"): engines list such keys first, in numeric order, not
 *   in the sorted order the library writes;
 * - a key `__proto__` (the copy could not hold it as a plain key);
 * - an indentation wider than 10 characters (`JSON.stringify` cuts it at 10);
 * - nesting deeper than {@link MAX_DEPTH} (a cycle, for which the library throws its own error);
 * - a string or key that starts with U+0000, as the markers used for empty objects and arrays do (below).
 * Empty objects and arrays are written by the library as `{` and `}` on two lines (indented as a closing bracket
 * at that depth), by the engine as `{}`: the copy holds a marker string for each, replaced in the text after.
 * `toJSON` is called as the library calls it (once per value, without the key), and values the library leaves
 * out (undefined, functions, symbols) are left out of objects and written as `null` in arrays, as it does.
 *
 * Tested against json-stable-stringify on a table of shapes and on generated values
 * (__tests__/stack/stable-json.test.ts), and on whole stacks written both ways.
 */
import { cdktfStableStringify } from "./cdktf";

/**
 * Depth past which the library itself writes the text (and reports a cycle as it does). A rendered stack is far
 * shallower: cdktf's own resolution refuses to go deeper than about 150 levels.
 */
const MAX_DEPTH = 200;

/** Thrown inside the copy when the engine's text could differ: the library writes the text instead. */
const FALLBACK = Symbol("stable-json-fallback");

/** Marker of an empty object or array at a depth: `\u0000{3`, `\u0000[0`. No marker text survives in the output. */
const MARKER = /"\\u0000([[{])(\d+)"/g;

interface CopyState {
  markers: number;
}

/**
 * `json-stable-stringify(value, { space })` (version 1.3, as cdktf 0.21 loads it), the same text.
 * @param value any value; a stack's Terraform JSON in practice
 * @param space indentation: a number of spaces or a string (the library's `space` option)
 * @param library the library's writer, for the shapes above (cdktf's copy; tests count its calls)
 * @returns the JSON text, or undefined for a value with no JSON text (undefined, a function, a symbol)
 * @throws whatever json-stable-stringify throws for the value (a cycle, a BigInt)
 */
export function stableJson(value: unknown, space: number | string = "", library: typeof cdktfStableStringify = cdktfStableStringify): string | undefined {
  const pad = typeof space === "number" ? " ".repeat(Math.max(0, space)) : space;
  if (pad.length > 10) return library(value, { space });
  const state: CopyState = { markers: 0 };
  let copy: unknown;
  try {
    copy = sortedCopy(value, 0, state);
  } catch (e) {
    if (e === FALLBACK) return library(value, { space });
    throw e;
  }
  const text = JSON.stringify(copy, null, pad) as string | undefined;
  if (text === undefined || state.markers === 0) return text;
  // Only markers match: a string or key of the value that starts with U+0000 sent it to the library above.
  return text.replace(MARKER, (_m, bracket: string, depth: string) => `${bracket}${pad ? `\n${pad.repeat(Number(depth))}` : ""}${bracket === "[" ? "]" : "}"}`);
}

/**
 * The value as json-stable-stringify sees it, as plain objects (keys inserted in sorted order) and arrays that
 * `JSON.stringify` writes the same way. Returns undefined for what the library leaves out.
 */
function sortedCopy(input: unknown, depth: number, state: CopyState): unknown {
  let node = input;
  // The library's test, on every value: truthy, with a function `toJSON`, called without arguments.
  if (node && typeof (node as { toJSON?: unknown }).toJSON === "function") node = (node as { toJSON: () => unknown }).toJSON();
  if (node === undefined || typeof node === "function" || typeof node === "symbol") return undefined;
  if (node === null || typeof node !== "object") {
    if (typeof node === "string" && node.charCodeAt(0) === 0) throw FALLBACK; // could read as a marker
    return node;
  }
  if (depth > MAX_DEPTH) throw FALLBACK;
  if (Array.isArray(node)) {
    if (node.length === 0) return marker("[", depth, state);
    const out = new Array<unknown>(node.length);
    for (let i = 0; i < node.length; i++) {
      const item = sortedCopy(node[i], depth + 1, state);
      out[i] = item === undefined ? null : item;
    }
    return out;
  }
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  let written = 0;
  for (const key of keys) {
    if (isArrayIndexLike(key) || key === "__proto__" || key.charCodeAt(0) === 0) throw FALLBACK;
    const item = sortedCopy(record[key], depth + 1, state);
    if (item === undefined) continue;
    out[key] = item;
    written++;
  }
  return written === 0 ? marker("{", depth, state) : out;
}

function marker(bracket: "[" | "{", depth: number, state: CopyState): string {
  state.markers++;
  return `\u0000${bracket}${depth}`;
}

/** A key engines list before the others, in numeric order (an array index); any such-looking key, to be safe. */
function isArrayIndexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key);
}
