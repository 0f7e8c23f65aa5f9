/**
 * Test helpers around real Terraform.
 *
 * - `describeTerraform` runs a block only where Terraform works. Where it does
 *   not, the block is skipped with a loud warning; where `CI` is set, it fails
 *   instead, so CI never passes by skipping.
 * - `synthToDir` synthesizes an app into a temporary folder (removed after the run).
 * - `initValidatePlan(stackDir)` runs plan and show -json on a synthesized stack folder,
 *   offline (dummy credentials; stacks must be built with `offline: true`), and returns both
 *   JSON results. The validation is the plan's own (`validateInPlan`, see `planWithValidation`
 *   in scripts/lib/terraform.ts): Terraform validates before it plans and fails on whatever
 *   `terraform validate` fails on; when the plan fails, `terraform validate` runs after all, so
 *   an invalid configuration fails with validate's own error. One process and two provider
 *   starts fewer per plan. Plan once per stack and share the result between the
 *   assertions about it (a `beforeAll`, or one `it` with several expectations): each plan
 *   costs a few seconds of Terraform and provider start-up.
 * - `validatePlanMany(stackDirs)` does the same for several stacks in one Terraform run (each stack a
 *   child module of one root; results split back per stack): a file planning N stacks pays the
 *   provider start-ups once instead of N times.
 *
 * How Terraform runs in a test run (scripts/lib/terraform.ts does the work):
 * - **One init per run.** Jest's global setup (global-setup.ts) installs the AWS provider once,
 *   from `IAM_TF_PROVIDER_MIRROR` when set, into a shared data folder under
 *   `IAM_TEST_TERRAFORM_DIR` (set it to keep the install between runs; default: inside the
 *   run's temporary root). Offline plans use that folder through `TF_DATA_DIR` and run no
 *   `terraform init` of their own; every stack gets the same `.terraform.lock.hcl`. A stack
 *   with modules, or another provider set, gets its own init (same helper, nothing to do).
 * - **No run-wide lock.** Only the one-off init is serialised; Jest workers plan at the same
 *   time. Tests that need their own Terraform working folder (e.g. `terraform apply` against
 *   a local endpoint) call `sharedTerraform()` for the same data folder, lock file and
 *   environment, and run `terraform` with `runTerraform` from scripts/lib/terraform.ts.
 * - **Running providers.** `initValidatePlan` of a stack with one aws provider block and no modules attaches to
 *   this worker's running AWS provider (provider-server.ts): the start-ups of the provider go, its code still runs.
 * - **Offline without a mirror fails once.** When Terraform is present but cannot install the
 *   provider, global setup stops the run with one message naming `IAM_TF_PROVIDER_MIRROR`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "../../modules/internal/cdktf";
import { MIRROR_ENV, sharedInit, terraformAvailable, terraformEnv, terraformVersion } from "../../scripts/lib/terraform";
import { IAM_STACK_PROVIDERS } from "./terraform-setup";
import { validatePlanMany as planMany } from "./terraform-batch";
import { planAlone } from "./provider-server";
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

/** The test run's Terraform work folder (see the header). */
function terraformWorkDir(): string {
  return process.env.IAM_TEST_TERRAFORM_DIR ?? path.join(os.tmpdir(), "iam-cdktf-terraform");
}

/** Synthesizes `build` and returns the error message it fails with, or "" when it synthesizes. */
export function synthError(build: (app: App) => void): string {
  try {
    synthToDir(build);
  } catch (e) {
    return (e as Error).message;
  }
  return "";
}

/** Real terraform validate + plan (offline) of a synthesized stack folder, on the run's shared init. */
export function initValidatePlan(stackDir: string): PlanResult {
  return planAlone(stackDir, terraformWorkDir());
}

/**
 * Real terraform validate + plan (offline) of several synthesized stack folders in ONE Terraform run (see
 * terraform-batch.ts): one result per stack, in order, shaped as if each had been planned alone. Use it
 * where a file plans several stacks: each Terraform run starts the AWS provider six times.
 */
export function validatePlanMany(stackDirs: string[]): PlanResult[] {
  return planMany(stackDirs, terraformWorkDir(), tempDir("batch-"));
}

/** What a test needs to run `terraform` itself on the run's shared provider install. */
export interface SharedTerraform {
  /**
   * Environment for `runTerraform`: dummy credentials, the mirror's CLI configuration, and
   * `TF_DATA_DIR` pointing at the shared data folder (providers installed, local backend
   * `offline-plan.tfstate`). Drop `TF_DATA_DIR` and run `terraform init` yourself when your
   * configuration has modules or a different backend; the CLI configuration still applies.
   */
  readonly env: NodeJS.ProcessEnv;
  /** The shared `.terraform.lock.hcl`: copy it into your folder before running Terraform there. */
  readonly lockFile: string;
}

/**
 * The shared Terraform set-up of the run for the providers every IamStack asks for (or `requiredProviders`,
 * the `terraform.required_providers` of your configuration). Copy `lockFile` into the working folder, then
 * `runTerraform(dir, ["apply", ...], env)`.
 */
export function sharedTerraform(requiredProviders: unknown = IAM_STACK_PROVIDERS): SharedTerraform {
  const workDir = terraformWorkDir();
  const env = terraformEnv({ offline: true, workDir });
  const shared = sharedInit(workDir, env, requiredProviders);
  return { env: { ...env, TF_DATA_DIR: shared.dataDir }, lockFile: shared.lockFile };
}
