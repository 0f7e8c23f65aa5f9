/**
 * Reading a config file: YAML or JSON text -> checked against the JSON Schema (`schema.json`) -> plain data, with
 * every problem located by line and column. Structural problems are all reported here; the builder then checks
 * the meaning (references, names, policies) of every part whose structure is sound.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { LineCounter, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from "yaml";
import type { Document } from "yaml";
import { rankByDistance } from "../catalog/actions";
import { ConfigError, toProblems } from "./errors";
import type { FileProblem, Segment } from "./errors";
import schema from "./schema.json";
import type { ConfigFile } from "./types";

/** Largest config file read (a real one is a few kilobytes). */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** How deep a config file may nest (a real one nests about 10 levels). */
const MAX_CONFIG_DEPTH = 64;

/** A parsed file: its data, where each part is, and the structural problems found. */
export interface LoadedConfig {
  /** The file as shown in messages (relative to the working folder when inside it). */
  readonly file: string;
  /** The data (only trustworthy where `broken` says nothing). */
  readonly data: ConfigFile;
  /** Structural problems (syntax and schema). */
  readonly problems: readonly FileProblem[];
  /** True when nothing can be built at all (syntax errors, an empty file, or a top level that is not a mapping). */
  readonly fatal: boolean;
  /** `line:column` of a path inside the file (the nearest existing parent when the path itself is missing). */
  locate(at: readonly Segment[]): string | undefined;
}

let validator: ValidateFunction | undefined;
/**
 * The schema's validator: the standalone module generated from schema.json by
 * scripts/gen-config-validator.ts (loads in milliseconds; compiling the schema
 * with Ajv at run time would cost about 250 ms of every synth). A test keeps it
 * in step with the schema; IAM_CONFIG_COMPILE_SCHEMA=1 compiles schema.json instead.
 */
function validate(): ValidateFunction {
  if (!validator) {
    validator = /^(1|true)$/i.test(process.env.IAM_CONFIG_COMPILE_SCHEMA ?? "")
      ? new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(schema)
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require("./schema-validator.js") as ValidateFunction);
  }
  return validator;
}

/** How a file is named in messages: relative to the working folder when inside it. */
export function displayName(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/** Reads a file and checks its structure. Throws a {@link ConfigError} when it cannot be read at all. */
export function readConfigFile(file: string): LoadedConfig {
  const shown = displayName(file);
  let text: string;
  try {
    // A FIFO, device or folder would block or fail the read: only regular files are read.
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? "a folder" : stat.isFIFO() ? "a named pipe (FIFO)" : stat.isSocket() ? "a socket" : "a device or other special file";
      throw new ConfigError(shown, [
        {
          path: shown,
          field: "(file)",
          rule: `The config path is ${kind}, not a regular file; it is not read.`,
          fix: "Point the IAM_CONFIG environment variable (IAM_CONFIG=<file> npm run synth) or `config` in the \"context\" of cdktf.json at a YAML or JSON config file.",
        },
      ]);
    }
    if (stat.size > MAX_CONFIG_BYTES) {
      throw new ConfigError(shown, [{ path: shown, field: "(file)", value: `${stat.size} bytes`, rule: `The config file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB; a config file is a few kilobytes.`, fix: "Check that the config setting points at the config file." }]);
    }
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(shown, [
      {
        path: shown,
        field: "(file)",
        rule: code === "ENOENT" ? "The config file does not exist." : `The config file cannot be read (${code ?? (e as Error).message}).`,
        fix: "Point the IAM_CONFIG environment variable (IAM_CONFIG=<file> npm run synth) or `config` in the \"context\" of cdktf.json at a YAML or JSON config file; relative paths are read from the working folder.",
      },
    ]);
  }
  return parseConfigText(text, shown);
}

