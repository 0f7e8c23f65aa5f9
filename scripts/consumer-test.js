#!/usr/bin/env node
/**
 * The consumer test (a CI step of .ci/run; too slow for `npm test`: it installs packages).
 *
 * Uses the package the way a platform team does: `npm pack` (which runs `prepare`, the build), then, for each
 * major version of @cdktf/provider-aws the package supports, a fresh cdktf app in a temporary folder that
 * installs the tarball with cdktf, the newest constructs 10.x the registry serves and TypeScript 5.x, and the
 * cdktf project template's tsconfig (no esModuleInterop). In that app it:
 *   1. type-checks the app with `tsc --noEmit` (the app is the code of the README section
 *      "Use it in your own cdktf app", taken from README.md);
 *   2. synthesizes it (a role, a service user with keys in SSM, presets) and checks the Terraform JSON;
 *   3. runs `terraform init`, `terraform validate` and an offline `terraform plan` (dummy credentials, the
 *      provider's skip flags in an override file for the run) on the stack where the provider is installable
 *      (IAM_TF_PROVIDER_MIRROR, else the registry); otherwise it says why it only checked the JSON;
 *   4. synthesizes an app with an action typo, with cdktf's `skipValidation: true`, and expects the
 *      library's message and a non-zero exit.
 *
 * Usage: node scripts/consumer-test.js [--provider 20,21] [--keep] [--result FILE]
 *   --result FILE  writes {"passed": n, "failed": m, "skipped": k, "steps": [...]} for .ci/run's final count
 * A step that cannot run here (terraform validate without the provider version the stack asks for) is
 * reported as SKIP with the reason, and counted neither as passed nor as failed.
 * Environment: IAM_TF_PROVIDER_MIRROR (provider mirror), IAM_TF_BIN (terraform binary).
 * Exit status: 0 when every step passed, 1 otherwise.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const pkg = require(path.join(root, "package.json"));

/** The tsconfig of `cdktf init --template=typescript` (cdktf 0.21): no esModuleInterop. */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2018",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/** An app with an action typo, synthesized with cdktf's skipValidation: the library's check must still fail it. */
const TYPO_APP = `import { App } from "cdktf";
import { IamStack, ManagedPolicy, PolicyDocument } from "${pkg.name}";

const app = new App({ skipValidation: true });
const stack = new IamStack(app, "typo", { region: "eu-west-1" });
new ManagedPolicy(stack, "Reader", {
  name: "typo-reader",
  document: new PolicyDocument({ statements: [{ actions: ["s3:GetObjekt"], resources: ["arn:aws:s3:::bucket/*"] }] }),
});
app.synth();
`;

function parseArgs(argv) {
  const args = { providers: ["20", "21"], keep: false, result: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--provider") args.providers = String(argv[++i] ?? "").split(",").filter(Boolean);
    else if (a === "--keep") args.keep = true;
    else if (a === "--result") args.result = argv[++i];
    else if (a === "-h" || a === "--help") {
      process.stdout.write("usage: node scripts/consumer-test.js [--provider 20,21] [--keep] [--result FILE]\n");
      process.exit(0);
    } else {
      process.stderr.write(`Unknown argument ${a}. Fix: see node scripts/consumer-test.js --help\n`);
      process.exit(2);
    }
  }
  return args;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options, env: { ...process.env, CHECKPOINT_DISABLE: "1", ...(options.env ?? {}) } });
  return { status: r.error ? -1 : r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}`, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** The TypeScript block of the README section "Use it in your own cdktf app" marked `<!-- consumer-test: main.ts -->`. */
function readmeApp() {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const m = /<!-- consumer-test: main\.ts -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no block marked <!-- consumer-test: main.ts --> followed by a ```ts fence. Fix: keep the marker above the app of the section \"Use it in your own cdktf app\".");
  return m[1];
}

/** Every .js and .json file under modules/ except the default app (modules/app): what dist/ must also hold. */
function moduleDataFiles(dir = path.join(root, "modules"), rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (r !== "app") out.push(...moduleDataFiles(path.join(dir, entry.name), r));
    } else if (/\.(js|json)$/.test(entry.name)) out.push(r);
  }
  return out;
}

const steps = [];
/** A step that cannot run here (reported, counted neither as passed nor failed). */
class Skip extends Error {}
function step(name, fn) {
  const started = Date.now();
  let ok = false;
  let skipped = false;
  let detail = "";
  try {
    detail = fn() ?? "";
    ok = true;
  } catch (e) {
    if (e instanceof Skip) skipped = true;
    detail = e.message;
  }
  const seconds = (Date.now() - started) / 1000;
  steps.push({ name, ok, skipped, seconds, detail: ok || skipped ? detail : detail.slice(0, 4000) });
  const mark = ok ? "ok  " : skipped ? "SKIP" : "FAIL";
  process.stdout.write(`${mark} ${name} (${seconds.toFixed(1)} s)${detail ? `: ${ok || skipped ? detail : `\n${detail}`}` : ""}\n`);
  return ok;
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.out.slice(-6000)}`);
  return r;
}

/** A CLI configuration taking hashicorp/* providers from the mirror, or undefined (Terraform's own settings). */
function terraformEnv(work) {
  const env = { TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  const mirror = process.env.IAM_TF_PROVIDER_MIRROR;
  if (mirror) {
    const file = path.join(work, "mirror.tfrc");
    fs.writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(path.resolve(mirror))}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`);
    env.TF_CLI_CONFIG_FILE = file;
  } else if (process.env.TF_CLI_CONFIG_FILE && !fs.existsSync(process.env.TF_CLI_CONFIG_FILE)) {
    env.TF_CLI_CONFIG_FILE = "";
  }
  return env;
}

