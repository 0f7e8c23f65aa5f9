#!/usr/bin/env node
/**
 * node scripts/cdktf.js <cdktf command> [args...]   (npm run synth = node scripts/cdktf.js synth)
 *
 * `synth` runs at app speed: it does what the cdktf CLI's synth does (scripts/lib/fast-synth.js:
 * the app command of cdktf.json with the same environment, the manifest check, removal of stack
 * folders the app no longer makes, the one-line summary) without the CLI's own start-up (about 4 s,
 * and 16 s on machines whose Terraform CLI configuration is missing). It writes the same cdktf.out
 * (stack folders, manifest.json) that `cdktf deploy` and `cdktf diff` read.
 *
 * Every other command, `synth --hcl`, apps with generated provider or module bindings, and any run
 * with IAM_CDKTF_CLI=1 go to the real cdktf CLI, without its update check and telemetry (no network
 * on air-gapped machines).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { fastSynth, fastSynthApplies } = require("./lib/fast-synth");

const args = process.argv.slice(2);
const useCli = /^(1|true)$/i.test(process.env.IAM_CDKTF_CLI || "");
if (!useCli && fastSynthApplies(args, process.cwd())) {
  process.exit(fastSynth(args, process.cwd()));
}

const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1", CDKTF_DISABLE_TELEMETRY: "true" };
const r = spawnSync(process.execPath, [require.resolve("cdktf-cli/bundle/bin/cdktf"), ...args], { stdio: "inherit", env });
process.exit(r.status ?? 1);
