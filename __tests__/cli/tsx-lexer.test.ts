/**
 * scripts/run.js loads the app once tsx's WebAssembly module lexer is ready (scripts/lib/tsx-lexer.js), so that tsx
 * does not lex every loaded file with its slower asm.js build. The lexer is a tsx internal: these tests notice a
 * tsx release that moves it (run.js would still work, only slower), and check that the app runs exactly once.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/terraform";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { whenTsxLexerReady } = require("../../scripts/lib/tsx-lexer") as { whenTsxLexerReady: (run: () => void) => void };

const ROOT = path.join(__dirname, "..", "..");

describe("tsx lexer readiness (scripts/run.js)", () => {
  it("finds tsx's WebAssembly lexer and runs the callback once, in a later task", async () => {
    const calls: string[] = [];
    await new Promise<void>((resolve) => {
      whenTsxLexerReady(() => {
        calls.push("run");
        resolve();
      });
      calls.push("after call");
    });
    expect(calls).toEqual(["after call", "run"]);
  });

  it("runs a TypeScript file with its arguments, and fails as it fails", () => {
    const dir = tempDir("run-js-");
    const ok = path.join(dir, "ok.ts");
    fs.writeFileSync(ok, 'const n: number = process.argv.length;\nconsole.log(JSON.stringify(process.argv.slice(2)), n > 0);\n');
    const bad = path.join(dir, "bad.ts");
    fs.writeFileSync(bad, 'throw new Error("bad app");\n');
    const run = (file: string, ...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "scripts", "run.js"), file, ...args], { encoding: "utf8" });
    const good = run(ok, "a", "b");
    expect(good.status).toBe(0);
    expect(good.stdout).toBe('["a","b"] true\n');
    const failed = run(bad);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("bad app");
  });
});
