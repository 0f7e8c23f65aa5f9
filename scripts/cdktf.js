#!/usr/bin/env node
/**
 * node scripts/cdktf.js <cdktf command> [args...]   (npm run synth / diff / deploy, npm run cdktf -- <command>)
 *
 * `synth` runs at app speed: it does what the cdktf CLI's synth does (scripts/lib/fast-synth.js:
 * the app command of cdktf.json with the same environment, the manifest check, removal of stack
 * folders the app no longer makes, the one-line summary) without the CLI's own start-up (about 4 s,
 * and 16 s on machines whose Terraform CLI configuration is missing). It writes the same cdktf.out
 * (stack folders, manifest.json) that `cdktf deploy` and `cdktf diff` read.
 *
 * Every other command, `synth --hcl`, apps with generated provider or module bindings, and any run
 * with IAM_CDKTF_CLI=1 go to the real cdktf CLI, without its update check and telemetry (no network
 * on air-gapped machines), and with the same provider settings as `npm run plan`: when
 * IAM_TF_PROVIDER_MIRROR names a provider mirror, Terraform (run by cdktf for diff, deploy, destroy, ...)
 * installs hashicorp/* providers only from there, through a CLI configuration written for the run.
 *
 * When a Terraform command fails for lack of AWS credentials or network, it says how to plan offline (and
 * after a provider registry failure, how to use a mirror). The
 * output is scanned for that only when it is not a terminal (CI); on a terminal cdktf keeps it (interactive
 * approval), and the hint is printed after any failure of diff or deploy.
 *
 * Settings reach the app through cdktf.json's "context" or environment variables (README: "Settings of the
 * default app"): the cdktf CLI does not pass command-line context to the app, so the commands that go to
 * it refuse context arguments, with that advice.
 *
 * IAM_CDKTF_CLI: 1 forces the real CLI; a path to a .js file runs that file as the CLI (tests).
 */
"use strict";
const { spawn } = require("node:child_process");
const { fastSynth, fastSynthApplies } = require("./lib/fast-synth");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** cdktf commands that run Terraform (and so need the provider mirror). */
const TERRAFORM_COMMANDS = new Set(["diff", "plan", "deploy", "apply", "destroy", "output", "outputs", "watch"]);

/**
 * The environment of the cdktf CLI for a command. With a provider mirror, for the commands that run Terraform:
 * TF_CLI_CONFIG_FILE installs hashicorp/* providers from the mirror (`terraform init`), and TERRAFORM_BINARY_NAME
 * (the binary cdktf runs) points at a small wrapper that adds `-fs-mirror=<mirror>` to `terraform providers lock`,
 * which cdktf runs when a stack folder has no matching lock file and which ignores the CLI configuration.
 * Loads the TypeScript helpers only when Terraform runs.
 */
