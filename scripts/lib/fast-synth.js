/**
 * `cdktf synth` without the cdktf CLI: the same steps, at the app's speed (plain JavaScript, so it
 * loads no TypeScript hook of its own). What the CLI's synth does (cdktf-cli 0.21, `synth` in
 * bundle/bin/cmds/handlers.js), and what this does the same way:
 *
 * - reads cdktf.json (`app`, `output` default `cdktf.out`, `context`, `terraformModules`);
 * - runs the app command through the shell in the current folder, with the environment minus
 *   `TF_VAR_*`, `NODE_OPTIONS=--max-old-space-size=4096` unless NODE_OPTIONS is set,
 *   `CDKTF_OUTDIR`, `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true`, `SYNTH_HCL_OUTPUT=false`, and
 *   `CDKTF_CONTEXT_JSON` = cdktf.json's context (else the inherited one) plus `cdktfRelativeModules`;
 * - fails when the app exits non-zero, when it wrote no manifest.json (it did not call synth()), or
 *   when it synthesized no stack;
 * - removes the folders under <output>/stacks/ of stacks the app no longer makes;
 * - prints `Generated Terraform code for the stacks: <names>`.
 *
 * One addition: `-c key=value` / `--context key=value` (repeatable) sets a context value for this
 * run, on top of cdktf.json's (the CLI 0.21 has no such option for synth and ignores it).
 *
 * Not handled here (the real CLI runs instead, see fastSynthApplies): `--hcl`, `--help`, unknown
 * options, and projects with `terraformProviders`/`terraformModules` that need generated bindings.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const DEFAULT_OUTPUT = "cdktf.out";
const MAX_OLD_SPACE = "--max-old-space-size";

/** Parses `synth` arguments; undefined when something needs the real CLI. */
function parseSynthArgs(args) {
  if (args[0] !== "synth" && args[0] !== "synthesize") return undefined;
  const out = { app: undefined, output: undefined, context: {} };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => (inline !== undefined ? inline : args[++i]);
    if (flag === "--app" || flag === "-a") {
      out.app = value();
      if (!out.app) return undefined;
    } else if (flag === "--output" || flag === "-o") {
      out.output = value();
      if (!out.output) return undefined;
    } else if (flag === "--context" || flag === "-c") {
      const kv = value();
      const eq = kv === undefined ? -1 : kv.indexOf("=");
      if (eq <= 0) return undefined; // malformed: let the CLI report it
      out.context[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (flag === "--check-code-maker-output" || flag === "--no-check-code-maker-output") continue;
    else return undefined; // --hcl, --help, unknown: the real CLI
  }
  return out;
}

/** cdktf.json of a project folder, or undefined when absent or unreadable (the CLI then reports it). */
function readCdktfJson(cwd) {
  try {
    return JSON.parse(fs.readFileSync(path.join(cwd, "cdktf.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/** True when `args` is a synth this module does exactly as the CLI would. */
function fastSynthApplies(args, cwd) {
  const parsed = parseSynthArgs(args);
  const config = readCdktfJson(cwd);
  if (!parsed || !config) return false;
  const bindings = [...(config.terraformProviders || []), ...(config.terraformModules || [])];
  return bindings.length === 0 && Boolean(parsed.app || config.app);
}

/** Folders directly under `dir`. */
function subfolders(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => fs.lstatSync(p).isDirectory());
}

/** Runs the synth; returns the process exit code. */
function fastSynth(args, cwd) {
  const parsed = parseSynthArgs(args);
  const config = readCdktfJson(cwd);
  const app = parsed.app || config.app;
  const output = parsed.output || config.output || DEFAULT_OUTPUT;
  const stacksDir = path.join(path.resolve(cwd, output), "stacks");
  const before = subfolders(stacksDir);

  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TF_VAR_")));
  if (!env.NODE_OPTIONS) env.NODE_OPTIONS = `${MAX_OLD_SPACE}=4096`;
  // The CLI replaces an inherited CDKTF_CONTEXT_JSON with cdktf.json's context whenever the file has one.
  const inherited = config.context ? config.context : process.env.CDKTF_CONTEXT_JSON ? JSON.parse(process.env.CDKTF_CONTEXT_JSON) : {};
  const relativeModules = (config.terraformModules || []).filter((m) => /^\.\.?\//.test(typeof m === "string" ? m : m.source));
  Object.assign(env, {
    CDKTF_OUTDIR: output,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...inherited, ...parsed.context, cdktfRelativeModules: relativeModules }),
    SYNTH_HCL_OUTPUT: "false",
  });

  const r = spawnSync(app, [], { cwd, env, shell: true, stdio: "inherit" });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    process.stderr.write(`ERROR: cdktf encountered an error while synthesizing.\nSynth command: ${app}\nError: ${why} (the app's own output is above).\n`);
    return 1;
  }

  const manifestFile = path.join(path.resolve(cwd, output), "manifest.json");
  if (!fs.existsSync(manifestFile)) {
    process.stderr.write(`ERROR: synthesis failed, because app was expected to call 'synth()', but didn't. Thus "${path.join(output, "manifest.json")}" was not created.\n`);
    return 1;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  const stacks = Object.values(manifest.stacks || {});
  for (const stack of stacks) {
    // The CLI reads every stack's file back: a missing or unparsable one is an error there too.
    JSON.parse(fs.readFileSync(path.join(path.resolve(cwd, output), stack.synthesizedStackPath), "utf8"));
  }
  if (stacks.length === 0) process.stderr.write("ERROR: No Terraform code synthesized.\n");
  const names = stacks.map((s) => s.name);
  for (const dir of before) if (!names.includes(path.basename(dir))) fs.rmSync(dir, { recursive: true });
  process.stdout.write(`Generated Terraform code for the stacks: ${names.join(", ")}\n`);
  return 0;
}

module.exports = { fastSynth, fastSynthApplies, parseSynthArgs };
