/**
 * stableJson (modules/internal/stable-json.ts) writes the text json-stable-stringify writes (the copy cdktf loads,
 * which writes cdk.tf.json): on a table of shapes where the engine's JSON.stringify and the library differ or could,
 * at several indentations, and on generated values.
 */
import { cdktfStableStringify } from "../../modules/internal/cdktf";
import { stableJson } from "../../modules/internal/stable-json";

const SPACES: (number | string)[] = [2, 0, 4, 10, 11, "", "\t", "--", "0123456789ab"];

function expectSameText(value: unknown): void {
  for (const space of SPACES) {
    expect({ space, text: stableJson(value, space) }).toEqual({ space, text: cdktfStableStringify(value, { space }) });
  }
}

class WithGetter {
  readonly plain = 1;
  get hidden(): number {
    return 2; // (on the prototype: not an own key, so written by neither)
  }
}

const SHAPES: [string, () => unknown][] = [
  ["a Terraform resource", () => ({ resource: { aws_iam_role: { r: { name: "x", "//": { metadata: { path: "a/b", uniqueId: "r" } }, tags: { b: "2", a: "1" } } } } })],
  ["keys in reverse and mixed case", () => ({ z: 1, Z: 2, a: { y: [3, 2, 1], B: null, b: true } })],
  ["keys that sort by code unit", () => ({ "é": 1, e: 2, "\u{1F600}": 3, "ｅ": 4, "-a": 5, " ": 6, "": 7 })],
  ["an empty object and array at each depth", () => ({ a: {}, b: [], c: { d: {}, e: [[], {}], f: [{}] } })],
  ["an empty root object", () => ({})],
  ["an empty root array", () => []],
  ["an object whose values are all left out", () => ({ a: { u: undefined, f: () => 1, s: Symbol("s") }, b: 1 })],
  ["left-out values in arrays", () => [undefined, () => 1, Symbol("s"), null, 0]],
  ["sparse arrays", () => [1, , 3]], // eslint-disable-line no-sparse-arrays
  ["numbers", () => [0, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER]],
  ["strings that need escapes", () => ({ q: 'a"b', bs: "a\\b", nl: "a\nb", tab: "\t", ctl: "\u0001\u001f", lone: "\ud800", ls: "\u2028", tf: "${aws_iam_role.r.arn}" })],
  ["a key that is an array index", () => ({ b: 1, 10: "ten", 2: "two", a: { 0: "zero" } })],
  ["a key that only looks numeric", () => ({ "01": 1, "1a": 2, "1.5": 3, "-1": 4, a: 5 })],
  ["an own __proto__ key", () => JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown],
  ["strings and keys that start with U+0000", () => ({ a: "\u0000{1", b: "\u0000[0", "\u0000{2": 1, c: ["\u0000"] })],
  ["a key that reads as a marker, beside an empty object", () => ({ e: {}, "\u0000{1": 1 })],
  ["toJSON values", () => ({ d: new Date(Date.UTC(2026, 10, 30)), o: { toJSON: () => ({ b: 1, a: [] }) }, p: { toJSON: () => "text" }, u: { toJSON: () => undefined } })],
  ["a toJSON result holding its own toJSON function", () => ({ o: { toJSON: () => ({ toJSON: () => "never", k: 1 }) } })],
  ["a root with toJSON", () => ({ toJSON: () => [{ b: 2, a: 1 }] })],
  ["class instances and boxed values", () => ({ inst: new WithGetter(), map: new Map([["a", 1]]), set: new Set([1]), re: /x/g, num: Object(3) as unknown, str: Object("ab") as unknown, bool: Object(true) as unknown })],
  ["an enumerable getter", () => Object.defineProperty({ b: 1 }, "a", { get: () => ({ z: [] }), enumerable: true })],
  ["a shared (not circular) object", () => {
    const shared = { k: [1] };
    return { a: shared, b: shared, c: [shared, shared] };
  }],
  ["primitives at the root", () => "text"],
  ["null at the root", () => null],
  ["undefined at the root", () => undefined],
  ["a function at the root", () => () => 1],
];

