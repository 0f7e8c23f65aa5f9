/**
 * `npm run synth` (scripts/cdktf.js synth) without the cdktf CLI: it writes the same cdktf.out as the CLI's
 * synth, and keeps the CLI's behaviour around it (stale stack folders removed, failures reported, the
 * environment the app sees); everything else still goes to the real CLI.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/terraform";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fastSynthApplies, parseSynthArgs } = require("../../scripts/lib/fast-synth") as {
  fastSynthApplies(args: string[], cwd: string): boolean;
  parseSynthArgs(args: string[]): { app?: string; output?: string; context: Record<string, string> } | undefined;
};

const ROOT = path.resolve(__dirname, "..", "..");
const CDKTF_JS = path.join(ROOT, "scripts", "cdktf.js");

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CDKTF_JS, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a folder, relative path -> content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** A project folder whose app is a small script (no cdktf): it records its environment and writes a manifest. */
function fakeProject(appBody: string, cdktfJson: Record<string, unknown> = {}): string {
  const dir = tempDir("fake-app-");
  fs.writeFileSync(path.join(dir, "app.js"), appBody);
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node app.js`, ...cdktfJson }));
  return dir;
}

const WRITE_ONE_STACK = `
const fs = require("fs"), path = require("path");
const out = process.env.CDKTF_OUTDIR;
fs.mkdirSync(path.join(out, "stacks", "one"), { recursive: true });
fs.writeFileSync(path.join(out, "stacks", "one", "cdk.tf.json"), "{}");
fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { one: { name: "one", synthesizedStackPath: "stacks/one/cdk.tf.json", workingDirectory: "stacks/one" } } }));
const env = Object.fromEntries(["CDKTF_OUTDIR", "CDKTF_CONTEXT_JSON", "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS", "SYNTH_HCL_OUTPUT", "NODE_OPTIONS", "TF_VAR_secret", "KEEP_ME"].map((k) => [k, process.env[k] ?? null]));
fs.writeFileSync(path.join(out, "env.json"), JSON.stringify(env));
`;

describe("npm run synth at app speed", () => {
  it("writes the same cdktf.out as the cdktf CLI's synth, byte for byte", () => {
    const fast = tempDir("fast-out-");
    const cli = tempDir("cli-out-");
    const a = run(["synth", "--output", fast]);
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(a.stdout).toBe("Generated Terraform code for the stacks: iam\n");
    // The real CLI, as `npx cdktf synth` runs it (a missing Terraform CLI config only adds warnings).
    const b = run(["synth", "--output", cli], { env: { IAM_CDKTF_CLI: "1" } });
    expect(b.status).toBe(0);
    expect(b.stdout).toContain("Generated Terraform code for the stacks: iam");
    const fastTree = tree(fast);
    expect(Object.keys(fastTree).sort()).toEqual(["manifest.json", "stacks/iam/cdk.tf.json"]);
    expect(fastTree).toEqual(tree(cli));
  });

  it("takes context values with -c key=value, over cdktf.json's", () => {
    const out = tempDir("ctx-out-");
    const r = run(["synth", "-o", out, "-c", "stack=ctx-stack", "--context=region=us-east-2"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("Generated Terraform code for the stacks: ctx-stack\n");
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "ctx-stack", "cdk.tf.json"), "utf8"));
    expect(json.provider.aws[0].region).toBe("us-east-2");
  });

  it("gives the app the CLI's environment: output folder, context, no TF_VAR_*, a memory ceiling", () => {
    const dir = fakeProject(WRITE_ONE_STACK, { context: { fromFile: "yes" }, output: "out" });
    const r = run(["synth", "-c", "extra=1"], { cwd: dir, env: { TF_VAR_secret: "s3cr3t", KEEP_ME: "kept", NODE_OPTIONS: "", CDKTF_CONTEXT_JSON: '{"inherited":"dropped"}' } });
    expect(r.status).toBe(0);
    const env = JSON.parse(fs.readFileSync(path.join(dir, "out", "env.json"), "utf8"));
    expect(env).toEqual({
      CDKTF_OUTDIR: "out",
      CDKTF_CONTEXT_JSON: JSON.stringify({ fromFile: "yes", extra: "1", cdktfRelativeModules: [] }),
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
      SYNTH_HCL_OUTPUT: "false",
      NODE_OPTIONS: "--max-old-space-size=4096",
      TF_VAR_secret: null,
      KEEP_ME: "kept",
    });
  });

  it("keeps an inherited CDKTF_CONTEXT_JSON when cdktf.json has no context, and the caller's NODE_OPTIONS", () => {
    const dir = fakeProject(WRITE_ONE_STACK);
    const r = run(["synth"], { cwd: dir, env: { CDKTF_CONTEXT_JSON: '{"inherited":"kept"}', NODE_OPTIONS: "--no-warnings" } });
    expect(r.status).toBe(0);
    const env = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "env.json"), "utf8"));
    expect(JSON.parse(env.CDKTF_CONTEXT_JSON)).toEqual({ inherited: "kept", cdktfRelativeModules: [] });
    expect(env.NODE_OPTIONS).toBe("--no-warnings");
  });

  it("removes the folders of stacks the app no longer makes, and nothing else", () => {
    const dir = fakeProject(WRITE_ONE_STACK);
    const stale = path.join(dir, "cdktf.out", "stacks", "gone");
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(dir, "cdktf.out", "stacks", "notes.txt"), "a file, not a stack folder");
    const r = run(["synth"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, "cdktf.out", "stacks")).sort()).toEqual(["notes.txt", "one"]);
  });

  it.each([
    ["exits non-zero", "process.stderr.write('boom from the app\\n'); process.exit(3);", /exit code 3/],
    ["does not call synth()", "", /expected to call 'synth\(\)'.*manifest\.json/],
  ])("fails with exit 1 and says why when the app %s", (_what, body, message) => {
    const dir = fakeProject(body);
    const r = run(["synth"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toContain("Generated Terraform code");
  });

  it("reports a config problem of the default app with the file's line, and fails", () => {
    const dir = tempDir("bad-config-");
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "version: 1\nroles:\n  - name: x\n    instanceProfil: true\n");
    const r = run(["synth", "-o", path.join(dir, "out"), "-c", `config=${file}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad.yaml:4:");
    expect(r.stderr).toContain("instanceProfil");
  });
});

describe("what still goes to the real cdktf CLI", () => {
  it.each([
    [["synth"], true],
    [["synthesize", "-o", "x", "-a", "node app.js", "-c", "k=v"], true],
    [["synth", "--hcl"], false],
    [["synth", "--help"], false],
    [["synth", "--unknown"], false],
    [["synth", "-c", "novalue"], false],
    [["synth", "--output"], false],
    [["deploy"], false],
    [["diff", "iam"], false],
    [[], false],
  ])("%j -> at app speed: %s", (args, fast) => {
    expect(fastSynthApplies(args, ROOT)).toBe(fast);
  });

  it("projects with generated provider or module bindings (cdktf get) go to the CLI", () => {
    const dir = fakeProject(WRITE_ONE_STACK, { terraformProviders: ["hashicorp/random@~> 3.0"] });
    expect(fastSynthApplies(["synth"], dir)).toBe(false);
    expect(fastSynthApplies(["synth"], tempDir("no-cdktf-json-"))).toBe(false);
  });

  it("parses the options the CLI's synth takes", () => {
    expect(parseSynthArgs(["synth", "--app=node x.js", "--output=o", "-c", "a=b=c"])).toEqual({ app: "node x.js", output: "o", context: { a: "b=c" } });
  });
});
