#!/usr/bin/env node
/**
 * Runs a TypeScript file with tsx's CommonJS hook: no type checking at run time
 * (that is `npm run typecheck`, once), so a synth costs no compiler start-up.
 * Usage: node scripts/run.js <file.ts> [args...]
 */
"use strict";
const path = require("node:path");

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node scripts/run.js <file.ts> [args...]\n");
  process.exit(2);
}
require("tsx/cjs");
const target = path.resolve(file);
process.argv = [process.argv[0], target, ...rest];
require(target);
