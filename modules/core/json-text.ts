/**
 * JSON text a user hands us (a pasted policy, a `json:` block of a config file), read strictly: `JSON.parse`
 * silently keeps the last of two equal keys (`{"Effect":"Deny","Effect":"Allow"}` reads as Allow, two `Resource`
 * keys keep only the last), so duplicate keys are found with the `yaml` package's parser (JSON is YAML 1.2), which
 * keeps every key with its position.
 */
import type * as Yaml from "yaml";
import type { Node } from "yaml";

let yamlModule: typeof Yaml | undefined;
/** The yaml package, loaded on first use: an app that reads no JSON text does not pay its start-up (about 25 ms). */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (yamlModule ??= require("yaml") as typeof Yaml);
}

/** How deep JSON a user hands us may nest; an IAM policy nests 5 levels. */
export const MAX_JSON_DEPTH = 64;

/** A key that appears twice in one object. */
export interface DuplicateKey {
  /** Path of the object, for example `Statement[0]` ("" for the top level). */
  readonly at: string;
  /** The repeated key. */
  readonly key: string;
  /** Line of the second occurrence (1-based). */
  readonly line: number;
}

/** What was wrong with a JSON text, or its value. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; rule: string; fix: string; duplicates?: readonly DuplicateKey[] };

function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") max = Math.max(max, ++depth);
    else if (c === "}" || c === "]") depth--;
  }
  return max;
}

/** Reads JSON text, refusing syntax errors, nesting deeper than {@link MAX_JSON_DEPTH} and duplicate keys. */
export function readJsonText(text: string): JsonRead {
  const depth = nesting(text);
  if (depth > MAX_JSON_DEPTH) {
    return { ok: false, rule: `The JSON is nested ${depth} levels deep; more than ${MAX_JSON_DEPTH} is refused (an IAM policy nests 5).`, fix: "Check that the text is the policy you meant to paste." };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, rule: `The text is not valid JSON (${(e as Error).message}).`, fix: "Fix the JSON syntax." };
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) {
    const list = duplicates.map((d) => `"${d.key}" in ${d.at || "the top-level object"} (line ${d.line})`).join(", ");
    return {
      ok: false,
      rule: `A key appears twice in one object: ${list}; JSON readers keep only the last one, so the other is silently lost.`,
      fix: "Keep one of each key: merge the values into one list (for example \"Resource\": [\"a\", \"b\"]) or remove the one you did not mean.",
      duplicates,
    };
  }
  return { ok: true, value };
}

/** Every key that appears twice in one object of `text` (valid JSON). */
export function duplicateKeys(text: string): DuplicateKey[] {
  const { isMap, isSeq, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length > 0) return [];
  const out: DuplicateKey[] = [];
  const walk = (node: unknown, at: string): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
        const child = at ? `${at}.${key}` : key;
        if (seen.has(key)) out.push({ at, key, line: lines.linePos((pair.key as Node | null)?.range?.[0] ?? 0).line });
        seen.add(key);
        walk(pair.value, child);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${at}[${i}]`));
  };
  walk(doc.contents, "");
  return out;
}
