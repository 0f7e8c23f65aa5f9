/**
 * scripts/run.js keeps only the nearest frames of the stack records cdktf makes for its tokens (records taken on
 * plain objects, scripts/lib/token-traces.js); errors are formatted whole, by the formatter in place.
 */
import { Lazy } from "../../modules/internal/cdktf";
import type { IResolvable } from "../../modules/internal/cdktf";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { installUnmappedTokenTraces, shortTokenTraces, TOKEN_TRACE_FRAMES } = require("../../scripts/lib/token-traces") as {
  installUnmappedTokenTraces: () => void;
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
    // With the formatter Node starts with (the tests' own setup cuts records too: see below).
    const previous = Error.prepareStackTrace;
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    try {
      const token = deep(30, () => Lazy.anyValue({ produce: () => 1 })) as IResolvable;
      expect(token.creationStack.length).toBeGreaterThan(30);
    } finally {
      Error.prepareStackTrace = previous;
    }
  });
});

describe("unmapped token traces (the tests' setup, __tests__/support/token-traces.ts)", () => {
  it("format records on plain objects with Node's plain formatting, cut; errors with the formatter in place", () => {
    const previous = Error.prepareStackTrace;
    const previousLimit = Error.stackTraceLimit;
    Error.prepareStackTrace = (_error: unknown, frames: NodeJS.CallSite[]) => ["MAPPED", ...frames.map(String)].join("\n");
    Error.stackTraceLimit = 100;
    try {
      installUnmappedTokenTraces();
      const record: { stack?: string } = {};
      const lines = deep(30, () => (Error.captureStackTrace(record), record.stack ?? "")).split("\n");
      expect(lines).toHaveLength(1 + TOKEN_TRACE_FRAMES);
      expect(lines[0]).toBe("Error"); // Node's head line for a record; never the mapped formatter's
      expect(lines.slice(1).every((l) => l.startsWith("    at "))).toBe(true);
      const errorLines = deep(30, () => new Error("x").stack ?? "").split("\n");
      expect(errorLines[0]).toBe("MAPPED");
      expect(errorLines.length).toBeGreaterThan(30);
    } finally {
      Error.prepareStackTrace = previous;
      Error.stackTraceLimit = previousLimit;
    }
  });

  it("are what the tests run with: a cdktf token keeps its nearest frames", () => {
    const token = deep(30, () => Lazy.anyValue({ produce: () => 1 })) as IResolvable;
    expect(token.creationStack).toHaveLength(TOKEN_TRACE_FRAMES);
  });
});
