/**
 * The batch helper (terraform-batch.ts) is only worth its speed if each stack's part of a batch plan is what
 * the stack planned alone gives: same changes, values, configuration, outputs and validation, and a seeded
 * prior state honoured. Planned here both ways and compared. The stack planned alone runs on the worker's
 * running provider (provider-server.ts) and the batch (two provider blocks) starts its own, so the comparison also
 * shows that attaching to a running provider changes nothing in the plan.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { App, TerraformOutput } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { Backend, IamStack } from "../../modules/stack";
import { describeTerraform, initValidatePlan, sharedTerraform, synthToDir, validatePlanMany } from "./terraform";
import type { PlanResult } from "../../scripts/lib/terraform";
import { AttachedProvider, workerProviderEnv } from "./provider-server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function policies(app: App, name: string, backend?: Backend, owner = name): void {
  const stack = new IamStack(app, name, { region: "eu-west-3", offline: true, ...(backend ? { backend } : {}), defaultTags: { owner } });
  const policy = new ManagedPolicy(stack, "Reader", {
    name: `${name}-reader`,
    document: new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/home/${aws:username}/*"] }] }),
  });
  const role = new Ec2InstanceRole(stack, "Web", { name: `${name}-web`, managedPolicies: [policy] });
  new TerraformOutput(stack, "policy_arn", { value: policy.arn });
  new TerraformOutput(stack, "profile_name", { value: role.instanceProfile!.name, sensitive: true });
}

/** The parts of a plan that say what Terraform will do (the timestamp differs between runs; relevant_attributes is a set). */
function comparable(plan: Json): Json {
  const { timestamp: _t, relevant_attributes, ...rest } = plan;
  const attrs = ((relevant_attributes ?? []) as Json[]).map((a) => JSON.stringify(a)).sort();
  return { ...JSON.parse(JSON.stringify(rest)), relevant_attributes: attrs };
}

/** An empty prior state (serial 1), seeded for alpha: carried into a batch's state under alpha's module. */
const SEEDED = { version: 4, terraform_version: "1.11.0", serial: 1, lineage: "00000000-0000-0000-0000-000000000001", outputs: {}, resources: [] as Json[] };

/** Stack alpha synthesized into a folder of its own, with the seeded state. */
function alpha(): string {
  const dir = synthToDir((app) => policies(app, "alpha")).stackDir("alpha");
  fs.writeFileSync(path.join(dir, "offline-plan.tfstate"), JSON.stringify(SEEDED));
  return dir;
}

describeTerraform("several stacks in one Terraform run", () => {
  // alpha planned alone, once: what each batch's part for alpha is compared with.
  let single: PlanResult;
  beforeAll(() => {
    single = initValidatePlan(alpha());
  });

  it("gives each stack the plan and validation it gets alone, seeded state included", () => {
    const batchA = alpha();
    const batchB = synthToDir((app) => policies(app, "beta", Backend.s3({ bucket: "tf-state", key: "beta.tfstate" }))).stackDir("beta");
    const [a, b] = validatePlanMany([batchA, batchB]);
    // Two provider configurations: each stays in its stack's module.
    expect(JSON.parse(fs.readFileSync(path.join(path.dirname(a!.planFile), "main.tf.json"), "utf8")).provider).toBeUndefined();
    expect(a!.validate).toEqual(single.validate);
    expect(comparable(a!.plan)).toEqual(comparable(single.plan));
    expect(JSON.parse(fs.readFileSync(a!.planJsonFile, "utf8"))).toEqual(a!.plan);

    // beta is its own stack: its addresses, its provider block, its outputs.
    const betaPlan = b!.plan as Json;
    expect(betaPlan.configuration.provider_config.aws.expressions.default_tags[0].tags.constant_value).toEqual({ owner: "beta" });
    expect(Object.keys(betaPlan.output_changes).sort()).toEqual(["policy_arn", "profile_name"]);
    expect(betaPlan.output_changes.profile_name.after_sensitive).toBe(true);
    expect((betaPlan.resource_changes as Json[]).map((c) => c.address).every((addr: string) => !addr.startsWith("module."))).toBe(true);
    expect((betaPlan.planned_values.root_module.resources as Json[]).find((r) => r.type === "aws_iam_policy")?.values.name).toBe("beta-reader");
  });

  it("declares a provider configuration the stacks share once, at the root, and still gives each stack its own plan", () => {
    // The same provider block in both stacks (region and default tags): the batch declares it once and attaches to
    // the worker's running provider; gamma differs from alpha in its backend and names only.
    const batchA = alpha();
    const gamma = synthToDir((app) => policies(app, "gamma", Backend.s3({ bucket: "tf-state", key: "gamma.tfstate" }), "alpha")).stackDir("gamma");
    const [a, g] = validatePlanMany([batchA, gamma]);
    const rootConfig = (r: { planFile: string }) => JSON.parse(fs.readFileSync(path.join(path.dirname(r.planFile), "main.tf.json"), "utf8")) as Json;
    expect(rootConfig(a!).provider.aws).toHaveLength(1);
    expect(a!.validate).toEqual(single.validate);
    expect(comparable(a!.plan)).toEqual(comparable(single.plan));
    const gammaPlan = g!.plan as Json;
    expect(gammaPlan.configuration.provider_config.aws.expressions.default_tags[0].tags.constant_value).toEqual({ owner: "alpha" });
    expect((gammaPlan.planned_values.root_module.resources as Json[]).find((r) => r.type === "aws_iam_policy")?.values.name).toBe("gamma-reader");
  });
});

describeTerraform("running providers the tests attach to", () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const pidOf = (env: NodeJS.ProcessEnv) => Object.values(JSON.parse(env.TF_REATTACH_PROVIDERS!) as Record<string, { Pid: number }>)[0]!.Pid;

  it("shares one provider per worker and AWS environment, and stops one on request", () => {
    const { env, dataDir } = ((t) => ({ env: t.env, dataDir: t.env.TF_DATA_DIR! }))(sharedTerraform());
    const first = workerProviderEnv(env, dataDir);
    expect(first.TF_REATTACH_PROVIDERS).toBeDefined();
    expect(workerProviderEnv(env, dataDir)).toEqual(first);
    // Another AWS environment (here a region variable) gets a provider of its own: its environment is fixed at start.
    const other = workerProviderEnv({ ...env, AWS_REGION: "eu-west-3" }, dataDir);
    expect(pidOf(other)).not.toBe(pidOf(first));

    const own = AttachedProvider.start(dataDir, env)!;
    const pid = pidOf(own.env());
    expect(alive(pid)).toBe(true);
    own.stop();
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    expect(alive(pid)).toBe(false);
  });

  it("fall back to Terraform's own providers, with a warning, when the provider cannot start in debug mode", () => {
    const dataDir = fs.mkdtempSync(path.join(process.env.IAM_TEST_TMP_ROOT ?? "/tmp", "fake-provider-"));
    const bin = path.join(dataDir, "providers/registry.terraform.io/hashicorp/aws/9.9.9/linux_amd64");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, "terraform-provider-aws_v9.9.9_x5"), '#!/bin/sh\necho "flag provided but not defined: -debug" >&2\nexit 2\n', { mode: 0o755 });
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(AttachedProvider.start(dataDir, {})).toBeUndefined();
      expect(workerProviderEnv({}, dataDir)).toEqual({});
      expect(warn.mock.calls[0]?.[0]).toMatch(/start their own AWS providers.*flag provided but not defined/s);
    } finally {
      warn.mockRestore();
    }
  });
});