function nest(depth: number): unknown {
  let v: unknown = { leaf: [], z: 1 };
  for (let i = 0; i < depth; i++) v = i % 2 ? { b: v, a: i } : [v, i];
  return v;
}

describe("stableJson writes json-stable-stringify's text", () => {
  it("writes a stack's JSON with the engine, and only the listed shapes with the library", () => {
    let library = 0;
    const counted: typeof cdktfStableStringify = (v, o) => {
      library++;
      return cdktfStableStringify(v, o);
    };
    const stack = { "//": { metadata: { backend: "local" }, outputs: {} }, resource: { aws_iam_role: { r: { name: "x", tags: {} } } }, terraform: { required_providers: { aws: { version: "~> 5.100" } } } };
    expect(stableJson(stack, 2, counted)).toBe(cdktfStableStringify(stack, { space: 2 }));
    expect(library).toBe(0);
    for (const shape of [{ tags: { 1: "a" } }, JSON.parse('{"__proto__": 1}') as unknown, { a: "\u0000" }]) {
      expect(stableJson(shape, 2, counted)).toBe(cdktfStableStringify(shape, { space: 2 }));
    }
    expect(stableJson({ a: 1 }, 11, counted)).toBe(cdktfStableStringify({ a: 1 }, { space: 11 }));
    expect(library).toBe(4);
  });

  it.each(SHAPES)("for %s", (_name, make) => {
    expectSameText(make());
  });

  it.each([
    ["below", 195, 0],
    ["past", 260, 2],
  ])("for a deep nesting %s the depth where the library writes the text", (_where, depth, libraryCalls) => {
    let library = 0;
    const counted: typeof cdktfStableStringify = (v, o) => {
      library++;
      return cdktfStableStringify(v, o);
    };
    for (const space of [2, 0]) expect(stableJson(nest(depth), space, counted)).toBe(cdktfStableStringify(nest(depth), { space }));
    expect(library).toBe(libraryCalls);
  });

  it("throws what json-stable-stringify throws for a cycle, at any depth", () => {
    for (const depth of [0, 3, 300]) {
      const root: Record<string, unknown> = {};
      let here = root;
      for (let i = 0; i < depth; i++) here = (here.next = {}) as Record<string, unknown>;
      here.back = root;
      expect(() => cdktfStableStringify(root, { space: 2 })).toThrow(TypeError);
      expect(() => stableJson(root, 2)).toThrow(new TypeError("Converting circular structure to JSON"));
    }
  });

  it("throws the engine's error for a BigInt, as json-stable-stringify does", () => {
    expect(() => cdktfStableStringify({ a: 1n }, { space: 2 })).toThrow(TypeError);
    expect(() => stableJson({ a: 1n }, 2)).toThrow(TypeError);
  });

  it("on 2,000 generated values", () => {
    let seed = 20261130;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const KEYS = ["a", "B", "b", "_", "$", "-x", "1", "01", "10", "é", "", "toString", "name", "arn", "\u0000{1"];
    const STRINGS = ["", "x", "${a.b}", '"', "\n", "é", "\u0000[0", "\ud83d"];
    const gen = (depth: number): unknown => {
      const kind = rand(depth > 4 ? 5 : 9);
      switch (kind) {
        case 0: return STRINGS[rand(STRINGS.length)];
        case 1: return [0, -0, 1, 2.5, NaN][rand(5)];
        case 2: return [true, false, null][rand(3)];
        case 3: return undefined;
        case 4: return rand(2) ? {} : [];
        case 5: case 6: return Array.from({ length: rand(4) }, () => gen(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (let i = rand(5); i > 0; i--) o[KEYS[rand(KEYS.length)] as string] = gen(depth + 1);
          return o;
        }
      }
    };
    let library = 0;
    const counted: typeof cdktfStableStringify = (v, o) => {
      library++;
      return cdktfStableStringify(v, o);
    };
    for (let i = 0; i < 2000; i++) {
      const value = gen(0);
      expect(stableJson(value, 2, counted)).toBe(cdktfStableStringify(value, { space: 2 }));
    }
    // The generator makes index keys and U+0000 strings often: even so, most values are written by the engine.
    expect(library).toBeGreaterThan(100);
    expect(library).toBeLessThan(1000);
  });
});
