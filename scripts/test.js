#!/usr/bin/env node
/**
 * `npm test`: the type check (`tsc --noEmit -p .`) and Jest at the same time; fails when either fails.
 *
 * Usage: node scripts/test.js [jest arguments...]   (e.g. `npm test -- --json --outputFile=r.json`)
 *
 * Jest's transform does not type-check (@swc/jest), so the type check is a run of its own. Run one after the
 * other, the suite waited about 10 s for tsc on a 2-core machine; run together, tsc uses the CPU time Jest's
 * workers leave idle (while Terraform applies against the local endpoints wait on the provider's retries).
 * Jest's output streams as it comes; tsc's output is printed after Jest's, with one line saying whether the
 * type check passed. The exit status is Jest's when the type check passed, 1 when it failed, 2 when tsc could
 * not run.
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

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
  const typecheck = run(bin("tsc"), ["--noEmit", "-p", "."], true);
  const jest = run(bin("jest"), process.argv.slice(2), false);
  const [types, tests] = await Promise.all([typecheck, jest]);
  if (types.output.trim()) process.stdout.write(types.output);
  if (types.code === 0) {
    process.stdout.write("type check (tsc --noEmit): passed\n");
    return tests.code;
  }
  process.stdout.write(types.code === null ? "type check (tsc --noEmit): could not run tsc (npm ci first?)\n" : "type check (tsc --noEmit): FAILED (errors above)\n");
  return types.code === null ? 2 : 1;
}

main().then((code) => process.exit(code));