/** Parses YAML or JSON text (the file name only serves messages) and checks it against the schema. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: FileProblem[] = [];
  const lineOf = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return `${p.line}:${p.col}`;
  };
  const locate = (at: readonly Segment[]) => locateIn(doc, at, lineOf);
  const tooDeep = (): LoadedConfig => ({
    file,
    data: {},
    problems: [{ at: [], rule: `The file is nested too deeply (more than ${MAX_CONFIG_DEPTH} levels of lists and mappings; a config file nests about 10).`, fix: "Check that the config setting points at the config file, and flatten the nesting." }],
    fatal: true,
    locate: () => undefined,
  });
  if (doc.errors.some((e) => /call stack/i.test(e.message)) || depthOf(doc.contents) > MAX_CONFIG_DEPTH) return tooDeep();
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const first = (e.message.split("\n")[0] ?? e.message).replace(/\s+at line \d+, column \d+:?$/, "");
      problems.push({
        at: [],
        where: lineOf(e.pos[0]),
        note: "(syntax)",
        rule: first.endsWith(".") ? first : `${first}.`,
        fix: "Fix the YAML/JSON syntax here (indentation, quotes, brackets, a duplicate key).",
      });
    }
    return { file, data: {}, problems, fatal: true, locate };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError) return tooDeep();
    // An alias bomb (a few lines that expand to millions of nodes), or an alias to nothing.
    problems.push({ at: [], rule: `The YAML aliases cannot be expanded (${(e as Error).message}).`, fix: "Write the repeated parts out, or use fewer nested aliases (*name)." });
    return { file, data: {}, problems, fatal: true, locate };
  }
  if (data === null || data === undefined) {
    problems.push({ at: [], rule: "The file is empty.", fix: "Declare at least `stack: {}` (see iam.config.yaml for a complete example), or point the config setting at another file." });
    return { file, data: {}, problems, fatal: true, locate };
  }
  const isObject = typeof data === "object" && data !== null && !Array.isArray(data);
  if (!isObject) {
    // Not a config file at all (another file named by mistake): say what was found, never what it holds.
    problems.push({ at: [], rule: `Expected a mapping (key: value), found ${kindOf(data)}. A config file is a mapping of config keys (stack, stacks, policies, roles, users, groups, passwordPolicy); what this file holds is not shown.`, fix: "Check that the config setting points at the config file (see iam.config.yaml for an example)." });
    return { file, data: {}, problems, fatal: true, locate };
  }
  const sourceAt = (at: readonly Segment[]): string | undefined => {
    const node = nodeAt(doc, at);
    return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
  };
  const check = validate();
  if (!check(data)) problems.push(...translate(check.errors ?? [], data, sourceAt));
  problems.push(...changedOnTheWayIn(data, sourceAt));
  return { file, data: (isObject ? data : {}) as ConfigFile, problems, fatal: !isObject, locate };
}

/** Throws every structural problem of a loaded file, if any. */
export function throwStructuralProblems(loaded: LoadedConfig): void {
  if (loaded.problems.length > 0) throw new ConfigError(loaded.file, toProblems(loaded.file, loaded.problems, loaded.locate));
}

function locateIn(doc: Document, at: readonly Segment[], lineOf: (offset: number) => string): string | undefined {
  // Walk down as far as the path exists; report the deepest node found (for a key, the key's position).
  let node: unknown = doc.contents;
  let best: [number, number, number] | undefined = rangeOf(node);
  for (const seg of at) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      best = rangeOf(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      best = rangeOf(item) ?? best;
    } else break;
  }
  return best ? lineOf(best[0]) : undefined;
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  return isNode(node) && node.range ? (node.range as [number, number, number]) : undefined;
}

function segmentsOf(instancePath: string, data: unknown): Segment[] {
  if (instancePath === "") return [];
  const out: Segment[] = [];
  let cur: unknown = data;
  for (const raw of instancePath.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const seg: Segment = Array.isArray(cur) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(seg);
    cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return out;
}

type SchemaNode = { description?: string; examples?: unknown[]; properties?: Record<string, SchemaNode>; enum?: unknown[]; minimum?: number; maximum?: number; $ref?: string };

function resolveRef(s: SchemaNode | undefined): SchemaNode | undefined {
  if (s?.$ref?.startsWith("#/definitions/")) return (schema.definitions as Record<string, SchemaNode>)[s.$ref.slice("#/definitions/".length)];
  return s;
}

function example(s: SchemaNode | undefined): string {
  const r = resolveRef(s);
  if (!r?.examples?.length) return "";
  return ` For example: ${JSON.stringify(r.examples[0])}.`;
}

function describe(s: SchemaNode | undefined): string {
  const r = resolveRef(s);
  return r?.description ? ` (${r.description.replace(/\.$/, "")})` : "";
}

const TYPE_WORDS: Record<string, string> = { string: "a string", number: "a number", integer: "a whole number", boolean: "true or false", object: "a mapping (key: value)", array: "a list", null: "nothing" };

function kindOf(v: unknown): string {
  if (v === null) return "nothing (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number") return Number.isInteger(v) ? "a whole number" : "a number";
  if (typeof v === "boolean") return "true/false";
  return "a string";
}

