/**
 * A local AWS endpoint for the adoption tests: moto's server (`moto_server`, a Python test double of the AWS APIs)
 * and the AWS CLI, when both are installed. The account is seeded the way the console would do it, then read back
 * with `aws iam get-account-authorization-details` and `aws iam list-access-keys`: real CLI output, not hand-made.
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
  stop(): void;
}

export const LOCAL_AWS_ENV = { AWS_ACCESS_KEY_ID: "local-test", AWS_SECRET_ACCESS_KEY: "local-test", AWS_DEFAULT_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" };

export async function startLocalAws(): Promise<LocalAws> {
  const port = await freePort();
  // AWS managed policies (AdministratorAccess, ReadOnlyAccess...) exist only with MOTO_IAM_LOAD_MANAGED_POLICIES.
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore", env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" } });
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ...LOCAL_AWS_ENV };
  const aws = (...args: string[]): unknown => {
    const r = spawnSync("aws", [...args, "--endpoint-url", endpoint, "--output", "json"], { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`aws ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as unknown) : undefined;
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
    stop: () => {
      if (child.pid !== undefined && child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
