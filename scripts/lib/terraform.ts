/**
 * Running real Terraform on synthesized stacks: init (with a provider mirror for
 * air-gapped machines), validate, plan, show -json.
 *
 * Used by the `plan` script and by the tests. Configuration comes from the
 * environment, never from paths written in code:
 *
 * - `IAM_TF_PROVIDER_MIRROR`: a folder laid out as a Terraform filesystem mirror
 *   (`registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/...`). When set,
 *   providers come only from there. When unset, Terraform's own configuration
 *   (`TF_CLI_CONFIG_FILE`, `~/.terraformrc`) applies, so the registry is used.
 * - `IAM_TF_BIN`: the terraform binary (default `terraform` on PATH).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { offlineHintFor } from "./hints";

/** Environment variable naming the provider mirror folder. */
export const MIRROR_ENV = "IAM_TF_PROVIDER_MIRROR";

/** Dummy credentials for offline plans: never valid anywhere, never secret. */
const OFFLINE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "offline-plan-dummy",
  AWS_SECRET_ACCESS_KEY: "offline-plan-dummy",
  AWS_EC2_METADATA_DISABLED: "true",
};

/** The terraform binary to run. */
export function terraformBinary(): string {
  return process.env.IAM_TF_BIN || "terraform";
}

/** Terraform's version, or undefined when it cannot be run. */
export function terraformVersion(): string | undefined {
  const bin = terraformBinary();
  if (!versions.has(bin)) versions.set(bin, readTerraformVersion(bin));
  return versions.get(bin);
}

/** Terraform's version per binary, asked once per process. */
const versions = new Map<string, string | undefined>();

function readTerraformVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ["version", "-json"], { encoding: "utf8", env: cleanEnv() });
  if (r.status !== 0 || !r.stdout) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** Writes a CLI configuration that installs `hashicorp/*` providers only from the mirror. */
export function writeMirrorConfig(mirror: string, file: string): string {
  if (!fs.existsSync(mirror)) {
    throw new Error(`${MIRROR_ENV}=${mirror}: no such folder. Fix: point ${MIRROR_ENV} at a Terraform filesystem mirror (a folder holding registry.terraform.io/hashicorp/aws/...), or unset it to use the registry.`);
  }
  const config = [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(path.resolve(mirror))}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    "  }",
    "  direct {",
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    "  }",
    "}",
    "",
  ].join("\n");
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === config) return file;
  // Written aside and renamed: a Terraform process of another worker may be reading it.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, config);
  fs.renameSync(tmp, file);
  return file;
}

/** The process environment without variables that would make Terraform prompt or phone home. */
function cleanEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
}

/** Options of a Terraform run. */
export interface TerraformOptions {
  /** Dummy credentials (the stack must be synthesized offline, with the provider's skip flags). Default false. */
  readonly offline?: boolean;
  /** Folder for the CLI configuration and the shared lock file. Default: a folder under the OS temp dir. */
  readonly workDir?: string;
  /** Print Terraform's output as it runs. Default false. */
  readonly verbose?: boolean;
}

/** The environment Terraform runs with for these options. */
export function terraformEnv(options: TerraformOptions = {}): NodeJS.ProcessEnv {
  const env = cleanEnv();
  const mirror = process.env[MIRROR_ENV];
  if (mirror) {
    const workDir = options.workDir ?? path.join(os.tmpdir(), "iam-cdktf-terraform");
    env.TF_CLI_CONFIG_FILE = writeMirrorConfig(mirror, path.join(workDir, "mirror.tfrc"));
  } else if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) {
    // A CLI config that does not exist only produces warnings: drop it.
    delete env.TF_CLI_CONFIG_FILE;
  }
  if (options.offline) Object.assign(env, OFFLINE_CREDENTIALS);
  return env;
}

