/**
 * Presets built and validated once per process for each distinct set of arguments: a stack of 1,000 principals
 * that all take `Presets.inventoryReader()` checks the preset's actions against the catalog and validates its
 * document once, not 1,000 times. Each call still returns a new {@link PolicyDocument} (documents can be
 * extended with `addStatements`); the statements inside are shared, and they are immutable. Invalid arguments
 * are never cached: each such call throws its own ValidationError, as before.
 */
import { PolicyDocument } from "../policy";

/** Entries kept per preset before the cache starts over (bounds memory for apps with many distinct arguments). */
const MAX_ENTRIES = 10_000;

/** Arguments as a cache key: JSON with object keys sorted (equal arguments, same key). */
function keyOf(args: unknown[]): string {
  return JSON.stringify(args, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** `build`, cached per distinct arguments; see the module comment. */
export function cachedPreset<A extends unknown[]>(build: (...args: A) => PolicyDocument): (...args: A) => PolicyDocument {
  const cache = new Map<string, PolicyDocument>();
  return (...args: A) => {
    const key = keyOf(args);
    let doc = cache.get(key);
    if (!doc) {
      doc = build(...args);
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, doc);
    }
    return new PolicyDocument({ id: doc.id, statements: doc.statements });
  };
}
