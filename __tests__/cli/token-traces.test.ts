/**
 * scripts/run.js keeps only the nearest frames of the stack records cdktf makes for its tokens (records taken on
 * plain objects, scripts/lib/token-traces.js); errors are formatted whole, by the formatter in place.
 */
import { Lazy } from "../../modules/internal/cdktf";
import type { IResolvable } from "../../modules/internal/cdktf";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { shortTokenTraces, TOKEN_TRACE_FRAMES } = require("../../scripts/lib/token-traces") as {
  shortTokenTraces: (format: (error: unknown, frames: NodeJS.CallSite[]) => string) => (error: unknown, frames: NodeJS.CallSite[]) => string;
  TOKEN_TRACE_FRAMES: number;
};

/** Runs `f` `depth` calls deep, so that its stack has at least that many frames. */
function deep<T>(depth: number, f: () => T): T {
  return depth === 0 ? f() : deep(depth - 1, f);
}

/** Runs `f` with the short token traces in front of a formatter that writes one line per frame. */
function withShortTraces<T>(f: () => T): T {
  const previous = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = shortTokenTraces((error, frames) => [Object.prototype.toString.call(error), ...frames.map(String)].join("\n"));
  Error.stackTraceLimit = 100;
  try {
    return f();
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = previousLimit;
  }
}

describe("short token traces", () => {
  it("keep the nearest frames of a cdktf token's creation trace, starting at its maker", () => {
    const token = withShortTraces(() => deep(30, () => Lazy.anyValue({ produce: () => 1 }))) as IResolvable;
    expect(token.creationStack).toHaveLength(TOKEN_TRACE_FRAMES);
    expect(token.creationStack[0]).toMatch(/LazyBase/);
    expect(token.creationStack.filter((f) => /\bdeep\b/.test(f)).length).toBeGreaterThan(0);
  });

  it("leave errors, and records taken on anything but a plain object, whole", () => {
    const errorLines = withShortTraces(() => deep(30, () => new Error("x").stack ?? "").split("\n"));
    expect(errorLines.length).toBeGreaterThan(30);
    class Holder {
      stack?: string;
    }
    const holder = new Holder();
    const holderLines = withShortTraces(() => deep(30, () => (Error.captureStackTrace(holder), holder.stack ?? "")).split("\n"));
    expect(holderLines.length).toBeGreaterThan(30);
  });

  it("cut any record taken on a plain object to Node's default limit", () => {
    const record: { stack?: string } = {};
    const lines = withShortTraces(() => deep(30, () => (Error.captureStackTrace(record), record.stack ?? "")).split("\n"));
    expect(lines).toHaveLength(1 + TOKEN_TRACE_FRAMES);
  });

  it("are not cdktf's default, which records every frame", () => {
    const token = deep(30, () => Lazy.anyValue({ produce: () => 1 })) as IResolvable;
    expect(token.creationStack.length).toBeGreaterThan(30);
  });
});
