/**
 * The default app, end to end: it synthesizes with no configuration, its JSON
 * holds no path of this machine, and real Terraform validates and plans every
 * stack it makes, for each backend kind.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildDefaultApp } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { readManifest } from "../../scripts/lib/synth";
import type { PlanResult } from "../../scripts/lib/terraform";
import { describeTerraform, synthToDir, validatePlanMany } from "../support/terraform";

function synthDefault(env: NodeJS.ProcessEnv) {
  return synthToDir((app) => buildDefaultApp(app, readAppSettings(app, env)));
}

describe("default app synthesis", () => {
  it("synthesizes on a fresh clone with no configuration", () => {
    const out = synthDefault({});
    const stacks = readManifest(out.outdir);
    expect(stacks.map((s) => s.name)).toEqual(["iam"]);
    expect(out.json("iam").terraform.required_providers.aws.source).toBe("hashicorp/aws");
  });

  it("holds no absolute path of the machine that made it", () => {
    const out = synthDefault({});
    const forbidden = [process.cwd(), os.homedir(), os.tmpdir(), out.outdir, path.resolve(__dirname, "..", "..")].filter((p) => p.length > 1);
    for (const stack of readManifest(out.outdir)) {
      const text = fs.readFileSync(path.join(stack.dir, "cdk.tf.json"), "utf8");
      for (const p of forbidden) expect(text).not.toContain(p);
      expect(text).not.toMatch(/"(\/(home|root|tmp|Users|var|opt|work)\/)/);
    }
  });

  it("is deterministic: two syntheses give the same bytes", () => {
    expect(synthDefault({}).text("iam")).toBe(synthDefault({}).text("iam"));
  });
});

describeTerraform("default app under real Terraform", () => {
  const BACKENDS: [string, NodeJS.ProcessEnv][] = [
    ["local", {}],
    ["s3", { IAM_BACKEND: "s3", IAM_STATE_BUCKET: "tf-state-example" }],
    ["cloud", { IAM_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", TF_WORKSPACE: "iam" }],
  ];
  // Every stack of every backend kind validated and planned in one Terraform run.
  const stacks = new Map<string, { dir: string; result: PlanResult }[]>();
  beforeAll(() => {
    const all = BACKENDS.flatMap(([kind, env]) => readManifest(synthDefault({ ...env, IAM_OFFLINE: "1" }).outdir).map((s) => ({ kind, dir: s.dir })));
    const results = validatePlanMany(all.map((s) => s.dir));
    all.forEach((s, i) => stacks.set(s.kind, [...(stacks.get(s.kind) ?? []), { dir: s.dir, result: results[i]! }]));
  });

  it.each(BACKENDS)("validates and plans every stack with the %s backend", (kind) => {
    expect(stacks.get(kind)?.length).toBeGreaterThan(0);
    for (const { dir, result } of stacks.get(kind)!) {
      expect(result.validate.valid).toBe(true);
      expect(result.validate.error_count).toBe(0);
      expect(result.plan.format_version).toBeDefined();
      expect(fs.existsSync(result.planJsonFile)).toBe(true);
      // The folder is what Terraform Cloud would receive: no override file was left in it.
      expect(fs.readdirSync(dir).filter((f) => f.endsWith("override.tf.json"))).toEqual([]);
    }
  });
});
