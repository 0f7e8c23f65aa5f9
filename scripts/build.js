#!/usr/bin/env node
/**
 * Builds the npm package: compiles modules/ (the library, without the default app) with tsc to
 * dist/ (JavaScript + .d.ts, tsconfig.build.json) and copies the files tsc does not emit but the
 * library reads at run time: every .js and .json file under modules/ (the precompiled config-schema
 * validator, data files read with fs such as analysis/data/). Run by `prepare`, so `npm pack` and
 * `npm publish` always ship a fresh build. Usage: node scripts/build.js
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
/** Folders of modules/ that are not part of the package (tsconfig.build.json excludes them too). */
const EXCLUDED = new Set(["app"]);

/** Every .js and .json file under modules/ (relative paths): tsc emits only the JSON files TypeScript imports. */
function dataFiles(dir = path.join(root, "modules"), rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!(rel === "" && EXCLUDED.has(entry.name))) out.push(...dataFiles(path.join(dir, entry.name), r));
    } else if (/\.(js|json)$/.test(entry.name)) out.push(r);
  }
  return out;
}

fs.rmSync(dist, { recursive: true, force: true });
const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
if (r.status !== 0) {
  process.stderr.write("Build failed: tsc reported the errors above (tsconfig.build.json).\n");
  process.exit(r.status ?? 1);
}
for (const file of dataFiles()) {
  fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  fs.copyFileSync(path.join(root, "modules", file), path.join(dist, file));
}
