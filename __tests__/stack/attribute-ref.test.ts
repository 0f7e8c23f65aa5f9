/**
 * The constructs take their attribute references (`${aws_iam_role.x.id}`) from modules/internal/attribute-ref.ts:
 * cdktf's own Reference token, without the stack trace cdktf records for each. They must be the tokens the
 * provider getters make (same class, same fields, same rendering, cross-stack references included), except
 * that they name the resource and attribute instead of a stack trace.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { attributeRef } from "../../modules/internal/attribute-ref";
import { App, TerraformIterator, TerraformOutput, TerraformStack, Testing, Tokenization } from "../../modules/internal/cdktf";
import type { IResolvable } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { tempDir } from "../support/terraform";

function theToken(s: string): IResolvable & Record<string, unknown> {
  const tokens = Tokenization.reverseString(s).tokens;
  expect(tokens).toHaveLength(1);
  return tokens[0] as IResolvable & Record<string, unknown>;
}

function newRole(stack: TerraformStack, id: string): IamRole {
  return new IamRole(stack, id, { name: id, assumeRolePolicy: "{}" });
}

describe("attribute references without stack traces", () => {
  it("are cdktf's reference tokens, with the getter's fields, naming the resource instead of a trace", () => {
    const stack = new IamStack(new App({ outdir: tempDir("attr-ref-") }), "s", { region: "eu-west-1" });
    const role = newRole(stack, "R");
    const mine = theToken(attributeRef(role, "id"));
    const getter = theToken(role.id);
    expect(Object.getPrototypeOf(mine)).toBe(Object.getPrototypeOf(getter));
    expect(Object.keys(mine).sort()).toEqual(Object.keys(getter).sort());
    for (const key of Object.keys(getter).filter((k) => k !== "creationStack")) expect(mine[key]).toEqual(getter[key]);
    expect(mine.creationStack).toEqual(["s/R (id)"]);
    expect(getter.creationStack).not.toEqual(["s/R (id)"]);
  });

  it("render as the getters do, for a resource with for_each too", () => {
    const stack = new IamStack(new App({ outdir: tempDir("attr-ref-") }), "s", { region: "eu-west-1" });
    const role = newRole(stack, "R");
    const many = new IamRole(stack, "Many", { forEach: TerraformIterator.fromList(["a", "b"]), name: "m", assumeRolePolicy: "{}" });
    new TerraformOutput(stack, "mine", { value: [attributeRef(role, "arn"), attributeRef(many, "name"), `x-${attributeRef(role, "id")}`] });
    new TerraformOutput(stack, "getter", { value: [role.arn, many.name, `x-${role.id}`] });
    const out = JSON.parse(Testing.synth(stack)).output;
    expect(out.mine).toEqual(out.getter);
    expect(out.mine.value[0]).toBe("${aws_iam_role.R.arn}");
  });

  it("become cross-stack references as the getters' do", () => {
    const synth = (useGetter: boolean) => {
      const outdir = tempDir("attr-ref-x-");
      const app = new App({ outdir });
      const a = new IamStack(app, "a", { region: "eu-west-1" });
      const b = new IamStack(app, "b", { region: "eu-west-1" });
      const role = newRole(a, "R");
      new TerraformOutput(b, "arn", { value: useGetter ? role.arn : attributeRef(role, "arn") });
      app.synth();
      return [a, b].map((s) => JSON.stringify(s.toTerraform()));
    };
    expect(synth(false)).toEqual(synth(true));
    expect(synth(false)[1]).toContain("terraform_remote_state");
  });
});
