/**
 * Long-lived AWS provider processes that the tests' Terraform runs attach to instead of starting the provider
 * themselves (Terraform's `TF_REATTACH_PROVIDERS`, the provider's `-debug` mode). Test code only.
 *
 * Why: every Terraform command starts the AWS provider (a 700 MB binary) several times: `terraform plan` of a
 * one-resource stack costs about 2.4 s of CPU, 1.4 s of it when attached to a running provider. Attached, the
 * command runs the same provider code (validation, plan, apply: the same gRPC calls); only the start-ups go.
 *
 * Limits, and so when a run may attach (the callers decide: `initValidatePlan` in ./terraform.ts, the stand-in
 * harness in ./aws-standin/client.ts):
 * - **One provider configuration per run.** Terraform configures the attached process once per `provider "aws"`
 *   block; with two blocks (aliases, child modules) the last configuration would win for every resource. Runs
 *   with several aws provider configurations start their own providers.
 * - **The provider's environment is fixed when it starts**: it is the environment of the Terraform runs that use
 *   it (credentials, `AWS_ENDPOINT_URL_<SERVICE>`), minus `AWS_CA_BUNDLE`, with which provider 5.100 fails on its
 *   second configuration in one process ("unable to add custom RootCAs HTTPClient"). The runs are offline or
 *   against a local http endpoint, where the CA bundle plays no part. A provider is shared only between runs whose
 *   `AWS_*` variables are equal.
 * - **One Terraform run at a time per provider**: the tests run Terraform synchronously, and each Jest worker has
 *   its own providers.
 *
 * Lifetime: a provider stops with {@link AttachedProvider.stop}, when the worker that started it exits (a shell
 * watcher polls the worker's pid), and at the latest in Jest's global teardown ({@link stopAttachedProviders}).
 * `IAM_TEST_NO_REATTACH=1` turns attaching off (every run starts its own providers, as outside the tests).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { initValidatePlan, sharedInit, terraformEnv, type PlanResult } from "../../scripts/lib/terraform";

/** A running provider as recorded in the run's temporary root. */
interface ProviderRecord {
  readonly pid: number;
  readonly reattach: string;
  readonly binary: string;
}

