/**
 * Policies through real Terraform: a stack holding several policies passes `terraform validate` and `terraform
 * plan`, and the planned `policy` values are the JSON IAM will receive: `${aws:username}` arrives unescaped,
 * references are resolved, list references are flattened. And the trap: an unescaped `${aws:username}` fails.
 */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { policyToTerraform } from "../../modules/constructs/policy-terraform";
import { TerraformVariable } from "../../modules/internal/cdktf";
import { Condition, PolicyDocument, Principal } from "../../modules/policy";
import { IamStack } from "../../modules/stack";
import { describeTerraform, initValidatePlan, synthToDir } from "../support/terraform";

type Change = { address: string; type: string; change: { actions: string[]; after: Record<string, any>; after_unknown: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any

const trust = new PolicyDocument({ statements: [{ actions: ["sts:AssumeRole"], principals: [Principal.service("ec2.amazonaws.com")] }] });

describeTerraform("policies with terraform validate and plan", () => {
  let changes: Change[];
  const policyOf = (name: string) => {
    const c = changes.find((x) => x.type === "aws_iam_policy" && x.change.after.name === name);
    if (!c) throw new Error(`no planned aws_iam_policy named ${name}`);
    return c;
  };

  beforeAll(() => {
    const out = synthToDir((app) => {
      const stack = new IamStack(app, "policies", { region: "eu-west-1", offline: true });
      const role = new IamRole(stack, "App", { name: "app", assumeRolePolicy: policyToTerraform(trust, stack) });
      const buckets = new TerraformVariable(stack, "extra_buckets", { type: "list(string)", default: ["arn:aws:s3:::x", "arn:aws:s3:::y"] });

      // 1. Literal document with an IAM policy variable and a %{ sequence.
      new ManagedPolicy(stack, "Home", {
        name: "home",
        description: "Each user reads and writes under their own prefix",
        document: new PolicyDocument({
          statements: [
            { sid: "OwnPrefix", actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/100%{literal}"] },
            { sid: "List", actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::home"], conditions: [Condition.stringLike("s3:prefix", "${aws:username}/*")] },
          ],
        }),
      });

      // 2. References to another resource (known at plan: the role's name), mixed with policy variables.
      new ManagedPolicy(stack, "PassApp", {
        name: "pass-app",
        document: new PolicyDocument({
          statements: [
            {
              actions: ["iam:PassRole"],
              resources: [`arn:aws:iam::123456789012:role/${role.name}`],
              conditions: [Condition.stringEquals("iam:PassedToService", "ec2.amazonaws.com")],
            },
            { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::logs/${aws:username}/100%{x}"] },
          ],
        }),
      });

      // 3. A reference unknown until apply (the role's ARN) and a list-valued reference mixed with literals.
      new ManagedPolicy(stack, "Mixed", {
        name: "mixed",
        document: new PolicyDocument({
          statements: [
            { actions: ["iam:GetRole"], resources: [role.arn] },
            { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a", ...buckets.listValue, "arn:aws:s3:::z"] },
          ],
        }),
      });

      // 4. A list-valued reference known at plan (a variable's default), mixed with literal entries.
      new ManagedPolicy(stack, "Lists", {
        name: "lists",
        document: new PolicyDocument({
          statements: [
            { actions: ["s3:ListBucket"], resources: buckets.listValue },
            { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a", ...buckets.listValue, "arn:aws:s3:::z"] },
          ],
        }),
      });

      new IamRolePolicyAttachment(stack, "ReadOnly", { role: role.name, policyArn: AwsManagedPolicy.fromName("ReadOnlyAccess").arnFor(stack) });
    });
    const result = initValidatePlan(out.stackDir("policies"));
    expect(result.validate.valid).toBe(true);
    changes = (result.plan.resource_changes ?? []) as unknown as Change[];
  });

  it("plans every policy", () => {
    expect(changes.filter((c) => c.type === "aws_iam_policy").map((c) => c.change.after.name).sort()).toEqual(["home", "lists", "mixed", "pass-app"]);
    expect(changes.every((c) => c.change.actions.join() === "create")).toBe(true);
  });

  it("IAM receives ${aws:username} and %{ unescaped from a literal document", () => {
    const doc = JSON.parse(policyOf("home").change.after.policy);
    expect(doc.Statement[0].Resource).toEqual(["arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/100%{literal}"]);
    expect(doc.Statement[1].Condition).toEqual({ StringLike: { "s3:prefix": ["${aws:username}/*"] } });
  });

  it("references resolve inside jsonencode, policy variables stay variables", () => {
    const doc = JSON.parse(policyOf("pass-app").change.after.policy);
    expect(doc.Statement[0].Resource).toEqual(["arn:aws:iam::123456789012:role/app"]);
    expect(doc.Statement[1].Resource).toEqual(["arn:aws:s3:::logs/${aws:username}/100%{x}"]);
  });

  it("a list-valued reference becomes list entries, alone or among literal entries", () => {
    const doc = JSON.parse(policyOf("lists").change.after.policy);
    expect(doc.Statement[0].Resource).toEqual(["arn:aws:s3:::x", "arn:aws:s3:::y"]);
    expect(doc.Statement[1].Resource).toEqual(["arn:aws:s3:::a", "arn:aws:s3:::x", "arn:aws:s3:::y", "arn:aws:s3:::z"]);
  });

  it("a reference unknown until apply leaves the policy unknown at plan", () => {
    const mixed = policyOf("mixed");
    expect(mixed.change.after.policy).toBeUndefined();
    expect(mixed.change.after_unknown.policy).toBe(true);
  });

  it("the AWS managed policy attachment uses the partition-aware ARN", () => {
    const att = changes.find((c) => c.type === "aws_iam_role_policy_attachment");
    expect(att?.change.after.policy_arn).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
  });
});

describeTerraform("the Terraform escaping traps", () => {
  it("a literal ${aws:username} (not escaped) fails in Terraform", () => {
    const doc = new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::home/${aws:username}/*"] }] });
    const out = synthToDir((app) => {
      const stack = new IamStack(app, "trap", { region: "eu-west-1", offline: true });
      new IamPolicy(stack, "Naive", { name: "naive", policy: JSON.stringify(doc.toJSON()) });
    });
    let message = "";
    try {
      initValidatePlan(out.stackDir("trap"));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^terraform validate/);
    expect(message).toMatch(/"valid": false/);
    expect(message).toContain("Extra characters after interpolation expression");
    // The same document through policyToTerraform validates (the stack above holds it, escaped).
    expect(policyToTerraform(doc)).toContain("$${aws:username}");
  });
});
