#!/usr/bin/env node
/**
 * Builds the npm package: compiles modules/ (the library, without the default app) with tsc to
 * dist/ (JavaScript + .d.ts, tsconfig.build.json) and copies the files tsc does not emit (the
 * precompiled config-schema validator). Run by `prepare`, so `npm pack` and `npm publish` always
 * ship a fresh build. Usage: node scripts/build.js
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
/** Files of modules/ that tsc does not copy (plain JavaScript), relative to modules/. */
const COPY = ["config/schema-validator.js"];

fs.rmSync(dist, { recursive: true, force: true });
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
if (r.status !== 0) {
  process.stderr.write("Build failed: tsc reported the errors above (tsconfig.build.json).\n");
  process.exit(r.status ?? 1);
}
for (const file of COPY) {
  fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  fs.copyFileSync(path.join(root, "modules", file), path.join(dist, file));
}
