/**
 * A service user's `value_wo_version` is `parseint(substr(sha256(jsonencode([...])), 0, 12), 16)`, made as one
 * token (modules/internal/fingerprint-expression.ts) instead of cdktf's five. It must render exactly as cdktf's
 * `Fn` functions render the same expression, whatever the parts, in cdktf's rendering and in the library's.
 */
import { fingerprintExpression, fingerprintRenderable } from "../../modules/internal/fingerprint-expression";
import { App, Fn, Lazy, ref as cdktfRef, TerraformOutput, TerraformStack, Testing, Token, Tokenization } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { tempDir } from "../support/terraform";

function newStack(): IamStack {
  return new IamStack(new App({ outdir: tempDir("fingerprint-") }), "s", { region: "eu-west-1" });
}

/** cdktf's own writing of the expression. */
function withFn(parts: unknown[]): number {
  return Token.asNumber(Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(parts)), 0, 12), 16));
}

/** An attribute reference, as a resource's attribute getters make them. */
const ref = (name: string) => Token.asString(cdktfRef(`aws_kms_key.${name}.arn`));

const CASES: Record<string, () => unknown[]> = {
  "literal text and a reference": () => [1, ref("k"), "Secret access key of IAM user u (written by Terraform)", "Standard", ref("id")],
  "escapes in literal text": () => [2, "alias/aws/ssm", 'a "quoted" ${var} and\na new line', "Advanced", ref("id")],
  "text that starts and ends with a quote": () => [0, '"quoted"', '"', "Standard", ref("id")],
  "a number token and an encoded number inside text": () => [Token.asNumber(Lazy.numberValue({ produce: () => 7 })), `n ${Token.asNumber(Lazy.numberValue({ produce: () => 3 }))}`, "d", "Standard", ref("id")],
  "a reference to a resource attribute": () => [1, Fn.lower(ref("k")), "d", "Standard", ref("id")],
  "a token resolving to a list": () => [1, Token.asString(Lazy.anyValue({ produce: () => ["a", "b"] })), "d", "Standard", ref("id")],
};

describe("fingerprint expression (value_wo_version)", () => {
  it.each(Object.keys(CASES))("renders as cdktf's Fn functions: %s", (name) => {
    const parts = (CASES[name] as () => unknown[])();
    expect(fingerprintRenderable(parts)).toBe(true);
    const stack = newStack();
    new TerraformOutput(stack, "fn", { value: withFn(parts) });
    new TerraformOutput(stack, "one", { value: fingerprintExpression(parts, "s (test)") });
    new TerraformOutput(stack, "inside_fn", { value: Fn.tostring(fingerprintExpression(parts, "s (test)")) });
    new TerraformOutput(stack, "inside_fn_cdktf", { value: Fn.tostring(withFn(parts)) });
    const fast = JSON.parse(Testing.synth(stack)).output;
    expect(fast.one).toEqual(fast.fn);
    expect(fast.one.value).toMatch(/^\$\{parseint\(substr\(sha256\(jsonencode\(\[.*\]\)\), 0, 12\), 16\)\}$/);
    expect(fast.inside_fn).toEqual(fast.inside_fn_cdktf);
    const generic = TerraformStack.prototype.toTerraform.call(stack) as { output: unknown };
    expect(generic.output).toEqual(fast);
  });

  it("text mixing literal and tokens is written with cdktf's functions, same rendering", () => {
    const parts = [1, `prefix-${ref("k")}`, "d", "Standard", ref("id")];
    expect(fingerprintRenderable(parts)).toBe(false);
    const stack = newStack();
    new TerraformOutput(stack, "fn", { value: withFn(parts) });
    new TerraformOutput(stack, "one", { value: fingerprintExpression(parts, "s (test)") });
    const out = JSON.parse(Testing.synth(stack)).output;
    expect(out.one).toEqual(out.fn);
  });

  it("names where it belongs instead of a stack trace", () => {
    const token = fingerprintExpression([1, ref("k"), "d", "Standard", ref("id")], "s/U/SecretAccessKeyParameter (value_wo_version)");
    const resolvable = Tokenization.reverseNumber(token);
    expect(resolvable?.creationStack).toEqual(["s/U/SecretAccessKeyParameter (value_wo_version)"]);
  });
});
