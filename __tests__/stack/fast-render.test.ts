/**
 * IamStack prepares and renders with its own token resolution (modules/internal/stack-render.ts,
 * fast-resolve.ts) instead of cdktf's generic walk, and writes its JSON with stable-json.ts. These tests synthesize
 * the same apps both ways, cdktf's own `TerraformStack.prepareStack()`/`toTerraform()` and synthesizer and the
 * library's, and require every written JSON file (stack folders and manifest) to be deeply equal and every stack
 * file the same text; and compare the two resolutions value by value on token shapes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { buildDefaultApp } from "../../modules/app/default-app";
import { runChecks } from "../../modules/checks";
import { App, DefaultTokenResolver, Fn, Lazy, StackSynthesizer, StringConcat, TerraformOutput, TerraformStack, Token, Tokenization } from "../../modules/internal/cdktf";
import type { Construct } from "../../modules/internal/cdktf";
import { prepareTokens, resolveFast, resolveFastInPlace } from "../../modules/internal/fast-resolve";
import { attributeRef } from "../../modules/internal/attribute-ref";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamStack } from "../../modules/stack";
import { filesUnder } from "../support/files";
import { tempDir } from "../support/terraform";
import { addRealisticPrincipals } from "../../scripts/bench/realistic-principals";
import { build as example1 } from "../../examples/1-ec2-control-plane/main";
import { build as example2 } from "../../examples/2-off-aws-service-user/main";
import { build as example3 } from "../../examples/3-iam-read-connector/main";
import { build as example4 } from "../../examples/4-console-users/main";
import { build as example5 } from "../../examples/5-ec2-s3-lister/main";

type Build = (app: App) => void;

/** Every .json file under `dir` as text, by relative path. */
function jsonTexts(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).filter((p) => p.endsWith(".json")).map((p) => [p, fs.readFileSync(path.join(dir, p), "utf8")]));
}

/**
 * Synthesizes `build`'s app; with `generic`, every IamStack prepares, renders and writes through cdktf's own
 * methods and synthesizer (json-stable-stringify's text).
 */
function synthesize(build: Build, generic: boolean): { json: Record<string, unknown>; text: Record<string, string> } {
  const outdir = tempDir("fast-render-");
  const app = new App({ outdir });
  build(app);
  if (generic) {
    for (const stack of app.node.findAll().filter(IamStack.isIamStack)) {
      stack.prepareStack = () => {
        runChecks(stack);
        TerraformStack.prototype.prepareStack.call(stack);
      };
      stack.toTerraform = () => {
        runChecks(stack);
        return TerraformStack.prototype.toTerraform.call(stack);
      };
      stack.synthesizer = new StackSynthesizer(stack, false, false);
    }
  }
  app.synth();
  const text = jsonTexts(outdir);
  return { json: Object.fromEntries(Object.entries(text).map(([p, t]) => [p, JSON.parse(t) as unknown])), text };
}

function expectSameOutput(build: Build): Record<string, unknown> {
  const generic = synthesize(build, true);
  const fast = synthesize(build, false);
  expect(Object.keys(fast.json).sort()).toEqual(Object.keys(generic.json).sort());
  expect(fast.json).toEqual(generic.json);
  // The stacks' files are the same text (the library writes them with JSON.stringify: stable-json.ts).
  for (const file of Object.keys(generic.text).filter((f) => f.endsWith("cdk.tf.json"))) expect({ file, text: fast.text[file] }).toEqual({ file, text: generic.text[file] });
  return fast.json;
}


