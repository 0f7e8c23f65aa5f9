/**
 * The command-line routes as the README documents them (issue 13, "The cdktf CLI, as documented"; finding 7
 * of issue 10): `npm run plan` errors and hints, offline plans that leave the synthesized stack as it was,
 * `npm run diff`/`deploy` with the provider mirror, no `-c key=value`, `npm run review -- --format json`,
 * and IAM_CONNECTOR_POLICY. Terraform and the cdktf CLI are stand-ins here (fake-tools.ts): these tests are
 * about our scripts; the real Terraform runs are in the Terraform tests.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ValidationError } from "../../modules/core/errors";
import { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { MIRROR_HINT, OFFLINE_HINT, offlineHintFor, terraformHintFor } from "../../scripts/lib/hints";
import { projectContext, synthesize } from "../../scripts/lib/synth";
import { OFFLINE_PROVIDER_SETTINGS, offlineOverride, terraformEnv } from "../../scripts/lib/terraform";
import { build as buildConnector, connectorPolicyFromEnv } from "../../examples/3-iam-read-connector/main";
import { synthToDir, tempDir } from "../support/terraform";
import { fakeCdktfCli, fakeTerraform, planCalls } from "./fake-tools";

const ROOT = path.resolve(__dirname, "..", "..");
const INVALID = path.join(ROOT, "__tests__", "fixtures", "config", "invalid");

/** The environment of a child run: no settings of the caller's shell leak in. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(IAM_|AWS_|TF_|CDKTF_|FAKE_)/.test(key)) delete env[key];
  return { ...env, IAM_TEST_TMP_ROOT: process.env.IAM_TEST_TMP_ROOT, ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) {
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK_TRACE = /^\s+at .+[(:]\d+/m;

describe("npm run plan (scripts/plan.ts)", () => {
  const plan = (args: string[], env: NodeJS.ProcessEnv) => run([path.join(ROOT, "scripts/run.js"), path.join(ROOT, "scripts/plan.ts"), "--outdir", tempDir("plan-out-"), ...args], env);

  it.each([
    ["a policy with an unknown action", { IAM_CONFIG: path.join(INVALID, "policy-unknown-action.yaml") }, /Invalid config file .*policy-unknown-action\.yaml/],
    ["a missing config file", { IAM_CONFIG: path.join(INVALID, "no-such-file.yaml") }, /no-such-file\.yaml: \(file\): The config file does not exist\. Fix: Point the IAM_CONFIG environment variable/],
    ["a bad app setting", { IAM_BACKEND: "bogus" }, /Invalid settings for the default app.*\n.*backend \(IAM_BACKEND\)/],
  ])("prints %s as the message, without a stack trace, and exits 1", (_case, env, message) => {
    const fake = fakeTerraform();
    const r = plan(["--offline"], cleanEnv({ ...env, IAM_TF_BIN: fake.bin }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toMatch(/throw new|\.ts:\d+|node:internal/);
    expect(planCalls(fake.log)).toHaveLength(0);
  });

  it.each([["--offline", {}], ["IAM_OFFLINE=1", { IAM_OFFLINE: "1" }]])(
    "offline (%s): the settings go into an override file for the run only; the stack folder keeps what cdktf deploy uses",
    (how, env) => {
      const fake = fakeTerraform();
      const outdir = tempDir("plan-out-");
      const r = run([path.join(ROOT, "scripts/run.js"), path.join(ROOT, "scripts/plan.ts"), "--outdir", outdir, ...(how === "--offline" ? ["--offline"] : [])], cleanEnv({ ...env, IAM_TF_BIN: fake.bin }));
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const [call] = planCalls(fake.log);
      // During the plan: the override gives the provider its skip flags and a local state, with dummy credentials.
      expect(call!.override).toEqual([{ terraform: { backend: { local: { path: "offline-plan.tfstate" } } }, provider: { aws: [OFFLINE_PROVIDER_SETTINGS] } }]);
      expect(call!.key).toBe("offline-plan-dummy");
      // Afterwards: no override, no offline settings anywhere in the stack folder.
      const stackDir = path.join(outdir, "stacks", "iam");
      const files = fs.readdirSync(stackDir).sort();
      expect(files).toEqual([".terraform.lock.hcl", "cdk.tf.json", "plan.json", "plan.out"]);
      const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
      for (const flag of Object.keys(OFFLINE_PROVIDER_SETTINGS)) expect(json.provider.aws[0][flag]).toBeUndefined();
      expect(JSON.stringify(json.terraform.backend)).not.toMatch(/offline/);
    },
  );

  it("writes the skip flags for every aws provider block (aliases too), and no provider block for a stack without one", () => {
    expect(offlineOverride({ provider: { aws: [{ region: "eu-west-1" }, { alias: "us", region: "us-east-1" }] } })).toEqual({
      terraform: { backend: { local: { path: "offline-plan.tfstate" } } },
      provider: { aws: [{ ...OFFLINE_PROVIDER_SETTINGS }, { alias: "us", ...OFFLINE_PROVIDER_SETTINGS }] },
    });
    expect(offlineOverride({})).toEqual({ terraform: { backend: { local: { path: "offline-plan.tfstate" } } } });
  });

  describe("on a synthesized app (--no-synth)", () => {
    let outdir = "";
    beforeAll(() => {
      outdir = tempDir("plan-synth-");
      synthesize({ root: ROOT, outdir, env: { IAM_OFFLINE: "" } });
    });
    const planSynthesized = (args: string[], env: NodeJS.ProcessEnv) =>
      run([path.join(ROOT, "scripts/run.js"), path.join(ROOT, "scripts/plan.ts"), "--no-synth", "--outdir", outdir, ...args], env);

    it.each([
      ["no credentials", true, "Error: No valid credential sources found\n\nPlease see https://registry.terraform.io/providers/hashicorp/aws"],
      ["no network", true, "Error: Get \"https://sts.eu-west-1.amazonaws.com/\": dial tcp: lookup sts.eu-west-1.amazonaws.com: no such host"],
      ["an error of the configuration", false, "Error: Unsupported argument\n\n  on cdk.tf.json line 12: An argument named \"bogus\" is not expected here."],
    ])("after a plan that fails with %s: offline hint %s", (_case, hinted, error) => {
      const fake = fakeTerraform();
      const r = planSynthesized([], cleanEnv({ IAM_TF_BIN: fake.bin, FAKE_TF_PLAN_ERROR: error }));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(error.split("\n")[0]);
      expect(r.stderr.includes("npm run plan -- --offline")).toBe(hinted);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    });

    it("gives no offline hint when the plan already runs offline", () => {
      const fake = fakeTerraform();
      const r = planSynthesized(["--offline"], cleanEnv({ IAM_TF_BIN: fake.bin, FAKE_TF_PLAN_ERROR: "Error: dial tcp: lookup example.com: no such host" }));
      expect(r.status).toBe(1);
      expect(r.stderr).not.toContain("npm run plan -- --offline");
    });

    it("names the stacks when --stack names none of them, as a message", () => {
      const fake = fakeTerraform();
      const r = planSynthesized(["--offline", "--stack", "nope"], cleanEnv({ IAM_TF_BIN: fake.bin }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Unknown stack\(s\): nope\. Fix: name one of the app's stacks with --stack: iam/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    });
  });

  it("reads the settings in cdktf.json's context, as cdktf synth does", () => {
    const root = tempDir("project-");
    fs.writeFileSync(path.join(root, "cdktf.json"), JSON.stringify({ app: "x", context: { region: "ap-south-1", config: "prod.yaml" } }));
    expect(projectContext(root)).toEqual({ region: "ap-south-1", config: "prod.yaml" });
    fs.writeFileSync(path.join(root, "cdktf.json"), JSON.stringify({ app: "x", context: ["region"] }));
    expect(() => projectContext(root)).toThrow(/"context" must be an object of settings/);
    fs.writeFileSync(path.join(root, "cdktf.json"), "{ app: ");
    expect(() => projectContext(root)).toThrow(/cdktf\.json: not valid JSON .* Fix: correct the file/);
  });
});

describe("offline hints", () => {
  it.each([
    ["No valid credential sources found", true],
    ["failed to refresh cached credentials, no EC2 IMDS role found", true],
    ["InvalidClientTokenId: The security token included in the request is invalid", true],
    ["Required token could not be found (Terraform Cloud)", true],
    ["connect: network is unreachable", true],
    ["Error: Invalid resource type", false],
    ["Error: Reference to undeclared resource", false],
  ])("%j -> hint %s", (output, hinted) => {
    expect(offlineHintFor(output)).toBe(hinted ? OFFLINE_HINT : "");
  });

  it.each([
    "Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: dial tcp: lookup registry.terraform.io: no such host",
    "Error: Could not retrieve providers for locking\n\n- registry.terraform.io/hashicorp/aws: could not connect to registry.terraform.io",
  ])("a provider registry failure gets the mirror hint, not the offline hint: %j", (output) => {
    expect(offlineHintFor(output)).toBe("");
    expect(terraformHintFor(output)).toBe(MIRROR_HINT);
  });
});

describe("npm run diff / deploy / synth (scripts/cdktf.js)", () => {
  const cdktf = (args: string[], env: NodeJS.ProcessEnv) => run([path.join(ROOT, "scripts/cdktf.js"), ...args], cleanEnv({ IAM_CDKTF_CLI: fakeCdktfCli(), ...env }));
  const reported = (stdout: string) => JSON.parse(stdout.split("\n")[0]!) as { args: string[]; tfCliConfigFile: string | null; tfCliConfig: string | null; telemetry: string | null };

  it.each(["diff", "deploy", "destroy"])("cdktf %s gets the provider mirror of IAM_TF_PROVIDER_MIRROR, the same settings as npm run plan", (command) => {
    const mirror = tempDir("mirror-");
    const r = cdktf([command, "iam"], { IAM_TF_PROVIDER_MIRROR: mirror });
    expect(r.status).toBe(0);
    const seen = reported(r.stdout);
    expect(seen.args).toEqual([command, "iam"]);
    expect(seen.telemetry).toBe("true");
    const planConfig = fs.readFileSync(terraformEnv({ workDir: tempDir("plan-work-") }).TF_CLI_CONFIG_FILE ?? "", "utf8");
    expect(seen.tfCliConfig).toContain(`path    = ${JSON.stringify(mirror)}`);
    // terraformEnv above read IAM_TF_PROVIDER_MIRROR of this process; compare the shape with the mirror swapped in.
    expect(seen.tfCliConfig).toBe(planConfig.replace(/path {4}= ".*"/, `path    = ${JSON.stringify(mirror)}`));
  });

  it("makes `terraform providers lock` (run by cdktf without a lock file) use the mirror; other commands pass through", () => {
    const mirror = tempDir("mirror-");
    const echo = path.join(tempDir("echo-tf-"), "terraform");
    fs.writeFileSync(echo, `#!${process.execPath}\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)));\n`, { mode: 0o755 });
    const r = run([path.join(ROOT, "scripts/cdktf.js"), "diff"], cleanEnv({ IAM_CDKTF_CLI: fakeCdktfCli(), IAM_TF_PROVIDER_MIRROR: mirror, IAM_TF_BIN: echo, FAKE_CDKTF_PRINT_ENV: "TERRAFORM_BINARY_NAME" }));
    expect(r.status).toBe(0);
    const shim = JSON.parse(r.stdout.split("\n")[0]!).env.TERRAFORM_BINARY_NAME as string;
    const call = (...args: string[]) => JSON.parse(spawnSync(shim, args, { encoding: "utf8" }).stdout) as string[];
    expect(call("providers", "lock", "-platform=linux_amd64")).toEqual(["providers", "lock", `-fs-mirror=${mirror}`, "-platform=linux_amd64"]);
    expect(call("providers", "lock", "-fs-mirror=/other")).toEqual(["providers", "lock", "-fs-mirror=/other"]);
    expect(call("init", "-input=false")).toEqual(["init", "-input=false"]);
    expect(call("plan", "-out=it's here")).toEqual(["plan", "-out=it's here"]);
  });

  it("after a provider registry failure in cdktf diff, says how to use a mirror", () => {
    const r = cdktf(["diff"], { FAKE_CDKTF_OUTPUT: "Error: Could not retrieve providers for locking\n- registry.terraform.io/hashicorp/aws: could not connect to registry.terraform.io", FAKE_CDKTF_EXIT: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("set IAM_TF_PROVIDER_MIRROR to a provider mirror folder");
    expect(r.stderr).not.toContain("npm run plan -- --offline");
  });

  it("leaves Terraform's own settings alone without a mirror, and for synth", () => {
    expect(reported(cdktf(["diff"], {}).stdout).tfCliConfigFile).toBeNull();
    expect(reported(cdktf(["synth"], { IAM_TF_PROVIDER_MIRROR: tempDir("mirror-") }).stdout).tfCliConfigFile).toBeNull();
  });

  it("says what is wrong when the mirror folder does not exist", () => {
    const r = cdktf(["diff"], { IAM_TF_PROVIDER_MIRROR: "/nonexistent/mirror" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/IAM_TF_PROVIDER_MIRROR=\/nonexistent\/mirror: no such folder\. Fix:/);
  });

  it.each([
    ["diff", "Error: No valid credential sources found", 1, true],
    ["deploy", "Error: dial tcp: lookup sts.eu-west-1.amazonaws.com: no such host", 1, true],
    ["diff", "Error: Unsupported argument", 1, false],
    ["diff", "No changes. Your infrastructure matches the configuration.", 0, false],
  ])("cdktf %s printing %j (exit %d): offline hint %s", (command, output, exit, hinted) => {
    const r = cdktf([command], { FAKE_CDKTF_OUTPUT: output, FAKE_CDKTF_EXIT: String(exit) });
    expect(r.status).toBe(exit);
    expect(r.stdout).toContain(output);
    expect(r.stderr.includes("npm run plan -- --offline")).toBe(hinted);
  });

  it.each([
    [["diff", "-c", "config=prod.yaml"]],
    [["deploy", "--context", "region=us-east-1", "iam"]],
    [["diff", "-c=region=us-east-1"]],
    [["synth", "--hcl", "-c", "region=us-east-1"]],
  ])("refuses %j, which goes to the cdktf CLI (it would ignore the context), and says what works", (args) => {
    const r = cdktf(args, {});
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/context option does not reach the app.*Fix: set the value as an environment variable \(for example IAM_CONFIG=prod\.yaml.*"context" object of cdktf\.json/);
  });
});

describe("no `-c key=value` in docs, messages or comments", () => {
  const files = [
    "README.md",
    "main.ts",
    "iam.config.yaml",
    ...["docs", "modules", "examples", "scripts", ".github"].flatMap((d) => walk(path.join(ROOT, d)).map((f) => path.relative(ROOT, f))),
    // The launcher and the synth that parse the option name it; everything a user reads must not advise it.
  ].filter((f) => /\.(md|ts|js|ya?ml|json)$/.test(f) && !f.endsWith("schema-validator.js") && f !== "scripts/cdktf.js" && f !== "scripts/lib/fast-synth.js");

  function walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === "data" ? [] : walk(path.join(dir, e.name))) : [path.join(dir, e.name)]));
  }

  it("offers only cdktf.json context, environment variables or our scripts' own arguments", () => {
    const offenders = files.filter((f) => /(^|[\s`(])(-c|--context)[ =][A-Za-z]+=/m.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });
});

describe("npm run review -- --format json", () => {
  it("prints only JSON on stdout", () => {
    const out = synthToDir((app) => new IamStack(app, "iam", { region: "eu-west-1" }));
    const r = spawnSync("npm", ["run", "review", "--", "--format", "json", "--out", out.outdir, "--no-files", "--fail-on", "none"], { cwd: ROOT, env: cleanEnv(), encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(JSON.parse(r.stdout)).toEqual(expect.objectContaining({}));
  });
});

describe("IAM_CONNECTOR_POLICY (example 3)", () => {
  it.each([
    [undefined, "connector"],
    ["", "connector"],
    ["connector", "connector"],
    ["IAMReadOnlyAccess", "IAMReadOnlyAccess"],
  ])("%j chooses %s", (value, policy) => {
    expect(connectorPolicyFromEnv(value === undefined ? {} : { IAM_CONNECTOR_POLICY: value })).toBe(policy);
  });

  it.each([
    ["IAMReadOnlyAcces", /IAM_CONNECTOR_POLICY = "IAMReadOnlyAcces": Not a permission set of this example; known: connector, IAMReadOnlyAccess\. Fix: Set IAM_CONNECTOR_POLICY to "connector" .* or unset it for the default\./],
    ["iamreadonlyaccess", /IAM_CONNECTOR_POLICY = "iamreadonlyaccess": .* Fix: Set IAM_CONNECTOR_POLICY to "IAMReadOnlyAccess", or unset it/],
    ["ReadOnlyAccess", /known: connector, IAMReadOnlyAccess/],
  ])("%j is an error, not a silent fallback", (value, message) => {
    expect(() => connectorPolicyFromEnv({ IAM_CONNECTOR_POLICY: value })).toThrow(ValidationError);
    expect(() => connectorPolicyFromEnv({ IAM_CONNECTOR_POLICY: value })).toThrow(message);
  });

  it("refuses an unknown policy through the TypeScript API too", () => {
    expect(() => buildConnector(new App({ outdir: tempDir("ex3-") }), { policy: "IAMReadOnly" as never })).toThrow(/policy = "IAMReadOnly": Not a permission set of this example.*Fix: Set `policy` to/);
  });

  it("fails the example's run with the message and writes nothing", () => {
    const outdir = tempDir("ex3-out-");
    const r = run([path.join(ROOT, "scripts/run.js"), path.join(ROOT, "examples/3-iam-read-connector/main.ts")], cleanEnv({ IAM_CONNECTOR_POLICY: "IAMReadOnlyAcess", CDKTF_OUTDIR: outdir }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Invalid example settings.*\n.*IAM_CONNECTOR_POLICY = "IAMReadOnlyAcess"/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const written = fs.existsSync(path.join(outdir, "stacks")) ? fs.readdirSync(path.join(outdir, "stacks")) : [];
    expect(written).toEqual([]);
  });
});