function valueAt(data: unknown, at: readonly Segment[]): unknown {
  let cur = data;
  for (const s of at) cur = cur !== null && typeof cur === "object" ? (cur as Record<string | number, unknown>)[s] : undefined;
  return cur;
}

/** Ajv errors -> file problems with a rule and a fix each. */
function translate(errors: ErrorObject[], data: unknown, sourceAt: (at: readonly Segment[]) => string | undefined): FileProblem[] {
  const out: FileProblem[] = [];
  for (const e of errors) {
    if (e.keyword === "if") continue; // the branch's own errors say what is wrong
    const at = segmentsOf(e.instancePath, data);
    const parent = e.parentSchema as SchemaNode | undefined;
    const value = valueAt(data, at);
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case "required": {
        const missing = String(params.missingProperty);
        const sub = parent?.properties?.[missing];
        out.push({ at: [...at, missing], rule: `\`${missing}\` is required here${describe(sub)}.`, fix: `Add \`${missing}\`.${example(sub)}` });
        break;
      }
      case "additionalProperties": {
        const key = String(params.additionalProperty);
        const known = Object.keys(parent?.properties ?? {});
        const close = rankByDistance(key, known, 1);
        out.push({
          at: [...at, key],
          shown: JSON.stringify(key),
          unknownKey: true,
          rule: `Unknown key \`${key}\`; known keys here: ${known.join(", ") || "none"}.`,
          fix: close.length ? `Did you mean \`${close[0]}\`?` : "Remove it, or move it to where it belongs.",
        });
        break;
      }
      case "type": {
        const want = ([] as string[]).concat(params.type as string | string[]).map((t) => TYPE_WORDS[t] ?? t);
        const quote =
          want.includes("a string") && (typeof value === "number" || typeof value === "boolean" || value === null)
            ? ` Quote it ("${value === null ? "" : (sourceAt(at) ?? String(value)).replace(/^["']|["']$/g, "")}"): YAML reads unquoted digits as a number, dropping leading zeros, and true/false/null as such.`
            : "";
        out.push({ at, value, rule: `Expected ${want.join(" or ")}, found ${kindOf(value)}${at.length > 0 ? describe(parent) : ""}.`, fix: `Write ${want.join(" or ")} here.${quote || example(parent)}` });
        break;
      }
      case "enum": {
        const allowed = (params.allowedValues as unknown[]).map(String);
        const close = typeof value === "string" ? rankByDistance(value, allowed, 1) : [];
        out.push({ at, value, rule: `Not one of the accepted values: ${allowed.join(", ")}.`, fix: close.length ? `Did you mean "${close[0]}"?` : `Use one of: ${allowed.join(", ")}.` });
        break;
      }
      case "const": {
        // Inside a preset/backend branch the discriminator is already known to match; only `version` lands here.
        out.push({ at, value, rule: `Must be ${JSON.stringify(params.allowedValue)}.`, fix: `Write ${JSON.stringify(params.allowedValue)}.` });
        break;
      }
      case "pattern": {
        const last = at[at.length - 1];
        const what = typeof last === "string" ? `\`${last}\`` : "value";
        out.push({ at, value, rule: `Not a valid ${what}${describe(parent)}.`, fix: `Correct the value.${example(parent) || " See the rule."}` });
        break;
      }
      case "minimum":
      case "maximum": {
        const range = parent?.minimum !== undefined && parent?.maximum !== undefined ? `from ${parent.minimum} to ${parent.maximum}` : `${e.keyword === "minimum" ? "at least" : "at most"} ${String(params.limit)}`;
        out.push({ at, value, rule: `Out of range: the value must be ${range}${describe(parent)}.`, fix: `Use a value ${range}.` });
        break;
      }
      case "minLength":
        out.push({ at, value, rule: "Empty text is not accepted here.", fix: `Write a value, or remove the key.${example(parent)}` });
        break;
      case "maxLength":
        out.push({ at, value: typeof value === "string" ? `${value.length} characters` : value, rule: `Too long: at most ${String(params.limit)} characters.`, fix: "Shorten it." });
        break;
      case "minItems":
        out.push({ at, value, rule: `The list needs at least ${String(params.limit)} entr${params.limit === 1 ? "y" : "ies"}.`, fix: "Add entries, or remove the key." });
        break;
      case "minProperties":
      case "maxProperties": {
        const keys = Object.keys(parent?.properties ?? {});
        out.push({ at, value, rule: `Give exactly one of: ${keys.join(", ")}.`, fix: `Write for example { ${keys[0]}: ... }; list several principals as several entries.` });
        break;
      }
      case "propertyNames": {
        const name = String(params.propertyName);
        out.push({ at: [...at, name], value: name, rule: "Not a valid IAM policy name (1 to 128 letters, digits and + = , . @ _ -).", fix: "Rename the inline policy." });
        break;
      }
      default:
        out.push({ at, value, rule: `${e.message ?? "Invalid value"}.`, fix: "Correct the value (see the JSON Schema, modules/config/schema.json)." });
    }
  }
  // A pattern error under propertyNames repeats the propertyNames error.
  return out.filter((p, i) => !(p.rule.startsWith("Not a valid ") && !p.rule.startsWith("Not a valid IAM policy name") && out.some((q, j) => j !== i && q.rule.startsWith("Not a valid IAM policy name") && q.at.slice(0, -1).join("/") === p.at.join("/"))));
}

