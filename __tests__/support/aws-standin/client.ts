/**
 * Test-side handle of the local AWS stand-in (./server.ts) and a harness that runs `terraform apply` of
 * synthesized stacks against it, one configuration after another on the same state.
 *
 * Speed: Terraform is initialised once per harness (one `TF_DATA_DIR` shared by every scenario of a test file);
 * each step only copies the new `cdk.tf.json` in and applies.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runTerraform, sharedInit, terraformEnv } from "../../../scripts/lib/terraform";
import type { App } from "../../../modules/internal/cdktf";
import { synthToDir, tempDir } from "../terraform";
import { IAM_STACK_PROVIDERS } from "../terraform-setup";
import { AttachedProvider, canAttach, readStackConfig } from "../provider-server";
import type { StandInRequest } from "./protocol";

/** One logged AWS request and the stand-in's answer. */
export type LoggedRequest = StandInRequest & { status: number; error?: string };

/** A running stand-in. */
export class StandIn {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  /** Starts the stand-in in its own process. */
  static async start(): Promise<StandIn> {
    const server = path.join(__dirname, "server.ts");
    const child = spawn(process.execPath, ["--import", "tsx", server], { stdio: ["ignore", "pipe", "inherit"], cwd: path.resolve(__dirname, "../../..") });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`The AWS stand-in exited (${code}) before listening.`)));
    });
    return new StandIn(child, `http://127.0.0.1:${port}`);
  }

  private async control<T>(route: string, method = "GET"): Promise<T> {
    const r = await fetch(`${this.url}${route}`, { method });
    return (await r.json()) as T;
  }

  /** Every AWS request since the last {@link resetLog}. */
  log(): Promise<LoggedRequest[]> {
    return this.control("/_log");
  }

  /** Forgets the logged requests. */
  resetLog(): Promise<unknown> {
    return this.control("/_reset-log", "POST");
  }

  /** The stand-in's whole state (parameters by name, users, keys, ...). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  state(): Promise<any> {
    return this.control("/_state");
  }

  /** Registers an MFA device for `user`, as a person would in the console. */
  addMfaDevice(user: string): Promise<unknown> {
    return this.control(`/_mfa?user=${encodeURIComponent(user)}`, "POST");
  }

  /** Deletes an access key outside Terraform (as someone answering a leak would, in the console). */
  deleteAccessKey(accessKeyId: string): Promise<unknown> {
    return this.control(`/_delete-access-key?id=${encodeURIComponent(accessKeyId)}`, "POST");
  }

  /** Stops the process. */
  stop(): void {
    this.child.kill("SIGTERM");
  }
}

/**
 * Readies a stack for the stand-in: the provider's skip flags, no retries, and its state in a local file. The
 * endpoint itself comes from the harness's environment (`AWS_ENDPOINT_URL_<SERVICE>`, see {@link standInEndpointEnv}).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function pointAtStandIn(config: any): any {
  for (const p of config.provider?.aws ?? []) {
    Object.assign(p, {
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: "true",
      skip_region_validation: true,
      max_retries: 0,
    });
  }
  // No backend block: Terraform's default local state (terraform.tfstate in the folder), and nothing to init.
  delete config.terraform.backend;
  return config;
}

/**
 * The environment that points the AWS provider at a local endpoint for `services` (`AWS_ENDPOINT_URL_IAM=<url>`,
 * ...: the AWS SDK's service-specific endpoint variables, which provider 5.x honours like its `endpoints` block).
 *
 * Not the `endpoints` block: the provider validates that block, one attribute per AWS service, in a way that
 * costs several seconds of CPU in every Terraform command that reads it (`terraform plan` of a one-resource stack:
 * 2.7 s of CPU without the block, 7.4 s with it; the file service-user.apply.test.ts: 56 s → 29 s).
 */
export function standInEndpointEnv(url: string, services: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(services.map((s) => [`AWS_ENDPOINT_URL_${s.toUpperCase()}`, url]));
}

/** Runs successive configurations of one stack against the stand-in. */
export class ApplyHarness {
  private readonly dataDir: string;
  private readonly lockFile: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly provider: AttachedProvider | undefined;

  constructor(readonly standIn: StandIn) {
    const workDir = process.env.IAM_TEST_TERRAFORM_DIR ?? tempDir("tf-");
    this.env = { ...terraformEnv({ offline: true, workDir }), AWS_EC2_METADATA_DISABLED: "true", ...standInEndpointEnv(standIn.url, ["iam", "ssm", "kms", "sts"]) };
    // The run's shared provider install (made once by the global setup, so no lock is taken here) serves every
    // scenario: no init, no copy of the binary. Own data folder: these configurations have no backend block.
    const init = sharedInit(workDir, this.env, IAM_STACK_PROVIDERS);
    this.lockFile = init.lockFile;
    this.dataDir = tempDir("standin-data-");
    fs.symlinkSync(path.join(init.dataDir, "providers"), path.join(this.dataDir, "providers"));
    // One provider for the harness's runs, started with their environment (see ../provider-server.ts).
    this.provider = AttachedProvider.start(this.dataDir, this.env);
  }

