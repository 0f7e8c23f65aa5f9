/**
 * npm run bench [-- --reps 3] [--sizes 1,100,1000] [--empty 1000]
 *
 * Synth wall time and peak memory (max RSS over the processes of a case), one table, one run:
 * - the main job: `npm run synth` (scripts/cdktf.js, app speed), the cdktf CLI's own synth of the same app
 *   (`npx cdktf synth`), and main.ts run the template's way (ts-node, type checking on);
 * - the realistic stack of issue 14 at N principals (scripts/bench/realistic-app.ts: per principal an EC2
 *   instance role with a preset managed policy, an AWS managed attachment, an inline policy and an addToPolicy
 *   statement, and a service user with the managed policy and a key rotated in SSM), in three forms:
 *   `plain`: the same Terraform JSON written by a plain script (the floor);
 *   `library`: this library (IamStack, deep imports, tsx, every check on);
 *   `template`: the cdktf project template's way (provider barrel import, ts-node app command) making the
 *   same resources;
 * - the empty-principal stack (scripts/bench/ours-app.ts: a role with its profile and a user, no policy).
 * Each figure is the median of --reps runs. Not a test: figures depend on the machine and its load.
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

interface Args {
  reps: number;
  sizes: number[];
  empty: number[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { reps: 3, sizes: [1, 100, 1000], empty: [1000] };
  const list = (v: string | undefined) => String(v ?? "").split(",").filter(Boolean).map(Number);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--reps") args.reps = Math.max(1, Number(argv[++i]));
    else if (argv[i] === "--sizes") args.sizes = list(argv[++i]);
    else if (argv[i] === "--empty") args.empty = list(argv[++i]);
    else throw new Error(`Unknown argument ${argv[i]}. Usage: npm run bench -- [--reps 3] [--sizes 1,100,1000] [--empty 1000]`);
  }
  return args;
}

/** The template's reference app, generated (not committed): it imports the provider barrel on purpose. */
function writeTemplateApp(): string {
  const dir = path.join(benchDir, "template");
  fs.mkdirSync(dir, { recursive: true });
  const barrel = "@cdktf/provider-" + "aws";
  fs.writeFileSync(
    path.join(dir, "main.ts"),
    [
      'import { App, DataResource, LocalBackend, TerraformResource, TerraformStack } from "cdktf";',
      `import * as aws from "${barrel}";`,
      `// eslint-disable-next-line @typescript-eslint/no-require-imports`,
      `const { principalResources, readTemplate } = require(${JSON.stringify(path.join(root, "scripts", "bench", "stamp.js"))});`,
      "",
      'const n = Number(process.env.BENCH_N || "1");',
      "const app = new App();",
      'const stack = new TerraformStack(app, "bench");',
      'new aws.provider.AwsProvider(stack, "aws", { region: "eu-west-1" });',
      'new LocalBackend(stack, { path: "terraform.bench.tfstate" });',
      "const template = readTemplate();",
      "const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());",
      "for (let i = 0; i < n; i++) {",
      "  for (const [type, byId] of Object.entries(principalResources(template, i) as Record<string, Record<string, Record<string, unknown>>>)) {",
      "    for (const [id, attrs] of Object.entries(byId)) {",
      "      let r: TerraformResource;",
      '      if (type === "terraform_data") r = new DataResource(stack, id, {});',
      "      else {",
      '        const ns = camel(type.replace(/^aws_/, ""));',
      "        r = new (aws as any)[ns][ns[0]!.toUpperCase() + ns.slice(1)](stack, id, {}); // eslint-disable-line @typescript-eslint/no-explicit-any",
      "      }",
      '      for (const [k, v] of Object.entries(attrs)) if (k !== "//") r.addOverride(k, v);',
      "    }",
      "  }",
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

/** Runs one case: `command args` (node when command is undefined) with every node process measured. */
function runOnce(args: string[], cwd: string, env: NodeJS.ProcessEnv, command?: string): Sample {
  const measureFile = path.join(benchDir, `measure-${process.pid}`);
  for (const f of fs.readdirSync(benchDir)) if (f.startsWith(path.basename(measureFile))) fs.rmSync(path.join(benchDir, f));
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --require ${measure}`.trim();
  const started = process.hrtime.bigint();
  const r = spawnSync(command ?? process.execPath, args, { cwd, env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions, BENCH_MEASURE_FILE: measureFile }, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`benchmark run failed: ${command ?? "node"} ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  const peaks = fs
    .readdirSync(benchDir)
    .filter((f) => f.startsWith(`${path.basename(measureFile)}.`))
    .map((f) => (JSON.parse(fs.readFileSync(path.join(benchDir, f), "utf8")) as { maxRssKb: number }).maxRssKb);
  return { wallMs, maxRssMb: Math.max(...peaks) / 1024 };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measureCase(reps: number, args: string[], cwd: string, env: NodeJS.ProcessEnv, command?: string): Sample {
  const samples = Array.from({ length: reps }, () => runOnce(args, cwd, env, command));
  return { wallMs: median(samples.map((s) => s.wallMs)), maxRssMb: median(samples.map((s) => s.maxRssMb)) };
}

function countResources(outdir: string, stack: string): number {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

function main(): void {
  const { reps, sizes, empty } = parseArgs(process.argv.slice(2));
  fs.rmSync(benchDir, { recursive: true, force: true });
  fs.mkdirSync(benchDir, { recursive: true });
  const templateDir = writeTemplateApp();
  const tsNode = require.resolve("ts-node/dist/bin.js");
  const run = path.join(root, "scripts", "run.js");
  const rows: string[][] = [];
  const fmt = (s?: Sample) => (s ? `${(s.wallMs / 1000).toFixed(2)} s, ${s.maxRssMb.toFixed(0)} MB` : "-");
  const ratio = (a: Sample, b: Sample) => `${(a.wallMs / b.wallMs).toFixed(2)}x`;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";

  // The main job: npm run synth (app speed) vs the cdktf CLI's synth vs the template's ts-node.
  const defOut = (k: string) => path.join(benchDir, `out-default-${k}`);
  const synth = measureCase(reps, ["run", "--silent", "synth", "--", "--output", defOut("synth")], root, {}, npm);
  const cli = measureCase(reps, [path.join(root, "scripts", "cdktf.js"), "synth", "--output", defOut("cli")], root, { IAM_CDKTF_CLI: "1" });
  const tsn = measureCase(reps, [tsNode, "main.ts"], root, { CDKTF_OUTDIR: defOut("ts-node") });
  rows.push(["default app: npm run synth", String(countResources(defOut("synth"), "iam")), "-", fmt(synth), fmt(tsn), "-", ratio(synth, tsn)]);
  rows.push(["default app: cdktf CLI synth", String(countResources(defOut("cli"), "iam")), "-", fmt(cli), "-", "-", "-"]);

  // The realistic stack: the library at N = 1 first, whose principal the floor and the template copy.
  const templateJson = path.join(benchDir, "realistic-1.json");
  runOnce([run, path.join("scripts", "bench", "realistic-app.ts")], root, { BENCH_N: "1", CDKTF_OUTDIR: path.join(benchDir, "out-seed") });
  fs.copyFileSync(path.join(benchDir, "out-seed", "stacks", "bench", "cdk.tf.json"), templateJson);
  for (const n of sizes) {
    const out = (kind: string) => path.join(benchDir, `out-${kind}-${n}`);
    const env = (kind: string) => ({ BENCH_N: String(n), BENCH_TEMPLATE: templateJson, CDKTF_OUTDIR: out(kind) });
    const plain = measureCase(reps, [path.join(root, "scripts", "bench", "plain-realistic.js")], root, env("plain"));
    const ours = measureCase(reps, [run, path.join("scripts", "bench", "realistic-app.ts")], root, env("library"));
    const tmpl = measureCase(reps, [tsNode, "main.ts"], templateDir, env("template"));
    const counts = ["plain", "library", "template"].map((k) => countResources(out(k), "bench"));
    if (new Set(counts).size !== 1) throw new Error(`The three forms made different numbers of resources: ${counts.join(", ")}`);
    rows.push([`realistic, N = ${n.toLocaleString("en-US")}`, counts[0]!.toLocaleString("en-US"), fmt(plain), fmt(ours), fmt(tmpl), ratio(ours, plain), ratio(ours, tmpl)]);
  }

  // Principals without policies (the benchmark before issue 14), library only.
  for (const n of empty) {
    const out = path.join(benchDir, `out-empty-${n}`);
    const ours = measureCase(reps, [run, path.join("scripts", "bench", "ours-app.ts")], root, { BENCH_N: String(n), CDKTF_OUTDIR: out });
    rows.push([`empty principals, N = ${n.toLocaleString("en-US")}`, countResources(out, "bench").toLocaleString("en-US"), "-", fmt(ours), "-", "-", "-"]);
  }

  const header = ["case", "resources", "plain (floor)", "library", "template", "library/plain", "library/template"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  process.stdout.write(`Synth benchmark: median of ${reps} run(s), wall time of the whole command, peak RSS of its largest process. node ${process.version}\n`);
  process.stdout.write([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n");
  process.stdout.write("default app rows: library = `npm run synth` (app speed) and the cdktf CLI's synth; template column = main.ts under ts-node.\n");
  // The generated reference app imports the provider barrel on purpose: leave no copy of it behind.
  if (!process.env.IAM_BENCH_KEEP) fs.rmSync(benchDir, { recursive: true, force: true });
}

main();
