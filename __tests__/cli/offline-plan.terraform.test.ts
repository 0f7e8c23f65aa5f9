/**
 * Finding 7 of issue 10, with real Terraform: an offline plan of a stack synthesized as `cdktf deploy` would use
 * it (no provider skip flags, its real backend) succeeds through the run's override file alone, and leaves the
 * stack folder's configuration as it was: no override, no offline settings.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { PolicyDocument } from "../../modules/policy";
import { Backend, IamStack } from "../../modules/stack";
import { OFFLINE_OVERRIDE, OFFLINE_PROVIDER_SETTINGS } from "../../scripts/lib/terraform";
import { describeTerraform, initValidatePlan, synthToDir } from "../support/terraform";

describeTerraform("an offline plan of an online stack", () => {
  it.each([
    ["the default local state", Backend.local()],
    ["an S3 state", Backend.s3({ bucket: "acme-tf-state", key: "iam/online.tfstate" })],
  ])("plans with %s, and the stack folder keeps only what cdktf deploy uses", (_case, backend) => {
    const out = synthToDir((app) => {
      const stack = new IamStack(app, "online", { region: "eu-west-1", backend });
      new ManagedPolicy(stack, "Reader", {
        name: "online-reader",
        document: new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-data/*"] }] }),
      });
    });
    const dir = out.stackDir("online");
    const before = out.text("online");
    const provider = JSON.parse(before).provider.aws[0];
    for (const flag of Object.keys(OFFLINE_PROVIDER_SETTINGS)) expect(provider[flag]).toBeUndefined();

    const result = initValidatePlan(dir);
    expect(result.validate.valid).toBe(true);
    const changes = (result.plan.resource_changes ?? []).map((rc) => [rc.type, (rc.change as { actions: string[] }).actions]);
    expect(changes).toEqual([["aws_iam_policy", ["create"]]]);
    // The plan used the override's provider settings (Terraform records the provider configuration it planned with).
    const planned = (result.plan as { configuration?: { provider_config?: Record<string, { expressions?: Record<string, unknown> }> } }).configuration?.provider_config?.aws?.expressions ?? {};
    expect(Object.keys(planned)).toEqual(expect.arrayContaining(Object.keys(OFFLINE_PROVIDER_SETTINGS)));

    expect(out.text("online")).toBe(before);
    expect(fs.existsSync(path.join(dir, OFFLINE_OVERRIDE))).toBe(false);
    const files = fs.readdirSync(dir).filter((f) => !["plan.out", "plan.json", ".terraform.lock.hcl", "cdk.tf.json", "offline-plan.tfstate"].includes(f));
    expect(files).toEqual([]);
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".json") && n !== "plan.json")) {
      expect(fs.readFileSync(path.join(dir, f), "utf8")).not.toMatch(/skip_credentials_validation|offline-plan\.tfstate/);
    }
  });
});