  /** Stops the harness's provider. */
  stop(): void {
    this.provider?.stop();
  }

  /** A new scenario: its own folder and state, the shared provider install. */
  scenario(stack: string): ApplyScenario {
    return new ApplyScenario(this, stack, tempDir("standin-wd-"));
  }

  /** @internal */
  run(dir: string, args: string[]): string {
    // The harness's running provider serves configurations with one aws provider block (see ../provider-server.ts).
    const env = { ...this.env, TF_DATA_DIR: this.dataDir, ...(canAttach(readStackConfig(dir)) ? this.provider?.env() : {}) };
    fs.copyFileSync(this.lockFile, path.join(dir, ".terraform.lock.hcl"));
    const started = Date.now();
    try {
      return runTerraform(dir, args, env);
    } finally {
      if (process.env.STANDIN_TIMING) process.stderr.write(`terraform ${args[0]}: ${Date.now() - started} ms\n`);
    }
  }
}

/** One stack's successive configurations, applied on one state. */
export class ApplyScenario {
  constructor(
    private readonly harness: ApplyHarness,
    private readonly stack: string,
    /** The working folder (cdk.tf.json and terraform.tfstate). */
    readonly dir: string,
  ) {}

  /** Synthesizes `build`, points it at the stand-in, applies it; returns the requests the provider sent. */
  async apply(build: (app: App) => void, extraArgs: readonly string[] = []): Promise<LoggedRequest[]> {
    const out = synthToDir(build);
    fs.writeFileSync(path.join(this.dir, "cdk.tf.json"), JSON.stringify(pointAtStandIn(out.json(this.stack)), null, 2));
    return this.terraform(["apply", "-auto-approve", "-input=false", ...extraArgs]);
  }

  /**
   * Like {@link apply}, through a saved plan: `plan -out`, `show -json` of it, then `apply` of that plan. Returns the
   * plan JSON (what Terraform decided: replace, update, create-before-destroy) and the requests the apply sent.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async planAndApply(build: (app: App) => void): Promise<{ plan: any; log: LoggedRequest[] }> {
    const out = synthToDir(build);
    fs.writeFileSync(path.join(this.dir, "cdk.tf.json"), JSON.stringify(pointAtStandIn(out.json(this.stack)), null, 2));
    this.harness.run(this.dir, ["plan", "-input=false", "-out=tfplan"]);
    const plan = JSON.parse(this.harness.run(this.dir, ["show", "-json", "tfplan"]));
    return { plan, log: await this.terraform(["apply", "-input=false", "tfplan"]) };
  }

  /** `terraform graph` of a synthesized configuration (no AWS call): DOT edges `from -> to` (from depends on to). */
  graph(build: (app: App) => void): Array<[string, string]> {
    const out = synthToDir(build);
    fs.writeFileSync(path.join(this.dir, "cdk.tf.json"), JSON.stringify(pointAtStandIn(out.json(this.stack)), null, 2));
    const dot = this.harness.run(this.dir, ["graph"]);
    return [...dot.matchAll(/"([^"]+)"\s*->\s*"([^"]+)"/g)].map((m) => [m[1]!.replace(/^\[root\] /, "").replace(/ \(expand\)$/, ""), m[2]!.replace(/^\[root\] /, "").replace(/ \(expand\)$/, "")]);
  }

  /** `terraform destroy` of the last configuration; returns the requests sent. */
  destroy(): Promise<LoggedRequest[]> {
    return this.terraform(["destroy", "-auto-approve", "-input=false"]);
  }

  /** True when a new plan of the last configuration changes nothing (`terraform plan -detailed-exitcode` = 0). */
  planIsEmpty(): boolean {
    try {
      this.harness.run(this.dir, ["plan", "-input=false", "-detailed-exitcode"]);
      return true;
    } catch (e) {
      if (/\(exit 2\)/.test((e as Error).message)) return false;
      throw e;
    }
  }

  private async terraform(args: string[]): Promise<LoggedRequest[]> {
    await this.harness.standIn.resetLog();
    try {
      this.harness.run(this.dir, args);
    } catch (e) {
      const failed = (await this.harness.standIn.log()).filter((r) => r.status !== 200);
      throw new Error(`${(e as Error).message}\nRefused by the stand-in:\n${failed.map((r) => `${r.service} ${r.action}: ${r.error}`).join("\n")}`);
    }
    return this.harness.standIn.log();
  }
}

/**
 * A stand-in for the enclosing `describe` block: started in `beforeAll`, stopped in `afterAll`. The accessors are
 * valid inside the block's tests.
 */
export function standInForBlock(): { standIn(): StandIn; harness(): ApplyHarness } {
  let standIn: StandIn | undefined;
  let harness: ApplyHarness | undefined;
  beforeAll(async () => {
    standIn = await StandIn.start();
    harness = new ApplyHarness(standIn);
  });
  afterAll(() => {
    harness?.stop();
    standIn?.stop();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("The AWS stand-in is used outside the describe block that started it.");
    return v;
  };
  return { standIn: () => started(standIn), harness: () => started(harness) };
}
