/**
 * A local AWS endpoint for the adoption tests: moto's server (`moto_server`, a Python test double of the AWS APIs)
 * and the AWS CLI, when both are installed. The account is seeded the way the console would do it, then read back
 * with `aws iam get-account-authorization-details` and `aws iam list-access-keys`: real CLI output, not hand-made.
 *
 * Speed: each `aws` process spends about half a second starting Python and importing botocore, and seeding the
 * account takes some thirty calls. `awsMany` runs a list of calls through the AWS CLI's own entry point
 * (`awscli.clidriver`, what the `aws` command runs) in one Python process and one driver: the same argument parsing,
 * requests and JSON output. A driver costs about 0.2 s of CPU to create (it loads the CLI's command table and
 * service models): 28 calls against moto took 6.5 s of CPU with a fresh driver per call, 1.3 s with one (a call that fails
 * leaves the driver usable; the next call parses its own arguments). Where the CLI is not importable from
 * `python3` (AWS CLI v2 is a standalone binary), it runs one `aws` process per call instead.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import * as net from "node:net";

/** Whether moto_server and the aws CLI are both here. */
export function localAwsStatus(): { ok: boolean; reason?: string } {
  for (const bin of ["moto_server", "aws"]) {
    const r = spawnSync(bin, ["--help"], { stdio: "ignore" });
    if (r.error) return { ok: false, reason: `${bin} is not installed` };
  }
  return { ok: true };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** A running moto server; `stop()` ends it (only this process, by its pid). */
export interface LocalAws {
  readonly endpoint: string;
  /** Runs `aws <args> --endpoint-url ...` and returns its parsed JSON output (or undefined when it prints nothing). */
  aws(...args: string[]): unknown;
  /** Runs several `aws` calls in order (see the header), each as {@link aws} would; throws at the first that fails. */
  awsMany(calls: string[][]): unknown[];
  stop(): void;
}

/** The account moto's server plays (`MOTO_ACCOUNT_ID`), known before the first call so that ARNs can be written ahead. */
export const LOCAL_AWS_ACCOUNT = "210987654321";

export const LOCAL_AWS_ENV = { AWS_ACCESS_KEY_ID: "local-test", AWS_SECRET_ACCESS_KEY: "local-test", AWS_DEFAULT_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" };

/** Runs each list of arguments through `awscli.clidriver`, the AWS CLI's entry point; prints one result per call. */
const CLI_DRIVER = `
import contextlib, io, json, sys
from awscli.clidriver import create_clidriver
driver = create_clidriver()
results = []
for args in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = driver.main(args)
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 1
    results.append({"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()})
    if rc != 0:
        break
json.dump(results, sys.stdout)
`;

/** Whether `python3` can import the AWS CLI (v1), checked once. */
let cliImportable: boolean | undefined;
function awsCliImportable(): boolean {
  cliImportable ??= spawnSync("python3", ["-c", "import awscli.clidriver"], { stdio: "ignore" }).status === 0;
  return cliImportable;
}

const parsed = (stdout: string): unknown => (stdout.trim() ? (JSON.parse(stdout) as unknown) : undefined);

export async function startLocalAws(): Promise<LocalAws> {
  const port = await freePort();
  // AWS managed policies (AdministratorAccess, ReadOnlyAccess...) exist only with MOTO_IAM_LOAD_MANAGED_POLICIES.
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore", env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true", MOTO_ACCOUNT_ID: LOCAL_AWS_ACCOUNT } });
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ...LOCAL_AWS_ENV };
  const aws = (...args: string[]): unknown => {
    const r = spawnSync("aws", [...args, "--endpoint-url", endpoint, "--output", "json"], { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`aws ${args.join(" ")} failed: ${r.stderr}`);
    return parsed(r.stdout);
  };
  const awsMany = (calls: string[][]): unknown[] => {
    if (!awsCliImportable()) return calls.map((args) => aws(...args));
    const input = JSON.stringify(calls.map((args) => [...args, "--endpoint-url", endpoint, "--output", "json"]));
    const r = spawnSync("python3", ["-c", CLI_DRIVER], { env, input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`the AWS CLI driver failed (exit ${r.status}): ${r.stderr}`);
    const results = JSON.parse(r.stdout) as Array<{ rc: number; stdout: string; stderr: string }>;
    return results.map((res, i) => {
      if (res.rc !== 0) throw new Error(`aws ${calls[i]!.join(" ")} failed: ${res.stderr}`);
      return parsed(res.stdout);
    });
  };
  const started = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) break;
    if (Date.now() - started > 20000) {
      child.kill();
      throw new Error("moto_server did not start within 20 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.unref();
  return {
    endpoint,
    aws,
    awsMany,
    stop: () => {
      if (child.pid !== undefined && child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
