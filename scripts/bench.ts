/**
 * npm run bench [-- --reps 3] [--sizes 1,100,1000]
 *
 * Synth wall time and peak memory (max RSS) of:
 * - the default app (main.ts), run as `cdktf synth` runs it (node + tsx hook), and the
 *   same main.ts run the template's way (ts-node, type checking on);
 * - a generated stack of N principals (EC2 role + instance profile + user each), in three forms:
 *   `plain`: the same resources written as JSON by a plain script, no cdktf (the floor);
 *   `library`: this library (IamStack, deep imports, tsx);
 *   `template`: the cdktf project template's way (provider barrel import, ts-node app command).
 * Each figure is the median of --reps runs; ratios are against the floor and the template.
 * Not a test: figures depend on the machine.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");
const benchDir = path.join(root, ".bench");
const measure = path.join(root, "scripts", "bench", "measure.js");

interface Sample {
  wallMs: number;
  maxRssMb: number;
}

function parseArgs(argv: string[]): { reps: number; sizes: number[] } {
  let reps = 3;
  let sizes = [1, 100, 1000];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--reps") reps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === "--sizes") sizes = String(argv[++i]).split(",").map(Number);
  }
  return { reps, sizes };
}

/** The template's reference app, generated (not committed): it uses the provider barrel on purpose. */
function writeTemplateApp(): string {
  const dir = path.join(benchDir, "template");
  fs.mkdirSync(dir, { recursive: true });
  const barrel = "@cdktf/provider-" + "aws";
  fs.writeFileSync(
    path.join(dir, "main.ts"),
    [
      'import { App, TerraformStack, LocalBackend } from "cdktf";',
      `import { provider, iamRole, iamInstanceProfile, iamUser } from "${barrel}";`,
      "",
      'const n = Number(process.env.BENCH_N || "1");',
      "const app = new App();",
      'const stack = new TerraformStack(app, "bench");',
      'new provider.AwsProvider(stack, "aws", { region: "eu-west-1" });',
      'new LocalBackend(stack, { path: "terraform.bench.tfstate" });',
      'const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });',
      "for (let i = 0; i < n; i++) {",
      "  const role = new iamRole.IamRole(stack, `p${i}_role`, { name: `bench-role-${i}`, assumeRolePolicy: trust });",
      "  new iamInstanceProfile.IamInstanceProfile(stack, `p${i}_profile`, { name: `bench-role-${i}`, role: role.name, lifecycle: { createBeforeDestroy: true } });",
      "  new iamUser.IamUser(stack, `p${i}_user`, { name: `bench-user-${i}` });",
      "}",
      "app.synth();",
      "",
    ].join("\n"),
  );
  // The cdktf template's tsconfig, trimmed to what matters for ts-node.
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2018", module: "CommonJS", lib: ["es2018"], strict: true, declaration: true, skipLibCheck: true, types: ["node"] }, include: ["main.ts"] }, null, 2),
  );
  return dir;
}

function runOnce(args: string[], cwd: string, env: NodeJS.ProcessEnv): Sample {
  const measureFile = path.join(benchDir, `measure-${process.pid}.json`);
  fs.rmSync(measureFile, { force: true });
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", measure, ...args], { cwd, env: { ...process.env, ...env, BENCH_MEASURE_FILE: measureFile }, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`benchmark run failed: node ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  const m = JSON.parse(fs.readFileSync(measureFile, "utf8")) as { maxRssKb: number };
  return { wallMs, maxRssMb: m.maxRssKb / 1024 };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measureCase(reps: number, args: string[], cwd: string, env: NodeJS.ProcessEnv): Sample {
  const samples = Array.from({ length: reps }, () => runOnce(args, cwd, env));
  return { wallMs: median(samples.map((s) => s.wallMs)), maxRssMb: median(samples.map((s) => s.maxRssMb)) };
}

function countResources(outdir: string, stack: string): number {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

function main(): void {
  const { reps, sizes } = parseArgs(process.argv.slice(2));
  fs.mkdirSync(benchDir, { recursive: true });
  const templateDir = writeTemplateApp();
  const tsNode = require.resolve("ts-node/dist/bin.js");
  const run = path.join(root, "scripts", "run.js");
  const rows: string[][] = [];
  const fmt = (s: Sample) => [`${(s.wallMs / 1000).toFixed(2)} s`, `${s.maxRssMb.toFixed(0)} MB`];
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

  // The default app: library runner vs ts-node (the template's app command).
  const defOut = path.join(benchDir, "out-default");
  const defEnv = { CDKTF_OUTDIR: defOut };
  const lib = measureCase(reps, [run, "main.ts"], root, defEnv);
  const tsn = measureCase(reps, [tsNode, "main.ts"], root, defEnv);
  rows.push(["default app", "-", "-", "-", ...fmt(lib), ...fmt(tsn), "-", ratio(lib.wallMs, tsn.wallMs)]);

  for (const n of sizes) {
    const out = (kind: string) => path.join(benchDir, `out-${kind}-${n}`);
    const plain = measureCase(reps, [path.join(root, "scripts", "bench", "plain-app.js")], root, { BENCH_N: String(n), CDKTF_OUTDIR: out("plain") });
    const ours = measureCase(reps, [run, path.join("scripts", "bench", "ours-app.ts")], root, { BENCH_N: String(n), CDKTF_OUTDIR: out("library") });
    const tmpl = measureCase(reps, [tsNode, "main.ts"], templateDir, { BENCH_N: String(n), CDKTF_OUTDIR: out("template") });
    const counts = ["plain", "library", "template"].map((k) => countResources(out(k), "bench"));
    if (new Set(counts).size !== 1) throw new Error(`The three forms made different numbers of resources: ${counts.join(", ")}`);
    rows.push([`N = ${n}`, String(counts[0]), ...fmt(plain), ...fmt(ours), ...fmt(tmpl), ratio(ours.wallMs, plain.wallMs), ratio(ours.wallMs, tmpl.wallMs)]);
  }

  const header = ["case", "resources", "plain time", "plain RSS", "library time", "library RSS", "template time", "template RSS", "library/plain", "library/template"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  process.stdout.write(`Synth benchmark: median of ${reps} run(s), wall time of the whole node process, peak RSS. node ${process.version}\n`);
  process.stdout.write([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n");
  process.stdout.write("default app row: library = node + tsx hook (what npm run synth runs); template column = the same main.ts under ts-node.\n");
  // The generated reference app imports the provider barrel on purpose: leave no copy of it behind.
  if (!process.env.IAM_BENCH_KEEP) fs.rmSync(benchDir, { recursive: true, force: true });
}

main();