describe("IamStack renders exactly what cdktf's own rendering writes", () => {
  it("for the realistic benchmark's principals", () => {
    const out = expectSameOutput((app) => addRealisticPrincipals(new IamStack(app, "bench", { region: "eu-west-1" }), 3));
    expect(Object.keys((out["stacks/bench/cdk.tf.json"] as { resource: object }).resource).length).toBeGreaterThan(5);
  });

  it.each([
    ["1", example1],
    ["2", example2],
    ["3", example3],
    ["4", example4],
    ["5", example5],
  ] as const)("for example %s, online and offline", (_n, build) => {
    expectSameOutput((app) => build(app as unknown as Construct));
    expectSameOutput((app) => build(app as unknown as Construct, { offline: true }));
  });

  it("for the default app (iam.config.yaml)", () => {
    expectSameOutput((app) => {
      buildDefaultApp(app);
    });
  });

  it("with a cross-stack reference (the preparing pass adds an output and a remote state), outputs, overrides, numbers and functions", () => {
    const out = expectSameOutput((app) => {
      const a = new IamStack(app, "a", { region: "eu-west-1" });
      const role = new Ec2InstanceRole(a, "Role", { name: "shared-role", maxSessionDuration: 7200 });
      const b = new IamStack(app, "b", { region: "eu-west-1" });
      new TerraformOutput(b, "role_arn", { value: role.resource.arn });
      new TerraformOutput(b, "computed", { value: Fn.upper(Fn.join("-", ["x", role.resource.name])) });
      new TerraformOutput(b, "lazy", { value: Lazy.anyValue({ produce: () => ({ n: 3, s: "1e5 ${aws:username}", list: [1, "a"] }) }) });
      b.addOverride("terraform.backend.local.path", Lazy.stringValue({ produce: () => "b.tfstate" }));
    });
    expect(JSON.stringify(out["stacks/b/cdk.tf.json"])).toContain("terraform_remote_state");
    expect(JSON.stringify(out["stacks/a/cdk.tf.json"])).toContain("cross-stack-output");
  });
});

describe("resolveFast", () => {
  const app = new App({ outdir: tempDir("fast-resolve-") });
  const stack = new IamStack(app, "s", { region: "eu-west-1" });
  const generic = (v: unknown, preparing = false) => Tokenization.resolve(v, { scope: stack, preparing, resolver: new DefaultTokenResolver(new StringConcat()) });
  const ref = Token.asString(Lazy.stringValue({ produce: () => "${aws_iam_role.r.arn}" }));
  const role = new IamRole(stack, "R", { name: "r", assumeRolePolicy: "{}" });

  it.each<[string, () => unknown]>([
    ["plain JSON with empty parts and undefined values", () => ({ a: "x", b: [], c: {}, d: undefined, e: [undefined, null, true, 0], f: new Date(0) })],
    ["strings cdktf reads as possible encoded numbers", () => ["1e5", "-e-", "v1.2e3", { "1e9": "2e-4" }]],
    ["escaped template sequences", () => ({ p: "$${aws:username} %%{x} ${literal}" })],
    ["a string token inside text and as a key", () => ({ [`k-${ref}`]: `arn is ${ref}`, list: [ref, "b"] })],
    ["a list token", () => ({ l: Token.asList(Lazy.anyValue({ produce: () => ["a", "b"] })), m: [{ x: Token.asList(Lazy.anyValue({ produce: () => ["c"] })) }] })],
    ["number tokens", () => ({ n: Token.asNumber(Lazy.numberValue({ produce: () => 42 })), ns: [Token.asNumber(Lazy.numberValue({ produce: () => 7 })), 3] })],
    ["a map token", () => ({ m: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) })) })],
    ["resolvables returning structures with tokens", () => ({ r: Lazy.anyValue({ produce: () => ({ inner: ref, n: [1, { d: undefined }] }) }) })],
    ["a function call", () => ({ f: Fn.jsonencode({ a: ref, b: "${x}" }) })],
    ["attribute references alone, in text, in lists, as keys", () => ({ a: role.arn, b: `x-${role.id}`, c: [role.name, attributeRef(role, "arn")], [role.id]: attributeRef(role, "id") })],
  ])("resolves %s as cdktf does", (_name, make) => {
    const value = make();
    expect(resolveFast(value, { scope: stack, preparing: false })).toEqual(generic(value));
    expect(resolveFast(value, { scope: stack, preparing: true })).toEqual(generic(value, true));
    expect(resolveFastInPlace(make(), { scope: stack, preparing: false })).toEqual(generic(make()));
  });

  it("in place, keeps the parts without tokens and drops undefined values as cdktf does", () => {
    const plain = { list: ["a", "b"], nested: { k: "v" } };
    const value = { plain, withToken: { t: ref, gone: undefined }, list: ["x", undefined, "y"] };
    const out = resolveFastInPlace(value, { scope: stack, preparing: false }) as typeof value;
    expect(out).toEqual(generic(value));
    expect(Object.keys(out.withToken)).toEqual(["t"]);
    expect(out.list).toEqual(["x", "y"]);
    expect(out.plain).toBe(plain);
  });

  it("prepares the same tokens in the same order, in the preparing mode, as cdktf's preparing pass", () => {
    const calls: string[] = [];
    const probe = (name: string) => Lazy.anyValue({ produce: (ctx) => (calls.push(`${name}:${ctx.preparing}`), { inner: Lazy.stringValue({ produce: (c) => (calls.push(`${name}.inner:${c.preparing}`), "v") }) }) });
    const make = () => ({ a: [probe("a"), "x"], b: { c: probe("c"), d: `text ${Token.asString(probe("d"))}` }, e: 1 });
    generic(make(), true);
    const expected = calls.splice(0);
    prepareTokens(make(), stack);
    expect(calls).toEqual(expected);
    expect(expected).toEqual(["a:true", "a.inner:true", "c:true", "c.inner:true", "d:true", "d.inner:true"]);
  });

  it.each<[string, () => unknown]>([
    ["a function", () => ({ f: () => 1 })],
    ["a construct", () => ({ c: stack })],
    ["a literal added to a list token", () => ({ m: ["x", ...Token.asList(Lazy.anyValue({ produce: () => ["c"] }))] })],
    ["the number map placeholder as a number", () => ({ n: Token.NUMBER_MAP_TOKEN_VALUE })],
  ])("throws where cdktf throws (%s)", (_name, make) => {
    const value = make();
    expect(() => generic(value)).toThrow();
    expect(() => resolveFast(value, { scope: stack, preparing: false })).toThrow();
  });
});

