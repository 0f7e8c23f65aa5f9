#!/usr/bin/env node
/** Runs the cdktf CLI without its update check and telemetry (no network on air-gapped machines). */
"use strict";
const { spawnSync } = require("node:child_process");

const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1", CDKTF_DISABLE_TELEMETRY: "true" };
const r = spawnSync(process.execPath, [require.resolve("cdktf-cli/bundle/bin/cdktf"), ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(r.status ?? 1);