function consumer(work, tarball, providerMajor) {
  const app = path.join(work, `consumer-aws${providerMajor}`);
  fs.mkdirSync(app, { recursive: true });
  const label = `provider-aws ${providerMajor}`;
  let installed = {};
  const installedOk = step(`${label}: npm install of the tarball with cdktf ^0.21, constructs ^10 (newest), TypeScript ^5`, () => {
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify(
        {
          name: `consumer-aws${providerMajor}`,
          private: true,
          dependencies: { [pkg.name]: `file:${tarball}`, cdktf: "^0.21.0", constructs: "^10", "@cdktf/provider-aws": `^${providerMajor}` },
          devDependencies: { typescript: "^5", "@types/node": "^20" },
        },
        null,
        2,
      ),
    );
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
    fs.writeFileSync(path.join(app, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js", terraformProviders: [], context: {} }, null, 2));
    fs.writeFileSync(path.join(app, "main.ts"), readmeApp());
    fs.writeFileSync(path.join(app, "typo.ts"), TYPO_APP);
    must(run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app }), "npm install");
    const version = (name) => JSON.parse(fs.readFileSync(path.join(app, "node_modules", name, "package.json"), "utf8")).version;
    installed = { cdktf: version("cdktf"), constructs: version("constructs"), providerAws: version("@cdktf/provider-aws"), typescript: version("typescript") };
    return `cdktf ${installed.cdktf}, constructs ${installed.constructs}, @cdktf/provider-aws ${installed.providerAws}, typescript ${installed.typescript}`;
  });
  if (!installedOk) return;
  const tsc = path.join(app, "node_modules", "typescript", "bin", "tsc");
  step(`${label}: tsc --noEmit with the cdktf template's tsconfig (no esModuleInterop)`, () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(app, "tsconfig.json"), "utf8"));
    if ("esModuleInterop" in cfg.compilerOptions || "allowSyntheticDefaultImports" in cfg.compilerOptions) throw new Error("the consumer tsconfig must not set esModuleInterop");
    must(run(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: app }), "tsc --noEmit");
  });
  const stackDir = path.join(app, "cdktf.out", "stacks");
  const synthOk = step(`${label}: synth of the README app (role, service user, presets)`, () => {
    must(run(process.execPath, [tsc, "-p", "."], { cwd: app }), "tsc");
    must(run(process.execPath, ["main.js"], { cwd: app, env: { CDKTF_OUTDIR: path.join(app, "cdktf.out") } }), "node main.js (the app cdktf synth runs)");
    const stacks = fs.readdirSync(stackDir);
    if (stacks.length !== 1) throw new Error(`expected one stack, found ${stacks.join(", ")}`);
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, stacks[0], "cdk.tf.json"), "utf8"));
    const types = Object.keys(json.resource ?? {});
    for (const t of ["aws_iam_role", "aws_iam_instance_profile", "aws_iam_policy", "aws_iam_user", "aws_iam_access_key", "aws_ssm_parameter"]) {
      if (!types.includes(t)) throw new Error(`no ${t} in the synthesized stack (resource types: ${types.join(", ")})`);
    }
    const constraint = json.terraform?.required_providers?.aws?.version;
    const bindings = JSON.parse(fs.readFileSync(path.join(app, "node_modules", "@cdktf", "provider-aws", "package.json"), "utf8")).cdktf.provider.version;
    const [major, minor] = bindings.split(".");
    if (constraint !== `~> ${major}.${minor}`) throw new Error(`required_providers.aws.version is ${constraint}; the bindings are for AWS provider ${bindings}, so it should be "~> ${major}.${minor}"`);
    return `${stacks[0]}: ${types.length} resource types; hashicorp/aws ${constraint} (bindings: AWS provider ${bindings})`;
  });
  if (synthOk) {
    step(`${label}: terraform init, validate and an offline plan of the synthesized stack`, () => {
      const dir = path.join(stackDir, fs.readdirSync(stackDir)[0]);
      const env = terraformEnv(app);
      const tf = process.env.IAM_TF_BIN || "terraform";
      // The README app keeps the default local state (in the consumer folder): init with it, so the plan can run.
      const init = run(tf, ["init", "-input=false", "-no-color"], { cwd: dir, env });
      if (init.status !== 0) {
        if (/Failed to query available provider packages|could not connect|no available releases match|does not have a package available|no such host/i.test(init.out)) {
          const where = process.env.IAM_TF_PROVIDER_MIRROR ? `it is not in the mirror ${process.env.IAM_TF_PROVIDER_MIRROR}` : "no provider mirror (IAM_TF_PROVIDER_MIRROR) and no registry access";
          throw new Skip(`the AWS provider this stack asks for cannot be installed here (${where}); the synthesized JSON was checked only`);
        }
        throw new Error(`terraform init failed:\n${init.out.slice(-4000)}`);
      }
      const v = run(tf, ["validate", "-json", "-no-color"], { cwd: dir, env });
      const result = JSON.parse(v.stdout || "{}");
      if (!result.valid) throw new Error(`terraform validate: ${JSON.stringify(result.diagnostics ?? v.out, null, 2).slice(0, 4000)}`);
      // A plan without AWS: dummy credentials, the provider's skip flags in an override file for this run only.
      const override = path.join(dir, "zz_consumer_offline_override.tf.json");
      fs.writeFileSync(override, JSON.stringify({ provider: { aws: [{ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true", skip_region_validation: true }] } }));
      const planEnv = { ...env, AWS_ACCESS_KEY_ID: "consumer-test-dummy", AWS_SECRET_ACCESS_KEY: "consumer-test-dummy", AWS_EC2_METADATA_DISABLED: "true" };
      const p = run(tf, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.out", "-no-color"], { cwd: dir, env: planEnv });
      fs.rmSync(override, { force: true });
      if (p.status !== 0) throw new Error(`terraform plan failed:\n${p.out.slice(-4000)}`);
      const show = JSON.parse(must(run(tf, ["show", "-json", "plan.out"], { cwd: dir, env: planEnv }), "terraform show").stdout);
      const creates = (show.resource_changes ?? []).filter((rc) => rc.change.actions.join() === "create").length;
      const others = (show.resource_changes ?? []).length - creates;
      if (creates === 0 || others !== 0) throw new Error(`the plan should only create resources: ${creates} to create, ${others} other changes`);
      return `valid (${result.warning_count ?? 0} warnings); offline plan: ${creates} to create`;
    });
  }
  step(`${label}: an action typo fails synth with the library's message, even with skipValidation: true`, () => {
    const r = run(process.execPath, ["typo.js"], { cwd: app, env: { CDKTF_OUTDIR: path.join(app, "cdktf.out-typo") } });
    if (r.status === 0) throw new Error(`the typo app synthesized (exit 0):\n${r.out.slice(-2000)}`);
    if (!/s3:GetObjekt/.test(r.out) || !/not an action of s3/.test(r.out) || !/s3:GetObject\b/.test(r.out)) {
      throw new Error(`the failure does not carry the library's message (the bad action, the rule and the fix):\n${r.out.slice(-3000)}`);
    }
    if (fs.existsSync(path.join(app, "cdktf.out-typo", "stacks", "typo", "cdk.tf.json"))) throw new Error("the typo app wrote cdk.tf.json");
    return "exit " + r.status;
  });
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "iam-cdktf-consumer-"));
  let tarball;
  step("npm pack (runs prepare: the build)", () => {
    const r = must(run("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], { cwd: root }), "npm pack");
    const info = JSON.parse(r.stdout.slice(r.stdout.indexOf("[")))[0];
    tarball = path.join(work, info.filename);
    const files = info.files.map((f) => f.path);
    const unwanted = files.filter((f) => /(^|\/)(__tests__|examples|scripts|\.ci|docs)\/|\.test\.|\.ts$(?<!\.d\.ts)/.test(f));
    if (unwanted.length) throw new Error(`the package holds files a consumer does not need: ${unwanted.slice(0, 10).join(", ")}`);
    for (const f of ["dist/index.js", "dist/index.d.ts", "package.json", "CHANGELOG.md"]) if (!files.includes(f)) throw new Error(`the package lacks ${f}`);
    // Files the library reads at run time (data read with fs, plain JavaScript) must ship with it.
    const missing = moduleDataFiles().filter((f) => !files.includes(`dist/${f}`));
    if (missing.length) throw new Error(`the package lacks files the library reads at run time: ${missing.slice(0, 10).map((f) => `modules/${f}`).join(", ")}. Fix: scripts/build.js copies them to dist/.`);
    return `${info.filename}: ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${info.entryCount} files`;
  });
  if (tarball) for (const major of args.providers) consumer(work, tarball, major);
  const passed = steps.filter((s) => s.ok).length;
  const skipped = steps.filter((s) => s.skipped).length;
  const failed = steps.length - passed - skipped;
  process.stdout.write(`consumer test: ${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(0)} s${args.keep ? ` (kept ${work})` : ""}\n`);
  if (args.result) fs.writeFileSync(args.result, JSON.stringify({ passed, failed, skipped, steps }, null, 2));
  if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

main();