describe("IamStack rendering", () => {
  it("takes each resolved fragment into the stack's JSON without sharing it with the resources: a change to one rendering is not in the next", () => {
    const stack = new IamStack(new App({ outdir: tempDir("fast-render-") }), "s", { region: "eu-west-1" });
    addRealisticPrincipals(stack, 2);
    type Rendered = { resource: Record<string, Record<string, Record<string, unknown>>> };
    const first = stack.toTerraform() as Rendered;
    const before = JSON.stringify(first);
    const role = Object.values(first.resource.aws_iam_role ?? {})[0] as Record<string, unknown>;
    role.name = "changed";
    (first.resource.aws_iam_role as Record<string, unknown>).extra = { added: true };
    expect(JSON.stringify(stack.toTerraform())).toBe(before);
  });

  it("returns JSON that shares nothing with the stack's overrides", () => {
    const stack = new IamStack(new App({ outdir: tempDir("fast-render-") }), "s", { region: "eu-west-1" });
    stack.addOverride("locals.names", ["a"]);
    const first = stack.toTerraform() as { locals: { names: string[] } };
    first.locals.names.push("b");
    expect((stack.toTerraform() as { locals: { names: string[] } }).locals.names).toEqual(["a"]);
  });
});

describe("IamStack rendering errors", () => {
  it("reports a failing token with cdktf's own message", () => {
    const failing = () => {
      const app = new App({ outdir: tempDir("fast-render-") });
      const stack = new IamStack(app, "s", { region: "eu-west-1" });
      new TerraformOutput(stack, "bad", { value: { nested: Lazy.stringValue({ produce: () => { throw new Error("no value here"); } }) } });
      return stack;
    };
    const genericStack = failing();
    let genericMessage = "";
    try {
      TerraformStack.prototype.toTerraform.call(genericStack);
    } catch (e) {
      genericMessage = (e as Error).message;
    }
    const firstLine = genericMessage.split("\n")[0] as string;
    expect(firstLine).toBe("Resolution error: no value here.");
    expect(() => failing().toTerraform()).toThrow(firstLine);
  });
});
