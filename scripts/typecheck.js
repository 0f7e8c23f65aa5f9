#!/usr/bin/env node
/**
 * `npm run typecheck`: `tsc --noEmit` of the whole repository (tsconfig.json), strict, with the compiler chosen by
 * scripts/lib/type-checker.js (TypeScript 7, or 5.9 where 7 has no binary). Exit status: tsc's; 2 when no compiler
 * is installed.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { typeCheckCommand } = require("./lib/type-checker");

const root = path.resolve(__dirname, "..");
const check = typeCheckCommand(root);
if (!check) {
  process.stderr.write("npm run typecheck: TypeScript is not installed. Fix: run `npm ci`.\n");
  process.exit(2);
}
if (check.note) process.stderr.write(`note: ${check.note}\n`);
const r = spawnSync(check.command, check.args, { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
