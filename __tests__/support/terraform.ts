/**
 * Test helpers around real Terraform.
 *
 * - `describeTerraform` runs a block only where Terraform works. Where it does
 *   not, the block is skipped with a loud warning; where `CI` is set, it fails
 *   instead, so CI never passes by skipping.
 * - `synthToDir` synthesizes an app into a temporary folder (removed after the run).
 * - `initValidatePlan` runs init (provider mirror from IAM_TF_PROVIDER_MIRROR,
 *   one shared lock file, serialised across workers), validate, plan and show -json,
 *   offline (dummy credentials; stacks must be built with `offline: true`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "../../modules/internal/cdktf";
import { MIRROR_ENV, initValidatePlan as runPlan, terraformAvailable, terraformVersion } from "../../scripts/lib/terraform";
import type { PlanResult } from "../../scripts/lib/terraform";

function probe(): { ok: boolean; reason?: string } {
  if (!terraformAvailable()) return { ok: false, reason: "terraform is not on PATH (or IAM_TF_BIN is wrong)" };
  const version = terraformVersion() ?? "0.0.0";
  const [major, minor] = version.split(".").map(Number);
  if ((major ?? 0) < 1 || ((major ?? 0) === 1 && (minor ?? 0) < 11)) return { ok: false, reason: `terraform ${version} is older than 1.11 (write-only arguments need 1.11)` };
  return { ok: true };
}

let status: { ok: boolean; reason?: string } | undefined;

/** Whether real Terraform can run here, and why not. */
export function terraformStatus(): { ok: boolean; reason?: string } {
  status ??= probe();
  return status;
}

/** A describe block that needs real Terraform. */
export function describeTerraform(name: string, fn: () => void): void {
  const s = terraformStatus();
  if (s.ok) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it("needs Terraform", () => {
        throw new Error(`Terraform is required in CI but unavailable: ${s.reason}. Fix: install Terraform >= 1.11 and set ${MIRROR_ENV} to a provider mirror when offline.`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`\n!!! SKIPPING "${name}": ${s.reason}. These tests run real terraform validate/plan; install Terraform >= 1.11 to run them. !!!\n`);
  describe.skip(name, fn);
}

/** A synthesized app in a temporary folder. */
export interface SynthResult {
  /** The app's output folder. */
  readonly outdir: string;
  /** The folder of one stack (holding cdk.tf.json). */
  stackDir(stack: string): string;
  /** The parsed cdk.tf.json of one stack. */
  json(stack: string): any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The raw text of one stack's cdk.tf.json. */
  text(stack: string): string;
}

/** Makes a temporary folder under the test run's root. */
export function tempDir(prefix = "t-"): string {
  return fs.mkdtempSync(path.join(process.env.IAM_TEST_TMP_ROOT ?? os.tmpdir(), prefix));
}

/** Builds an app with `build` and synthesizes it into a temporary folder. */
export function synthToDir(build: (app: App) => void): SynthResult {
  const outdir = tempDir("synth-");
  const app = new App({ outdir, skipValidation: false });
  build(app);
  app.synth();
  const stackDir = (stack: string) => path.join(outdir, "stacks", stack);
  const text = (stack: string) => fs.readFileSync(path.join(stackDir(stack), "cdk.tf.json"), "utf8");
  return { outdir, stackDir, text, json: (stack: string) => JSON.parse(text(stack)) };
}

/** Real terraform init + validate + plan (offline) of a synthesized stack folder. */
export function initValidatePlan(stackDir: string): PlanResult {
  return runPlan(stackDir, { offline: true, workDir: process.env.IAM_TEST_TERRAFORM_DIR ?? path.join(os.tmpdir(), "iam-cdktf-terraform") });
}