function cliEnv(command, env = process.env) {
  const out = { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1", CDKTF_DISABLE_TELEMETRY: "true" };
  if (TERRAFORM_COMMANDS.has(command) && env.IAM_TF_PROVIDER_MIRROR) {
    const { writeMirrorConfig } = helpers();
    const uid = typeof process.getuid === "function" ? process.getuid() : "user";
    const dir = path.join(os.tmpdir(), `iam-cdktf-cli-${uid}`);
    out.TF_CLI_CONFIG_FILE = writeMirrorConfig(env.IAM_TF_PROVIDER_MIRROR, path.join(dir, "mirror.tfrc"));
    out.TERRAFORM_BINARY_NAME = writeLockShim(dir, env.TERRAFORM_BINARY_NAME || env.IAM_TF_BIN || "terraform", path.resolve(env.IAM_TF_PROVIDER_MIRROR));
  }
  return out;
}

/** A POSIX shell wrapper of `real` that runs `providers lock` with `-fs-mirror=<mirror>` (unless a mirror is given). */
function writeLockShim(dir, real, mirror) {
  const q = (v) => `'${String(v).replace(/'/g, "'\\''")}'`;
  const text = [
    "#!/bin/sh",
    "# Written by scripts/cdktf.js: `terraform providers lock` ignores the CLI configuration's provider mirror.",
    `REAL=${q(real)}`,
    'if [ "$1" = providers ] && [ "$2" = lock ]; then',
    "  case \" $* \" in *\" -fs-mirror\"*|*\" -net-mirror\"*) ;; *)",
    "    shift 2",
    `    exec "$REAL" providers lock -fs-mirror=${q(mirror)} "$@" ;;`,
    "  esac",
    "fi",
    'exec "$REAL" "$@"',
    "",
  ].join("\n");
  const file = path.join(dir, `terraform-${require("node:crypto").createHash("sha256").update(text).digest("hex").slice(0, 12)}`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}.tmp`, text, { mode: 0o755 });
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return file;
}

function helpers() {
  require("tsx/cjs");
  return { ...require("./lib/terraform.ts"), ...require("./lib/hints.ts") };
}

/** The `-c`/`--context` arguments, which the cdktf CLI would silently ignore for synth. */
function contextArguments(args) {
  return args.filter((a) => a === "-c" || a === "--context" || /^(-c|--context)=/.test(a));
}

/** The CLI entry file: cdktf-cli's, or the file IAM_CDKTF_CLI names (tests). */
function cliEntry(env = process.env) {
  const v = env.IAM_CDKTF_CLI || "";
  return v && !/^(1|true)$/i.test(v) ? v : require.resolve("cdktf-cli/bundle/bin/cdktf");
}

function main() {
  const args = process.argv.slice(2);
  const command = args[0] ?? "";
  const useCli = Boolean(process.env.IAM_CDKTF_CLI);
  if (!useCli && fastSynthApplies(args, process.cwd())) {
    process.exit(fastSynth(args, process.cwd()));
  }
  if (contextArguments(args).length) {
    process.stderr.write(
      `The cdktf CLI's context option does not reach the app (cdktf ${command || "<command>"} ignores it). Fix: set the value as an environment variable ` +
        "(for example IAM_CONFIG=prod.yaml, AWS_REGION=us-east-1, IAM_BACKEND=s3), or in the \"context\" object of cdktf.json; " +
        "see the README, \"Settings of the default app\".\n",
    );
    process.exit(2);
  }
  let env;
  try {
    env = cliEnv(command);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  const cli = cliEntry();
  const scan = TERRAFORM_COMMANDS.has(command) && !process.stdout.isTTY;
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ["inherit", scan ? "pipe" : "inherit", scan ? "pipe" : "inherit"] });
  let tail = "";
  const keep = (chunk) => {
    tail = (tail + chunk.toString("utf8")).slice(-200_000);
  };
  if (scan) {
    child.stdout.on("data", (c) => (process.stdout.write(c), keep(c)));
    child.stderr.on("data", (c) => (process.stderr.write(c), keep(c)));
  }
  child.on("error", (e) => {
    process.stderr.write(`Could not start the cdktf CLI (${cli}): ${e.message}. Fix: run npm ci.\n`);
    process.exit(1);
  });
  child.on("close", (code, signal) => {
    const status = code ?? (signal ? 1 : 0);
    if (status !== 0 && TERRAFORM_COMMANDS.has(command)) {
      const { OFFLINE_HINT, terraformHintFor } = helpers();
      if (scan) {
        const hint = terraformHintFor(tail);
        if (hint) process.stderr.write(`\n${hint}\n`);
      } else {
        process.stderr.write(`\nIf Terraform failed for lack of AWS credentials or network: ${OFFLINE_HINT.replace(/^Fix: /, "")}\n`);
      }
    }
    process.exit(status);
  });
}

if (require.main === module) main();
module.exports = { cliEnv, contextArguments, TERRAFORM_COMMANDS };