/** The node at a path of the document (undefined when the path does not exist). */
function nodeAt(doc: Document, at: readonly Segment[]): unknown {
  let node: unknown = doc.contents;
  for (const seg of at) {
    if (isMap(node)) node = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg))?.value;
    else if (isSeq(node) && typeof seg === "number") node = node.items[seg];
    else return undefined;
  }
  return node;
}

/** Nesting depth of a YAML node, without recursion (a hostile file may nest thousands of levels). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [unknown, number];
    if (isMap(node)) {
      max = Math.max(max, d);
      if (d > MAX_CONFIG_DEPTH) return d;
      for (const it of node.items) if (isPair(it)) stack.push([it.value, d + 1]);
    } else if (isSeq(node)) {
      max = Math.max(max, d);
      if (d > MAX_CONFIG_DEPTH) return d;
      for (const it of node.items) stack.push([it, d + 1]);
    }
  }
  return max;
}

/** Condition operators that compare strings (with their ForAllValues:/ForAnyValue: and IfExists forms). */
const STRING_OPERATORS = /^(?:For(?:All|Any)Values?:)?(?:String|Arn|IpAddress|NotIpAddress|Binary)/;

/**
 * Values YAML changes on the way in where IAM expects a string: an unquoted `012345670123` under a string condition
 * operator becomes the number 12345670123 and would be written "12345670123", a different account.
 */
function changedOnTheWayIn(data: unknown, sourceAt: (at: readonly Segment[]) => string | undefined): FileProblem[] {
  const out: FileProblem[] = [];
  const visit = (node: unknown, at: Segment[], depth: number): void => {
    if (depth > MAX_CONFIG_DEPTH || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, [...at, i], depth + 1));
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === "conditions" && v !== null && typeof v === "object" && !Array.isArray(v)) {
        for (const [op, block] of Object.entries(v as Record<string, unknown>)) {
          if (!STRING_OPERATORS.test(op) || block === null || typeof block !== "object") continue;
          for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            const list = Array.isArray(values) ? values : [values];
            list.forEach((x, i) => {
              if (typeof x !== "number") return;
              const where = [...at, "conditions", op, key, ...(Array.isArray(values) ? [i] : [])];
              const written = sourceAt(where) ?? String(x);
              out.push({
                at: where,
                shown: written,
                rule: `${op} compares strings, but YAML reads the unquoted ${written} as the number ${String(x)}${written !== String(x) ? ", which would be written \"" + String(x) + "\" (a different value)" : ""}.`,
                fix: `Quote it as written: "${written}".`,
              });
            });
          }
        }
      } else visit(v, [...at, k], depth + 1);
    }
  };
  visit(data, [], 0);
  return out;
}