/** The folder recording this run's provider processes (`<IAM_TEST_TMP_ROOT>/providers`). */
function recordDir(): string | undefined {
  const root = process.env.IAM_TEST_TMP_ROOT;
  return root ? path.join(root, "providers") : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The AWS provider binary installed in a Terraform data folder (`<dataDir>/providers/registry.terraform.io/hashicorp/aws/...`). */
function providerBinary(dataDir: string): string | undefined {
  const base = path.join(dataDir, "providers", "registry.terraform.io", "hashicorp", "aws");
  if (!fs.existsSync(base)) return undefined;
  for (const version of fs.readdirSync(base)) {
    for (const platform of fs.readdirSync(path.join(base, version))) {
      const dir = path.join(base, version, platform);
      const bin = fs.readdirSync(dir).find((f) => f.startsWith("terraform-provider-aws"));
      if (bin) return fs.realpathSync(path.join(dir, bin));
    }
  }
  return undefined;
}

/** Whether attaching is possible here: a run root to record providers in, the binary installed, not turned off. */
function attachable(dataDir: string): { dir: string; binary: string } | undefined {
  const dir = recordDir();
  const binary = providerBinary(dataDir);
  if (!dir || !binary || /^(1|true)$/i.test(process.env.IAM_TEST_NO_REATTACH ?? "")) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return { dir, binary };
}

/** A running AWS provider that Terraform runs attach to. */
export class AttachedProvider {
  private constructor(
    private readonly record: string,
    private readonly info: ProviderRecord,
  ) {}

  /**
   * Starts the provider installed in `dataDir` with the environment of the Terraform runs that will use it, or
   * returns undefined when attaching is not possible (see the header) or the provider does not come up
   * within 60 s (with a warning; the runs then start their own providers).
   */
  static start(dataDir: string, env: NodeJS.ProcessEnv, name = `${process.pid}-${Date.now()}`): AttachedProvider | undefined {
    const where = attachable(dataDir);
    if (!where) return undefined;
    const record = path.join(where.dir, `${name}.json`);
    try {
      return new AttachedProvider(record, launch(where.binary, record, env));
    } catch (e) {
      // Slower, not wrong: the runs start their own providers.
      // eslint-disable-next-line no-console
      console.warn(`Terraform runs start their own AWS providers: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Environment variables that make a Terraform run use this provider. */
  env(): NodeJS.ProcessEnv {
    return { TF_REATTACH_PROVIDERS: this.info.reattach };
  }

  /** Stops the provider. */
  stop(): void {
    if (alive(this.info.pid)) process.kill(this.info.pid);
    fs.rmSync(this.record, { force: true });
  }

  /** @internal */
  static fromRecord(record: string, binary: string): AttachedProvider | undefined {
    if (!fs.existsSync(record)) return undefined;
    const info = JSON.parse(fs.readFileSync(record, "utf8")) as ProviderRecord;
    if (info.binary === binary && alive(info.pid)) return new AttachedProvider(record, info);
    if (alive(info.pid)) process.kill(info.pid);
    return undefined;
  }
}

/** What the watcher prints once the provider has ended. */
const EXITED = "iam-test: the provider process has ended";

function launch(binary: string, record: string, callerEnv: NodeJS.ProcessEnv): ProviderRecord {
  const out = `${record}.out`;
  const fd = fs.openSync(out, "w");
  const { AWS_CA_BUNDLE: _ca, TF_REATTACH_PROVIDERS: _r, ...env } = callerEnv;
  // The provider, and a watcher that stops it once this worker is gone and says when it has ended (this function
  // waits synchronously, so the child's exit event would never be seen here).
  const script = `"$0" -debug & p=$!; while kill -0 ${process.pid} 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 1; done; kill $p 2>/dev/null; echo "${EXITED}"`;
  const child = spawn("/bin/sh", ["-c", script, binary], { env, stdio: ["ignore", fd, fd], detached: true });
  child.unref();
  fs.closeSync(fd);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = fs.readFileSync(out, "utf8");
    const m = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(text);
    if (m) {
      const reattach = m[1]!;
      const entry = Object.values(JSON.parse(reattach) as { [address: string]: { Pid: number } })[0];
      if (!entry) throw new Error(`The AWS provider (${binary} -debug) printed an empty reattach configuration: ${reattach}`);
      const info = { pid: entry.Pid, reattach, binary };
      fs.writeFileSync(record, JSON.stringify(info));
      return info;
    }
    if (text.includes(EXITED) || Date.now() > deadline) throw new Error(`The AWS provider started in debug mode (${binary} -debug) printed no reattach configuration:\n${text}`);
    sleep(50);
  }
}

/**
 * `TF_REATTACH_PROVIDERS` for an offline Terraform run with environment `env` on the provider install in
 * `dataDir`: this worker's provider for that environment's `AWS_*` variables, started on first use and kept for
 * the worker's later test files. Empty when attaching is not possible (the run then starts its own providers).
 */
export function workerProviderEnv(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  const where = attachable(dataDir);
  if (!where) return {};
  const aws = Object.entries(env)
    .filter(([k]) => k.startsWith("AWS_"))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const key = createHash("sha256").update(JSON.stringify(aws)).digest("hex").slice(0, 12);
  const name = `worker-${process.pid}-${key}`;
  const record = path.join(where.dir, `${name}.json`);
  if (failed.has(record)) return {};
  const provider = AttachedProvider.fromRecord(record, where.binary) ?? AttachedProvider.start(dataDir, env, name);
  if (!provider) failed.add(record);
  return provider?.env() ?? {};
}

/** Providers that could not start in this test file: not tried again (each try costs a second or more). */
const failed = new Set<string>();

/** Stops every provider this run started (Jest's global teardown). */
export function stopAttachedProviders(): void {
  const dir = recordDir();
  if (!dir || !fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ProviderRecord;
      if (alive(info.pid)) process.kill(info.pid);
    } catch {
      // already gone
    }
  }
}

/** The parts of a stack's `cdk.tf.json` read here. */
type StackConfig = { provider?: { aws?: unknown }; module?: unknown; terraform?: { required_providers?: unknown } };

/** A stack folder's `cdk.tf.json`. */
export function readStackConfig(stackDir: string): StackConfig {
  return JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as StackConfig;
}

/**
 * Whether a Terraform run of this configuration may attach to a running provider: exactly one `aws` provider block
 * and no modules (whose provider blocks would be configurations of their own). See the header.
 */
export function canAttach(config: StackConfig): boolean {
  const aws = config.provider?.aws;
  return config.module === undefined && (Array.isArray(aws) ? aws.length === 1 : aws !== undefined);
}

/**
 * Offline validate + plan of one stack folder (`initValidatePlan` of scripts/lib/terraform.ts, its validation taken
 * from the plan), attached to this worker's running provider when the stack has one aws provider block and no
 * modules; otherwise Terraform starts its own providers.
 */
export function planAlone(stackDir: string, workDir: string): PlanResult {
  const config = readStackConfig(stackDir);
  let env: NodeJS.ProcessEnv | undefined;
  if (canAttach(config)) {
    const offline = terraformEnv({ offline: true, workDir });
    env = workerProviderEnv(offline, sharedInit(workDir, offline, config.terraform?.required_providers ?? {}).dataDir);
  }
  return initValidatePlan(stackDir, { offline: true, workDir, validateInPlan: true, env });
}
