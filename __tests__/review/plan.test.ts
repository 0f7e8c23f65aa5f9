/**
 * Review built from `terraform show -json` of a saved plan: shows what Terraform will really do,
 * including replacements. The committed fixture is a real plan (see fixtures/review/generate-plan.ts);
 * where Terraform is present, the same plan is also made live and must agree with the fixture.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderStackMarkdown, reviewApp, reviewPlan, ReviewError, type StackReview } from "../../modules/review";
import { describeTerraform, tempDir } from "../support/terraform";
import { PLAN_FIXTURE, PLAN_STACK } from "../fixtures/review/plan-fixture";
import { makePlan } from "../fixtures/review/generate-plan";
import { actionsOf, principal } from "./support";

const fixture = JSON.parse(fs.readFileSync(PLAN_FIXTURE, "utf8")) as Record<string, unknown>;

function expectPlanReview(r: StackReview): void {
  expect(r.mode).toBe("plan");
  const role = principal(r, "role", "app-server-v2");
  expect(role.status).toBe("replaced");
  expect(role.notes).toEqual(["renamed from `app-server` to `app-server-v2` (IAM replaces a renamed role)", "Terraform will replace (delete, then create) because `name` changed"]);
  expect(actionsOf(role.gained)).toEqual(["s3:PutObject"]);
  expect(actionsOf(role.lost)).toEqual(["sqs:SendMessage"]);
  expect(role.lost[0].sources).toEqual(["managed policy `old-policy`"]);

  const key = r.keys.find((k) => k.address === "aws_iam_access_key.CiDeployerKey")!;
  expect(key.status).toBe("rotated");
  expect(key.reason).toBe("its rotation trigger changed");
  expect(key.secretStores.map((s) => `${s.name} ${s.type} ${s.kmsKey} ${s.argument}`)).toEqual(["/ci/deployer/secret-access-key SecureString alias/iam-secrets value_wo"]);

  const changes = Object.fromEntries((r.resourceChanges ?? []).map((c) => [c.address, c.action]));
  expect(changes).toMatchObject({
    "aws_iam_role.AppServer": "replace (delete, then create)",
    "aws_iam_access_key.CiDeployerKey": "replace (delete, then create)",
    "aws_iam_policy.OldPolicy": "delete",
    "aws_iam_role_policy_attachment.AppServerOld": "delete",
    "terraform_data.CiDeployerRotation": "replace (delete, then create)",
  });

  const flags = r.flags.map((f) => `${f.severity} ${f.rule} ${f.subject}`);
  expect(flags).toEqual(
    expect.arrayContaining([
      "high iam-replacement aws_iam_role.AppServer",
      "high iam-replacement aws_iam_access_key.CiDeployerKey",
      "medium iam-replacement aws_iam_role_policy.AppServerObjects",
      "medium iam-deletion aws_iam_policy.OldPolicy",
      "medium iam-deletion aws_iam_role_policy_attachment.AppServerOld",
    ]),
  );
  // The key existed before: its long-lived-key flag is not new; the replacement flags are.
  expect(r.flags.find((f) => f.rule === "long-lived-key")?.isNew).toBe(false);
  expect(r.flags.filter((f) => f.rule.startsWith("iam-")).every((f) => f.isNew)).toBe(true);

  const md = renderStackMarkdown(r);
  expect(md).toContain("#### role `app-server-v2` — replaced");
  expect(md).toContain("- `aws_iam_role.AppServer`: replace (delete, then create) because `name` changed");
  expect(md).toContain("- **high** `iam-replacement` the plan replaces aws_iam_role.AppServer (name changed)");
}

describe("review of a saved plan", () => {
  it("shows the replacement, deletions and key rotation a real plan holds", () => {
    expectPlanReview(reviewPlan(PLAN_STACK, fixture));
  });

  it("reads plan.json beside each stack with --plan semantics (base kind plan)", () => {
    const out = tempDir("review-plan-");
    const stackDir = path.join(out, "stacks", PLAN_STACK);
    fs.mkdirSync(stackDir, { recursive: true });
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks: { [PLAN_STACK]: { synthesizedStackPath: `stacks/${PLAN_STACK}/cdk.tf.json` } } }));
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), "{}");
    expect(() => reviewApp({ outDir: out, base: { kind: "plan" } })).toThrow(/Saved plan of stack "plan-demo" not found: .*plan\.json/);
    fs.writeFileSync(path.join(stackDir, "plan.json"), JSON.stringify(fixture));
    const report = reviewApp({ outDir: out, base: { kind: "plan" } });
    expect(report.stacks).toHaveLength(1);
    expectPlanReview(report.stacks[0]);
  });

  it("refuses JSON that is not a saved plan", () => {
    expect(() => reviewPlan("x", { resource: {} })).toThrow(ReviewError);
  });
});

describeTerraform("review of a live offline plan (terraform plan against a seeded prior state)", () => {
  it("produces the same review as the committed fixture", () => {
    const live = makePlan();
    const actions = (p: Record<string, unknown>) =>
      Object.fromEntries(((p.resource_changes as { address: string; change: { actions: string[] } }[]) ?? []).map((rc) => [rc.address, rc.change.actions.join(",")]));
    expect(actions(live)).toEqual(actions(fixture));
    expectPlanReview(reviewPlan(PLAN_STACK, live));
  });
});
