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
 * {@link installShortTokenTraces} keeps the nearest {@link TOKEN_TRACE_FRAMES} frames (Node's default
 * `Error.stackTraceLimit`) of stack records taken on plain objects, which is how cdktf (and the constructs library,
 * for metadata) records them, and hands every stack trace to the formatter that was in place (Node's own). Errors
 * are never plain objects: they keep their whole trace. The test is the object's prototype only: reading the
 * trace's frames (their file names) would cost as much as formatting them. Measured: a token's record costs 16
 * instead of 28 microseconds of CPU (about 11,000 tokens at N = 1,000), and the kept strings shrink by half.
 */
"use strict";

/** Frames kept in a stack record taken on a plain object (a cdktf token's creation trace): Node's default limit. */
const TOKEN_TRACE_FRAMES = 10;

/** Node's formatting (lib/internal/errors.js), for a Node without a default `Error.prepareStackTrace`. */
function plainFormat(error, frames) {
  const head = Error.prototype.toString.call(error);
  return frames.length === 0 ? head : `${head}\n    at ${frames.join("\n    at ")}`;
}

/** A stack trace formatter that cuts records taken on plain objects and formats everything with `format`. */
function shortTokenTraces(format) {
  return function prepareStackTrace(error, frames) {
    const record = frames.length > TOKEN_TRACE_FRAMES && error !== null && typeof error === "object" && Object.getPrototypeOf(error) === Object.prototype;
    return format(error, record ? frames.slice(0, TOKEN_TRACE_FRAMES) : frames);
  };
}

/** Installs the short token traces in front of the current `Error.prepareStackTrace` (Node's own by default). */
function installShortTokenTraces() {
  const current = Error.prepareStackTrace;
  Error.prepareStackTrace = shortTokenTraces(typeof current === "function" ? current : plainFormat);
}

/**
 * For test runs (Jest's `setupFilesAfterEnv`): stack records taken on plain objects (cdktf's token traces) keep their
 * nearest {@link TOKEN_TRACE_FRAMES} frames and are formatted by Node's plain formatting, without the source maps
 * of the formatter in place; errors keep that formatter (Jest's source-mapped traces). Jest maps every frame of
 * every token record through the inline source maps of the files in it, parsing each map on first use: measured,
 * about a tenth of the Jest workers' CPU time. A token record's frames then name transpiled lines.
 */
function installUnmappedTokenTraces() {
  const current = Error.prepareStackTrace;
  const format = typeof current === "function" ? current : plainFormat;
  Error.prepareStackTrace = function prepareStackTrace(error, frames) {
    const record = error !== null && typeof error === "object" && Object.getPrototypeOf(error) === Object.prototype;
    return record ? plainFormat(error, frames.slice(0, TOKEN_TRACE_FRAMES)) : format(error, frames);
  };
}

module.exports = { installShortTokenTraces, installUnmappedTokenTraces, shortTokenTraces, TOKEN_TRACE_FRAMES };
