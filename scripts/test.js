#!/usr/bin/env node
/**
 * `npm test`: the type check (`tsc --noEmit -p .`, TypeScript 7: scripts/lib/type-checker.js) and Jest at the same
 * time; fails when either fails.
 *
 * Usage: node scripts/test.js [jest arguments...]   (e.g. `npm test -- --json --outputFile=r.json`)
 *
 * Jest's transform does not type-check (@swc/jest), so the type check is a run of its own, beside Jest: with
 * TypeScript 7 it takes about 1 s of wall time and 2 s of CPU (TypeScript 5.9: 6 s and 9 s, which the 2-core
 * machine took from Jest's workers).
 * Jest's output streams as it comes; tsc's output is printed after Jest's, with one line saying whether the
 * type check passed. The exit status is Jest's when the type check passed, 1 when it failed, 2 when tsc could
 * not run.
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const { typeCheckCommand } = require("./lib/type-checker");

const root = path.resolve(__dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

/** Runs a command; resolves with its exit code and (when `capture`) its output. */
function run(command, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (capture) {
      child.stdout.on("data", (c) => (output += c));
      child.stderr.on("data", (c) => (output += c));
    }
    child.on("error", (e) => resolve({ code: null, output: `${output}${e.message}\n` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

async function main() {
  const check = typeCheckCommand(root);
  const typecheck = check ? run(check.command, check.args, true) : Promise.resolve({ code: null, output: "" });
  const jest = run(bin("jest"), process.argv.slice(2), false);
  const [types, tests] = await Promise.all([typecheck, jest]);
  const label = `type check (${check ? `${check.compiler}, ` : ""}tsc --noEmit)`;
  if (check?.note) process.stdout.write(`note: ${check.note}\n`);
  if (types.output.trim()) process.stdout.write(types.output);
  if (types.code === 0) {
    process.stdout.write(`${label}: passed\n`);
    return tests.code;
  }
  process.stdout.write(types.code === null ? `${label}: could not run tsc (npm ci first?)\n` : `${label}: FAILED (errors above)\n`);
  return types.code === null ? 2 : 1;
}

main().then((code) => process.exit(code));
