/**
 * Short creation traces for cdktf tokens, for apps started by scripts/run.js.
 *
 * cdktf records the whole JavaScript stack of every token it makes (each attribute reference, `Fn.*` call,
 * Lazy value): `captureStackTrace` in cdktf/lib/tokens/private/stack-trace.js lifts `Error.stackTraceLimit` to
 * the maximum and formats every frame at once, although the trace is shown only when resolving that token
 * fails ("Object creation stack: ..."). A stack of 1,000 principals makes about 11,000 such tokens, each with
 * 20 to 30 frames (the app's own, then Node's and tsx's module loading): formatting them was a tenth of the
 * synth's CPU time, and the kept strings some 40 MB.
 *
 * {@link installShortTokenTraces} keeps the nearest {@link TOKEN_TRACE_FRAMES} frames of those records (the
 * token's maker and the app code that called it) and hands every stack trace, cut or not, to the formatter
 * that was in place (Node's own). Only the stack records cdktf makes for tokens (a plain object captured from a
 * frame of cdktf/lib) are cut; errors keep their whole trace.
 */
"use strict";

/** Frames kept in a cdktf token's creation trace. */
const TOKEN_TRACE_FRAMES = 10;

/** True for the stack record cdktf makes for a token: a plain object whose trace starts in cdktf's library. */
function isCdktfTokenTrace(target, frames) {
  if (target === null || typeof target !== "object" || Object.getPrototypeOf(target) !== Object.prototype) return false;
  const file = frames.length > 0 ? frames[0].getFileName() : undefined;
  return typeof file === "string" && /[\\/]cdktf[\\/]lib[\\/]/.test(file);
}

/** Node's formatting (lib/internal/errors.js), for a Node without a default `Error.prepareStackTrace`. */
function plainFormat(error, frames) {
  const head = Error.prototype.toString.call(error);
  return frames.length === 0 ? head : `${head}\n    at ${frames.join("\n    at ")}`;
}

/** A stack trace formatter that cuts cdktf's token records and formats everything with `format`. */
function shortTokenTraces(format) {
  return function prepareStackTrace(error, frames) {
    const kept = frames.length > TOKEN_TRACE_FRAMES && isCdktfTokenTrace(error, frames) ? frames.slice(0, TOKEN_TRACE_FRAMES) : frames;
    return format(error, kept);
  };
}

/** Installs the short token traces in front of the current `Error.prepareStackTrace` (Node's own by default). */
function installShortTokenTraces() {
  const current = Error.prepareStackTrace;
  Error.prepareStackTrace = shortTokenTraces(typeof current === "function" ? current : plainFormat);
}

module.exports = { installShortTokenTraces, shortTokenTraces, TOKEN_TRACE_FRAMES };
