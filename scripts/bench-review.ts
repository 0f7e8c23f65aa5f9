/**
 * Review benchmark: the time `npm run review` takes on a realistic stack of N principal sets
 * (scripts/bench/review-app.ts: per set an EC2 role with AWS managed policies, a service user with its key in SSM
 * under a customer managed KMS key, a declared reader role; every tenth set a CI role with PassRole and a group).
 *
 *   npx tsx scripts/bench-review.ts [--sizes 100,1000] [--reps 3]
 *
 * Prints, per N: principals, resources, the in-process review time (reviewApp, median of reps, catalog and
 * managed-policy data cold in the first rep only) and the whole `review` command (node start-up included).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { reviewApp } from "../modules/review";

const root = path.join(__dirname, "..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const sizes = opt("--sizes", "100,1000").split(",").map(Number);
const reps = Number(opt("--reps", "3"));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: string[] = [];
for (const n of sizes) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-review-${n}-`));
  try {
    const synth = spawnSync(process.execPath, [path.join(root, "scripts", "run.js"), path.join(root, "scripts", "bench", "review-app.ts")], {
      cwd: root,
      env: { ...process.env, BENCH_N: String(n), CDKTF_OUTDIR: out },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (synth.status !== 0) throw new Error(`synth of N=${n} failed: ${synth.stderr}`);
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "bench", "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, unknown>> };
    const resources = Object.values(json.resource).reduce((k, r) => k + Object.keys(r).length, 0);
    const principals = ["aws_iam_role", "aws_iam_user", "aws_iam_group"].reduce((k, t) => k + Object.keys(json.resource[t] ?? {}).length, 0);
    const inProcess: number[] = [];
    const cpu: number[] = [];
    let flags = 0;
    for (let i = 0; i < reps; i++) {
      const t = process.hrtime.bigint();
      const c = process.cpuUsage();
      const report = reviewApp({ outDir: out });
      inProcess.push(Number(process.hrtime.bigint() - t) / 1e6);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      flags = report.stacks[0].flags.length;
    }
    const cli: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [path.join(root, "scripts", "run.js"), path.join(root, "scripts", "review.ts"), "--out", out, "--no-files", "--format", "none", "--fail-on", "none"], { cwd: root, encoding: "utf8" });
      cli.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 0) throw new Error(`review command failed: ${r.stderr}`);
    }
    rows.push(`| ${n} | ${principals} | ${resources} | ${flags} | ${(median(inProcess) / 1000).toFixed(2)} s wall, ${(median(cpu) / 1000).toFixed(2)} s CPU | ${(median(cli) / 1000).toFixed(2)} s |`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
process.stdout.write(`Review benchmark, median of ${reps}, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs\n`);
process.stdout.write("| N | principals | resources | flags | reviewApp (in process) | review command |\n|---|---|---|---|---|---|\n");
process.stdout.write(`${rows.join("\n")}\n`);
