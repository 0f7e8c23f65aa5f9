#!/usr/bin/env node
/**
 * Runs a TypeScript file with tsx's CommonJS hook: no type checking at run time
 * (that is `npm run typecheck`, once), so a synth costs no compiler start-up.
 * Stack traces show transpiled line numbers, and the creation traces cdktf keeps for its
 * tokens only their nearest frames (scripts/lib/token-traces.js), unless IAM_SOURCE_MAPS=1.
 * The file is loaded once tsx's WebAssembly lexer is ready (scripts/lib/tsx-lexer.js), in the next task.
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
// tsx turns on source-mapped stack traces. cdktf captures a full stack trace for
// every token it creates, and mapping those through source maps costs about 30%
// of a large synth. Set IAM_SOURCE_MAPS=1 to get TypeScript line numbers back.
// For the same reason, the traces cdktf records for its tokens keep their nearest frames only.
if (!/^(1|true)$/i.test(process.env.IAM_SOURCE_MAPS || "") && !String(process.env.NODE_OPTIONS || "").includes("enable-source-maps")) {
  process.setSourceMapsEnabled(false);
  require("./lib/token-traces").installShortTokenTraces();
}
const target = path.resolve(file);
process.argv = [process.argv[0], target, ...rest];
// Once tsx's WebAssembly module lexer is ready: about 0.25 s of CPU less per run (scripts/lib/tsx-lexer.js).
require("./lib/tsx-lexer").whenTsxLexerReady(() => require(target));