/** Runs terraform in a folder; throws with Terraform's output when it fails. */
export function runTerraform(dir: string, args: string[], env: NodeJS.ProcessEnv, verbose = false): string {
  const r = spawnSync(terraformBinary(), [...args, "-no-color"], { cwd: dir, env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (verbose) process.stderr.write(r.stdout + r.stderr);
  if (r.error) throw new Error(`terraform ${args[0]} could not start in ${dir}: ${r.error.message}. Fix: install Terraform >= 1.11 or set IAM_TF_BIN.`);
  if (r.status !== 0) {
    const registry = args[0] === "init" && !env.TF_CLI_CONFIG_FILE && /registry|Failed to query available provider packages|could not connect/i.test(r.stderr);
    // Offline runs carry dummy credentials: an AWS failure there is not fixed by planning offline.
    const offlineHint = env.AWS_ACCESS_KEY_ID === OFFLINE_CREDENTIALS.AWS_ACCESS_KEY_ID ? "" : offlineHintFor(`${r.stdout}\n${r.stderr}`);
    const hint = registry
      ? `\nFix: Terraform could not reach the provider registry. On an offline machine set ${MIRROR_ENV} to a provider mirror folder (made with \`terraform providers mirror\`).`
      : offlineHint
        ? `\n${offlineHint}`
        : "";
    throw new Error(`terraform ${args.join(" ")} failed in ${dir} (exit ${r.status}):\n${r.stdout}\n${r.stderr}${hint}`);
  }
  return r.stdout;
}

/**
 * Runs `fn` while holding a lock shared by every process on this machine that
 * uses the same lock folder. Terraform inits that share a plugin cache or lock
 * file must not run at the same time.
 */
export function withLock<T>(lockDir: string, fn: () => T, timeoutMs = 15 * 60 * 1000): T {
  const started = Date.now();
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (lockIsStale(lockDir)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for the Terraform lock ${lockDir}. Fix: remove it if no Terraform run is in progress.`);
      sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function lockIsStale(lockDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8"));
    if (!pid) return false;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The provider lock file every stack of a run shares: made once by initialising
 * an empty configuration that asks for the same provider, then copied into each
 * stack folder before its own init, so all stacks use the identical provider.
 * Safe to call from several processes at once (it takes the work folder's lock).
 */
export function sharedLockFile(workDir: string, env: NodeJS.ProcessEnv, requiredProviders: unknown): string {
  return sharedInit(workDir, env, requiredProviders).lockFile;
}

/** A Terraform working directory initialised once and shared by every plan that asks for the same providers. */
export interface SharedInit {
  /** The `.terraform` folder (TF_DATA_DIR) holding the installed providers and the backend settings. */
  readonly dataDir: string;
  /** The `.terraform.lock.hcl` it made, to copy into each stack folder. */
  readonly lockFile: string;
}

/** The backend every offline plan runs with: a local state in the stack folder (see {@link OFFLINE_OVERRIDE}). */
const OFFLINE_BACKEND = { local: { path: "offline-plan.tfstate" } };

/**
 * `terraform init` once per distinct set of required providers (and the offline backend): the providers
 * are installed into one data folder, with one lock file, that every offline plan of the same providers
 * reuses through TF_DATA_DIR instead of running its own init. The first caller initialises under the work
 * folder's lock; later callers (other Jest workers, later runs with the same work folder) find it ready.
 * The key also covers the Terraform version and the CLI configuration (provider mirror), so a change of
 * either makes a fresh init.
 */
export function sharedInit(workDir: string, env: NodeJS.ProcessEnv, requiredProviders: unknown): SharedInit {
  const cliConfig = env.TF_CLI_CONFIG_FILE && fs.existsSync(env.TF_CLI_CONFIG_FILE) ? fs.readFileSync(env.TF_CLI_CONFIG_FILE, "utf8") : "";
  const key = createHash("sha256")
    .update(canonicalJson({ requiredProviders, backend: OFFLINE_BACKEND, terraform: terraformVersion(), cliConfig, bin: terraformBinary() }))
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(workDir, `init-${key}`);
  const result = { dataDir: path.join(dir, ".terraform"), lockFile: path.join(dir, ".terraform.lock.hcl") };
  const ready = path.join(dir, "ready");
  if (fs.existsSync(ready)) return result;
  withLock(path.join(workDir, "lock"), () => {
    if (fs.existsSync(ready)) return;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders, backend: OFFLINE_BACKEND } }, null, 2));
    runTerraform(dir, ["init", "-input=false"], { ...env, TF_DATA_DIR: result.dataDir });
    fs.writeFileSync(ready, new Date().toISOString());
  });
  return result;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The result of validating and planning one stack. */
export interface PlanResult {
  /** `terraform validate -json` output. */
  readonly validate: { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
  /** `terraform show -json` of the saved plan. */
  readonly plan: Record<string, unknown> & { resource_changes?: Array<Record<string, unknown>> };
  /** Path of the saved plan file. */
  readonly planFile: string;
  /** Path of the plan JSON written beside the stack. */
  readonly planJsonFile: string;
}

/** Options of {@link initValidatePlan}. */
export interface InitValidatePlanOptions extends TerraformOptions {
  /**
   * Take the validation from `terraform plan` instead of a `terraform validate` run of its own (one Terraform
   * process and two provider starts fewer; the tests use it). Default false. See {@link planWithValidation}.
   */
  readonly validateInPlan?: boolean;
  /** Variables added to Terraform's environment for these runs (e.g. `TF_REATTACH_PROVIDERS`). Default: none. */
  readonly env?: NodeJS.ProcessEnv;
}

type Diagnostic = { severity?: string; summary?: string; detail?: string; range?: { filename?: string; start?: { line?: number } } };

/** A diagnostic as one line of text, with its file and line when it has them. */
function diagnosticText(d: Diagnostic): string {
  const where = d.range?.filename ? ` (${d.range.filename}${d.range.start?.line ? `:${d.range.start.line}` : ""})` : "";
  return `${d.severity ?? "error"}: ${d.summary ?? ""}${where}${d.detail ? `\n  ${d.detail.replace(/\n/g, "\n  ")}` : ""}`;
}

/**
 * `terraform plan <args> -json` in `dir`, standing for `terraform validate` followed by `terraform plan`: Terraform
 * validates the configuration before planning and fails on whatever `terraform validate` fails on, so the
 * diagnostics the plan reports (its JSON stream) are returned in the shape of `terraform validate -json`, warnings
 * included. When the plan fails, `terraform validate -json` runs after all, so an invalid configuration fails with
 * exactly the error {@link initValidatePlan} gives without this option; a valid one fails with the plan's diagnostics.
 */
export function planWithValidation(dir: string, planArgs: string[], env: NodeJS.ProcessEnv): PlanResult["validate"] {
  const r = spawnSync(terraformBinary(), ["plan", ...planArgs, "-json", "-no-color"], { cwd: dir, env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw new Error(`terraform plan could not start in ${dir}: ${r.error.message}. Fix: install Terraform >= 1.11 or set IAM_TF_BIN.`);
  const diagnostics = r.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type?: string; diagnostic?: Diagnostic })
    .flatMap((m) => (m.type === "diagnostic" && m.diagnostic ? [m.diagnostic] : []));
  if (r.status !== 0) {
    // Throws terraform validate's own error when the configuration is invalid.
    runTerraform(dir, ["validate", "-json"], env);
    throw new Error(`terraform plan ${planArgs.join(" ")} failed in ${dir} (exit ${r.status}):\n${diagnostics.map(diagnosticText).join("\n")}\n${r.stderr}`);
  }
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  return { format_version: "1.0", valid: true, error_count: count("error"), warning_count: count("warning"), diagnostics } as PlanResult["validate"];
}

/**
 * Override file of an offline plan, written into the stack folder for the run and removed afterwards: it
 * swaps a remote backend for a local state and gives the AWS provider its skip flags, so the synthesized
 * stack itself never carries offline settings that `cdktf deploy` or Terraform Cloud would then use.
 */
export const OFFLINE_OVERRIDE = "zz_offline_override.tf.json";

/** The AWS provider settings of an offline plan (no credential check, no account id lookup, no metadata API). */
export const OFFLINE_PROVIDER_SETTINGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: "true",
  skip_region_validation: true,
} as const;

/**
 * The offline override for a stack's configuration: the local backend, and the skip flags merged into each
 * `aws` provider block it declares (by alias; Terraform refuses an override for a block the stack lacks).
 */
export function offlineOverride(config: { provider?: Record<string, unknown> }): Record<string, unknown> {
  const declared = config.provider?.aws;
  const blocks = (Array.isArray(declared) ? declared : declared ? [declared] : []) as Array<{ alias?: string }>;
  return {
    terraform: { backend: OFFLINE_BACKEND },
    ...(blocks.length ? { provider: { aws: blocks.map((b) => ({ ...(b.alias !== undefined ? { alias: b.alias } : {}), ...OFFLINE_PROVIDER_SETTINGS })) } } : {}),
  };
}

/**
 * terraform init, validate, plan -out=plan.out and show -json > plan.json for a
 * synthesized stack folder (one holding cdk.tf.json).
 *
 * Offline, the stack's remote backend (S3, Terraform Cloud) cannot be reached:
 * for the run, an override file ({@link OFFLINE_OVERRIDE}) replaces it with a local
 * state and gives the provider its skip flags; the stack needs no offline synth. Offline plans
 * of configurations without modules skip their own `terraform init`: they run
 * on the data folder of {@link sharedInit} (same providers, same lock file, same
 * local backend), so the stack folder handed to `terraform` or Terraform Cloud
 * afterwards is unchanged and gains only `.terraform.lock.hcl`, `plan.out`,
 * `plan.json` and the offline state. Online, each stack is initialised in its
 * own folder (its real backend), with the shared lock file copied in first.
 *
 * Several processes may plan at once: only the one-off shared init is serialised.
 */
export function initValidatePlan(stackDir: string, options: InitValidatePlanOptions = {}): PlanResult {
  const workDir = options.workDir ?? path.join(os.tmpdir(), "iam-cdktf-terraform");
  const env = { ...terraformEnv({ ...options, workDir }), ...options.env };
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { terraform?: { required_providers?: unknown }; module?: unknown; provider?: Record<string, unknown> };
  const shared = sharedInit(workDir, env, config.terraform?.required_providers ?? {});
  fs.copyFileSync(shared.lockFile, path.join(stackDir, ".terraform.lock.hcl"));
  const verbose = options.verbose ?? false;
  const overrideFile = path.join(stackDir, OFFLINE_OVERRIDE);
  if (options.offline) fs.writeFileSync(overrideFile, JSON.stringify(offlineOverride(config), null, 2));
  try {
    if (options.offline && config.module === undefined) {
      env.TF_DATA_DIR = shared.dataDir;
    } else {
      if (options.offline) env.TF_DATA_DIR = path.join(stackDir, ".terraform-offline");
      runTerraform(stackDir, ["init", "-input=false", "-reconfigure"], env, verbose);
    }
    const planFile = path.join(stackDir, "plan.out");
    const planArgs = ["-input=false", `-out=${planFile}`, ...(options.offline ? ["-lock=false", "-refresh=false"] : [])];
    let validate: PlanResult["validate"];
    if (options.validateInPlan) {
      validate = planWithValidation(stackDir, planArgs, env);
    } else {
      validate = JSON.parse(runTerraform(stackDir, ["validate", "-json"], env)) as PlanResult["validate"];
      if (!validate.valid) {
        throw new Error(`terraform validate failed in ${stackDir}:\n${JSON.stringify(validate.diagnostics, null, 2)}`);
      }
      runTerraform(stackDir, ["plan", ...planArgs], env, verbose);
    }
    const show = runTerraform(stackDir, ["show", "-json", planFile], env);
    const planJsonFile = path.join(stackDir, "plan.json");
    fs.writeFileSync(planJsonFile, show);
    return { validate, plan: JSON.parse(show) as PlanResult["plan"], planFile, planJsonFile };
  } finally {
    if (options.offline) fs.rmSync(overrideFile, { force: true });
  }
}

/** True when Terraform can be run here. */
export function terraformAvailable(): boolean {
  try {
    execFileSync(terraformBinary(), ["version"], { stdio: "ignore", env: cleanEnv() });
    return true;
  } catch {
    return false;
  }
}
