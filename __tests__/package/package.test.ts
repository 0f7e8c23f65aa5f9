/**
 * The npm package as a consumer gets it (issue 13): its manifest, its dependency ranges, and the licenses of
 * what it brings at run time. The consumer test (scripts/consumer-test.js, a step of .ci/run) installs it
 * for real; these are the cheap checks of the same promises.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; license?: string; dev?: boolean }> };

/** Licenses allowed at run time: permissive or weak copyleft per file. Nothing GPL/AGPL/SSPL. */
const ALLOWED = /^(MIT|ISC|Apache-2\.0|BSD-2-Clause|BSD-3-Clause|0BSD|MPL-2\.0|BlueOak-1\.0\.0|CC0-1\.0|Unlicense)$/;

/** Whether `version` satisfies a range made of `^x.y.z` alternatives joined by `||` (the forms package.json uses). */
function satisfiesCaret(version: string, range: string): boolean {
  const [maj, min, pat] = version.split(".").map(Number) as [number, number, number];
  return range.split("||").some((alt) => {
    const m = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(alt);
    if (!m) throw new Error(`unsupported range ${alt}`);
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const atLeast = maj > a || (maj === a && (min > b || (min === b && pat >= c)));
    return atLeast && maj === a && (a > 0 || min === b);
  });
}

describe("package.json", () => {
  it("is a publishable package whose entry points are the compiled public API (modules/index.ts)", () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.main).toBe("dist/index.js");
    expect(pkg.types).toBe("dist/index.d.ts");
    expect(pkg.exports).toEqual({ ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" });
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8"));
    expect(build.compilerOptions).toMatchObject({ rootDir: "modules", outDir: "dist", declaration: true });
    expect(fs.existsSync(path.join(ROOT, "modules", "index.ts"))).toBe(true);
    expect(pkg.scripts.prepare).toMatch(/scripts\/build\.js/);
  });

  it("ships only compiled files and the changelog", () => {
    expect(pkg.files).toEqual(["dist/**/*.js", "dist/**/*.d.ts", "dist/**/*.json", "CHANGELOG.md"]);
    const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain(`## ${pkg.version}`);
  });

  it("takes cdktf, constructs and the provider bindings from the app (peer ranges the repository's own versions satisfy)", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@cdktf/provider-aws", "cdktf", "constructs"]);
    for (const name of Object.keys(pkg.peerDependencies)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(satisfiesCaret(pkg.devDependencies[name], pkg.peerDependencies[name])).toBe(true);
    }
    expect(satisfiesCaret("21.22.1", pkg.peerDependencies["@cdktf/provider-aws"])).toBe(true);
    expect(satisfiesCaret("22.0.0", pkg.peerDependencies["@cdktf/provider-aws"])).toBe(false);
    expect(satisfiesCaret("10.8.1", pkg.peerDependencies.constructs)).toBe(true);
    expect(satisfiesCaret("0.20.12", pkg.peerDependencies.cdktf)).toBe(false);
  });

  it("brings nothing AGPL/GPL at run time: every production package and peer has an allowed license", () => {
    const runtime = Object.entries(lock.packages).filter(([k, v]) => k !== "" && !v.dev);
    const peers = Object.keys(pkg.peerDependencies).map((n) => [`node_modules/${n}`, lock.packages[`node_modules/${n}`]!] as const);
    const bad = [...runtime, ...peers].filter(([, v]) => !ALLOWED.test(v.license ?? "")).map(([k, v]) => `${k}: ${v.license ?? "no license"}`);
    expect(bad).toEqual([]);
    expect(runtime.length).toBeGreaterThan(5);
    // The AGPL evaluator is a test tool only.
    expect(lock.packages["node_modules/@cloud-copilot/iam-simulate"]?.dev).toBe(true);
    expect(pkg.dependencies["@cloud-copilot/iam-simulate"]).toBeUndefined();
  });

  it("imports nothing at run time that is not a dependency or a peer", () => {
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (path.relative(path.join(ROOT, "modules"), p) !== "app") walk(p);
        } else if (e.name.endsWith(".ts")) files.push(p);
      }
    };
    walk(path.join(ROOT, "modules"));
    const missing = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^".][^"]*)"|require\("([^".][^"]*)"\)/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith("node:") || ["fs", "path", "os", "crypto", "child_process", "util"].includes(spec)) continue;
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        if (!declared.has(name)) missing.add(`${name} (${path.relative(ROOT, f)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
