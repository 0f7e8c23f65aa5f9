/**
 * The type check of `npm test` and `npm run typecheck` (scripts/lib/type-checker.js): TypeScript 7's native compiler
 * when its platform binary is installed, TypeScript 5.9 otherwise, with a note saying why. Either one must fail on a
 * type error and pass on the fixed code, with tsc's own message.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/terraform";

type Check = { command: string; args: string[]; compiler: string; note?: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { typeCheckCommand } = require("../../scripts/lib/type-checker") as { typeCheckCommand: (root: string, host?: { platform?: string; arch?: string }) => Check | undefined };

const ROOT = path.join(__dirname, "..", "..");
const installed = (name: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

/** A project folder whose node_modules holds only the given packages of this repository (symbolic links). */
function projectWith(packages: string[], source: string): string {
  const dir = tempDir("typecheck-");
  fs.mkdirSync(path.join(dir, "node_modules", "@typescript"), { recursive: true });
  for (const name of packages) fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(dir, "node_modules", name), "dir");
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [], module: "nodenext", moduleResolution: "nodenext" }, files: ["a.ts"] }));
  fs.writeFileSync(path.join(dir, "a.ts"), source);
  return dir;
}

const run = (check: Check, cwd: string) => spawnSync(check.command, check.args, { cwd, encoding: "utf8" });
const nativeBinary = `@typescript/typescript-${process.platform}-${process.arch}`;

describe("type checker (scripts/lib/type-checker.js)", () => {
  it("is TypeScript 7 in this repository, which the lock file pins", () => {
    const check = typeCheckCommand(ROOT)!;
    expect(check.compiler).toBe(`TypeScript ${installed("typescript-7")}`);
    expect(installed("typescript-7")).toMatch(/^7\./);
    expect(check.note).toBeUndefined();
    expect(check.args.slice(-3)).toEqual(["--noEmit", "-p", ROOT]);
  });

  it("fails on a type error with tsc's message and passes on the fixed code", () => {
    const check = (dir: string) => typeCheckCommand(dir)!;
    const bad = projectWith(["typescript-7", nativeBinary], 'export const port: number = "8080";\n');
    const failed = run(check(bad), bad);
    expect(check(bad).compiler).toMatch(/^TypeScript 7\./);
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toMatch(/a\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
    const good = projectWith(["typescript-7", nativeBinary], "export const port: number = 8080;\n");
    expect(run(check(good), good).status).toBe(0);
  });

  it("falls back to TypeScript 5.9, saying why, where TypeScript 7 has no binary for the platform", () => {
    const check = typeCheckCommand(ROOT, { platform: "plan9", arch: "mips" })!;
    expect(check.compiler).toBe(`TypeScript ${installed("typescript")}`);
    expect(check.note).toContain("@typescript/typescript-plan9-mips");
    expect(check.note).toContain("TypeScript 5.9 instead");
  });

  it("falls back to TypeScript 5.9 without the typescript-7 dependency, and that check fails on the same error", () => {
    const bad = projectWith(["typescript"], 'export const port: number = "8080";\n');
    const check = typeCheckCommand(bad)!;
    expect(check.compiler).toBe(`TypeScript ${installed("typescript")}`);
    expect(check.note).toContain("`npm ci` installs it");
    const failed = run(check, bad);
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toMatch(/a\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });

  it("is none when no TypeScript is installed", () => {
    expect(typeCheckCommand(projectWith([], "export {};\n"))).toBeUndefined();
  });
});
