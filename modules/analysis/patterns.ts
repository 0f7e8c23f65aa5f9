/**
 * IAM wildcard patterns (`*` any run of characters, `?` one character) and policy variables (`${aws:username}`,
 * `${aws:PrincipalTag/team}`, `${key, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`).
 */

const regexCache = new Map<string, RegExp>();

/** A cached regular expression for an IAM wildcard pattern; case-insensitive when `ignoreCase` (actions). */
export function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    let body = "";
    for (const c of pattern) body += c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    re = new RegExp(`^${body}$`, ignoreCase ? "i" : "");
    if (regexCache.size > 50_000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** True when `value` (a concrete string) matches the wildcard `pattern`. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return globRegExp(pattern, ignoreCase).test(value);
}

function hasWildcard(p: string): boolean {
  return p.includes("*") || p.includes("?");
}

/** The literal parts before the first wildcard must agree on their common length (a cheap early "no"). */
function prefixesAgree(a: string, b: string, ignoreCase: boolean): boolean {
  const n = Math.min(a.search(/[*?]/), b.search(/[*?]/));
  if (n > 0 && !eq(a.slice(0, n), b.slice(0, n), ignoreCase)) return false;
  // Likewise the literal parts after the last wildcard, on their common length.
  const m = Math.min(a.length - 1 - Math.max(a.lastIndexOf("*"), a.lastIndexOf("?")), b.length - 1 - Math.max(b.lastIndexOf("*"), b.lastIndexOf("?")));
  return m <= 0 || eq(a.slice(a.length - m), b.slice(b.length - m), ignoreCase);
}

const coversCache = new Map<string, boolean>();
const intersectsCache = new Map<string, boolean>();

function memo(cache: Map<string, boolean>, a: string, b: string, ignoreCase: boolean, f: (a: string, b: string, i: boolean) => boolean): boolean {
  const key = `${ignoreCase ? "i" : "s"}${a}\u0000${b}`;
  let r = cache.get(key);
  if (r === undefined) {
    r = f(a, b, ignoreCase);
    if (cache.size > 100_000) cache.clear();
    cache.set(key, r);
  }
  return r;
}

function eq(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * True when every string matched by pattern `inner` is matched by pattern `outer` (both may hold wildcards).
 * Sound (never claims coverage that does not hold); exact for the patterns policies use.
 */
export function globCovers(outer: string, inner: string, ignoreCase = false): boolean {
  if (outer === "*") return true;
  if (!hasWildcard(inner)) return globMatch(outer, inner, ignoreCase);
  if (!hasWildcard(outer)) return false;
  return memo(coversCache, outer, inner, ignoreCase, coversDp);
}

function coversDp(outer: string, inner: string, ignoreCase: boolean): boolean {
  const la = outer.length;
  const lb = inner.length;
  const seen = new Uint8Array((la + 1) * (lb + 1));
  const go = (i: number, j: number): boolean => {
    const k = i * (lb + 1) + j;
    if (seen[k]) return false;
    seen[k] = 1;
    if (i === la) return j === lb;
    const a = outer[i];
    if (j === lb) return a === "*" && go(i + 1, j);
    const b = inner[j];
    if (a === "*") return go(i + 1, j) || go(i, j + 1);
    if (b === "*") return false;
    if (a === "?") return go(i + 1, j + 1);
    if (b === "?") return false;
    return eq(a, b, ignoreCase) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

/** True when some string is matched by both patterns. */
export function globIntersects(a: string, b: string, ignoreCase = false): boolean {
  if (a === "*" || b === "*") return true;
  if (!hasWildcard(b)) return globMatch(a, b, ignoreCase);
  if (!hasWildcard(a)) return globMatch(b, a, ignoreCase);
  if (!prefixesAgree(a, b, ignoreCase)) return false;
  return memo(intersectsCache, a, b, ignoreCase, intersectsDp);
}

function intersectsDp(a: string, b: string, ignoreCase: boolean): boolean {
  const la = a.length;
  const lb = b.length;
  const seen = new Uint8Array((la + 1) * (lb + 1));
  const go = (i: number, j: number): boolean => {
    const k = i * (lb + 1) + j;
    if (seen[k]) return false;
    seen[k] = 1;
    if (i === la && j === lb) return true;
    const x = i < la ? a[i] : undefined;
    const y = j < lb ? b[j] : undefined;
    if (x === "*" && go(i + 1, j)) return true;
    if (y === "*" && go(i, j + 1)) return true;
    if (x === undefined || y === undefined) return false;
    if (x === "*") return go(i, j + 1);
    if (y === "*") return go(i + 1, j);
    if (x === "?" || y === "?" || eq(x, y, ignoreCase)) return go(i + 1, j + 1);
    return false;
  };
  return go(0, 0);
}

/** Looks up a context key (case-insensitive): a value, `null` when known absent, `undefined` when unknown. */
export type KeyLookup = (lowerKey: string) => string | readonly string[] | null | undefined;

/** The result of substituting policy variables in a string. */
export type Substitution =
  | { readonly kind: "value"; readonly text: string }
  /** A variable has no value and no default: the element matches nothing. */
  | { readonly kind: "absent"; readonly key: string }
  /** A variable's value is unknown. */
  | { readonly kind: "unknown"; readonly key: string };

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Replaces `${key}` / `${key, 'default'}` by the key's value (a multi-valued key is unknown), `${*}`, `${?}`, `${$}`
 * by `*`, `?`, `$`. Strings without `${` are returned as they are.
 */
export function substitute(text: string, lookup: KeyLookup): Substitution {
  if (!text.includes("${")) return { kind: "value", text };
  let missing: Substitution | undefined;
  const out = text.replace(VARIABLE, (whole, inner: string) => {
    if (missing) return whole;
    const body = inner.trim();
    if (body === "*" || body === "?" || body === "$") return body;
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body);
    if (!m) return whole;
    const key = m[1].trim().toLowerCase();
    const v = lookup(key);
    if (typeof v === "string") return v;
    if (v === null || (Array.isArray(v) && v.length === 0)) {
      if (m[2] !== undefined) return m[2];
      missing = { kind: "absent", key };
      return whole;
    }
    missing = { kind: "unknown", key };
    return whole;
  });
  return missing ?? { kind: "value", text: out };
}
