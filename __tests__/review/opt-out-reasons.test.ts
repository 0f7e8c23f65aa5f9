/**
 * Issue 12: the review shows the written reason of an opt-in (`allowBroad`, `skipCatalogCheck`) next to the flag of
 * what it allowed. The reasons travel in the policy resource's Terraform JSON comment (`"//"`), which Terraform
 * ignores; a policy without opt-ins carries none.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { App } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { reviewApp } from "../../modules/review";
import { IamStack } from "../../modules/stack";
import { synthToDir } from "../support/terraform";

const ADMIN = "break-glass role for the on-call SRE, reviewed by security in SEC-142";
const WILD = "the backup agent lists every bucket it may copy";

function build(withReasons: boolean) {
  return synthToDir((app: App) => {
    const stack = new IamStack(app, "s", { region: "eu-west-1" });
    const admin = new ManagedPolicy(stack, "Admin", {
      name: "break-glass",
      document: new PolicyDocument({ statements: [{ actions: ["iam:*"], resources: ["*"], allowBroad: { reason: ADMIN } }] }),
    });
    const role = new Ec2InstanceRole(stack, "Role", { name: "ops", managedPolicies: [admin] });
    const inline = new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] });
    role.addInlinePolicy("backup", inline);
    // Added after construction: still carried.
    if (withReasons) inline.addStatements({ actions: ["s3:*"], resources: ["*"], allowBroad: { reason: WILD } });
  });
}

describe("opt-out reasons in the review", () => {
  const out = build(true);
  const json = out.json("s");

  it("are written in the policy resource's comment object, beside cdktf's metadata, and only where given", () => {
    const policies = json.resource.aws_iam_policy as Record<string, Record<string, any>>;
    const [policy] = Object.values(policies);
    expect(policy["//"]["iam-cdktf"]).toEqual({ optOutReasons: [`allowBroad: ${ADMIN}`] });
    expect(policy["//"].metadata.path).toBe("s/Admin/Resource");
    const inline = Object.values(json.resource.aws_iam_role_policy as Record<string, Record<string, any>>)[0];
    expect(inline["//"]["iam-cdktf"]).toEqual({ optOutReasons: [`allowBroad: ${WILD}`] });
    const plain = build(false).json("s");
    expect(Object.values(plain.resource.aws_iam_role_policy as Record<string, Record<string, any>>)[0]["//"]["iam-cdktf"]).toBeUndefined();
  });

  it("are shown with the flags of what they allowed", () => {
    const r = reviewApp({ outDir: out.outdir }).stacks[0];
    const admin = r.flags.find((f) => f.rule === "admin-access");
    expect(admin?.severity).toBe("critical");
    expect(admin?.message).toContain(`reason given: "allowBroad: ${ADMIN}"`);
    const wild = r.flags.find((f) => f.rule === "wildcard-action" && f.message.includes("s3:*"));
    expect(wild?.message).toContain(`reason given: "allowBroad: ${WILD}"`);
  });
});

describe("the reason for keeping create-before-destroy on a fixed name", () => {
  const KEPT = "the auto-scaling group rolls instances; path changes are made in two steps";
  const out = synthToDir((app: App) => {
    const stack = new IamStack(app, "s", { region: "eu-west-1" });
    const policy = new ManagedPolicy(stack, "P", {
      name: "p",
      document: new PolicyDocument({ statements: [{ actions: ["ec2:DescribeInstances"], resources: ["*"] }] }),
      allowCreateBeforeDestroy: { reason: KEPT },
    });
    new Ec2InstanceRole(stack, "Role", { name: "ops", managedPolicies: [policy], allowCreateBeforeDestroy: { reason: KEPT } });
  });

  it("travels in the role's and the policy's comment object, and the review shows it next to the role", () => {
    const json = out.json("s");
    const role = Object.values(json.resource.aws_iam_role as Record<string, Record<string, any>>)[0]!;
    expect(role["//"]["iam-cdktf"]).toEqual({ optOutReasons: [`allowCreateBeforeDestroy: ${KEPT}`] });
    const policy = Object.values(json.resource.aws_iam_policy as Record<string, Record<string, any>>)[0]!;
    expect(policy["//"]["iam-cdktf"]).toEqual({ optOutReasons: [`allowCreateBeforeDestroy: ${KEPT}`] });
    const r = reviewApp({ outDir: out.outdir }).stacks[0]!;
    const ops = r.principals.find((p) => p.name === "ops");
    expect(ops?.notes).toContain(`opt-out allowCreateBeforeDestroy: ${KEPT}`);
  });
});
