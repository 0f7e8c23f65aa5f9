/**
 * Runs a callback once tsx's WebAssembly module lexer is ready, for scripts/run.js.
 *
 * tsx's CommonJS hook asks, for every file it loads (node_modules' JavaScript included: cdktf, the provider
 * bindings, their dependencies), whether it is an ES module, with es-module-lexer. tsx starts compiling the
 * lexer's WebAssembly build when it is loaded, but the compile finishes only after the current task: an app
 * required right away (synchronously) is lexed by the asm.js fallback instead, about 0.25 s of CPU for this
 * repository's apps, on every run. Waiting for the compile first (a few milliseconds) lets tsx use the
 * WebAssembly build. Same files loaded, same results: only which build of the lexer runs changes.
 *
 * The lexer is a tsx internal (`dist/lexer-<hash>.cjs`, the file tsx itself requires); when it cannot be
 * found or fails to start, the callback runs at once (the asm.js build then runs, as before).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** tsx's own lexer module (the same module instance tsx loads), or undefined. */
function tsxLexer() {
  try {
    const dist = path.dirname(require.resolve("tsx/cjs"));
    const candidates = [dist, path.join(dist, "..")].flatMap((dir) => fs.readdirSync(dir).filter((f) => /^lexer-[\w-]+\.cjs$/.test(f)).map((f) => path.join(dir, f)));
    if (candidates.length !== 1) return undefined;
    const lexer = require(candidates[0]);
    return lexer && lexer.init && typeof lexer.init.then === "function" ? lexer : undefined;
  } catch {
    return undefined;
  }
}

/** Calls `run` once tsx's WebAssembly lexer is ready (or at once when it cannot be). Call after `require("tsx/cjs")`. */
function whenTsxLexerReady(run) {
  const lexer = tsxLexer();
  if (!lexer) return run();
  // setImmediate: after tsx's own continuation of the same promise has switched it to the WebAssembly build.
  lexer.init.then(
    () => setImmediate(run),
    () => setImmediate(run),
  );
  return undefined;
}

module.exports = { whenTsxLexerReady };
