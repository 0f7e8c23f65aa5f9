/**
 * Policy documents and opt-out reasons are rendered at synth through deferred values (modules/internal/deferred.ts):
 * they resolve like cdktf's Lazy, but record the construct they belong to instead of a JavaScript stack trace.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { deferredAny, deferredString } from "../../modules/internal/deferred";
import { App, Lazy, TerraformOutput, Testing, Tokenization } from "../../modules/internal/cdktf";
import { Presets } from "../../modules/presets";
import { IamStack } from "../../modules/stack";
import { tempDir } from "../support/terraform";

function newStack(): IamStack {
  return new IamStack(new App({ outdir: tempDir("deferred-") }), "s", { region: "eu-west-1" });
}

/** The creation stacks of the tokens in a token string. */
function creationStacks(token: string | undefined): string[][] {
  return Tokenization.reverseString(token ?? "").tokens.map((t) => t.creationStack);
}

describe("deferred values", () => {
  it("a ManagedPolicy's document names its resource, not a stack trace", () => {
    const stack = newStack();
    const policy = new ManagedPolicy(stack, "P", { name: "p", document: Presets.inventoryReader() });
    expect(creationStacks(policy.resource.policyInput)).toEqual([["s/P/Resource (policy document)"]]);
  });

  it("an inline policy's document names its resource", () => {
    const stack = newStack();
    const role = new Ec2InstanceRole(stack, "R", { name: "r", inlinePolicies: { data: Presets.s3Bucket({ bucket: "data-bucket", access: "source" }) } });
    const inline = stack.node.findAll().find((c) => c.node.path.endsWith("/data") && "policyInput" in c) as unknown as { policyInput: string; node: { path: string } };
    expect(inline).toBeDefined();
    expect(creationStacks(inline.policyInput)).toEqual([[`${inline.node.path} (policy document)`]]);
    expect(role.node.path).toBe("s/R");
  });

  it("resolve to what the same cdktf Lazy resolves to, tokens inside included", () => {
    const stack = newStack();
    const inner = Lazy.stringValue({ produce: () => "${aws_iam_role.r.arn}" });
    new TerraformOutput(stack, "lazy_string", { value: Lazy.stringValue({ produce: () => `x ${inner}` }) });
    new TerraformOutput(stack, "deferred_string", { value: deferredString("s (test)", () => `x ${inner}`) });
    new TerraformOutput(stack, "lazy_any", { value: Lazy.anyValue({ produce: () => ({ a: [inner, 1], b: undefined }) }) });
    new TerraformOutput(stack, "deferred_any", { value: deferredAny("s (test)", () => ({ a: [inner, 1], b: undefined })) });
    const out = JSON.parse(Testing.synth(stack)).output;
    expect(out.deferred_string).toEqual(out.lazy_string);
    expect(out.deferred_any).toEqual(out.lazy_any);
    expect(out.deferred_string.value).toBe("x ${aws_iam_role.r.arn}");
  });

  it("a failing producer's error names where the value belongs", () => {
    const stack = newStack();
    new TerraformOutput(stack, "bad", {
      value: deferredString("s/Thing (policy document)", () => {
        throw new Error("cannot render");
      }),
    });
    expect(() => Testing.synth(stack)).toThrow(/cannot render[\s\S]*at s\/Thing \(policy document\)/);
  });

  it("show as cdktf's Lazy does before synth", () => {
    expect(JSON.stringify({ v: deferredAny("x", () => 1) })).toBe('{"v":"<unresolved-lazy>"}');
  });
});
