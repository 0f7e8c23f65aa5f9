/**
 * Which compiler type-checks this repository (`npm test`, `npm run typecheck`).
 *
 * TypeScript 7 (the native compiler, dev dependency `typescript-7`, an npm alias of `typescript@7.0.2`) checks the
 * whole repository in about 1 s of wall time and 2 s of CPU on the 2-core CI machine; TypeScript 5.9 (`tsc` of the
 * `typescript` dev dependency) took 6 s of wall time and 9 s of CPU for the same check and the same errors. The
 * package build (`scripts/build.js`), ts-node and the consumer test keep TypeScript 5.9, the version users compile
 * the package with; `tsconfig.json` (`module`/`moduleResolution`: `nodenext`) is valid for both, and the build
 * type-checks `modules/` again with 5.9.
 *
 * TypeScript 7 runs a platform binary from an optional dependency (`@typescript/typescript-<platform>-<arch>`).
 * Where none was installed (a platform TypeScript 7 has no binary for, or an install with `--omit=optional`), the
 * check falls back to TypeScript 5.9 and says so: slower, the same rules.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/**
 * The type-check command for a repository root.
 * @param {string} root the repository root (where node_modules is)
 * @param {{ platform?: string, arch?: string }} [host] the platform to look up (default: this process's)
 * @returns {{ command: string, args: string[], compiler: string, note?: string } | undefined}
 *   `command`/`args` run `tsc --noEmit -p <root>`; `compiler` names it ("TypeScript 7.0.2"); `note` says why it is
 *   not TypeScript 7; undefined when neither compiler is installed (run `npm ci`).
 */
function typeCheckCommand(root, host = {}) {
  const platform = host.platform ?? process.platform;
  const arch = host.arch ?? process.arch;
  const args = ["--noEmit", "-p", root];
  const native = packageDir("typescript-7", root);
  let note;
  if (native) {
    const binary = packageDir(`@typescript/typescript-${platform}-${arch}`, native);
    if (binary && fs.existsSync(path.join(binary, "lib", platform === "win32" ? "tsc.exe" : "tsc"))) {
      return { command: process.execPath, args: [path.join(native, "bin", "tsc"), ...args], compiler: `TypeScript ${version(native)}` };
    }
    note = `TypeScript 7 has no compiler binary installed for ${platform}-${arch} (@typescript/typescript-${platform}-${arch}): type-checking with TypeScript 5.9 instead (slower, the same rules)`;
  } else {
    note = "the typescript-7 dev dependency is not installed: type-checking with TypeScript 5.9 instead (slower, the same rules); `npm ci` installs it";
  }
  const classic = packageDir("typescript", root);
  if (!classic) return undefined;
  return { command: process.execPath, args: [path.join(classic, "bin", "tsc"), ...args], compiler: `TypeScript ${version(classic)}`, note };
}

/** The folder of an installed package, resolved from `from`; undefined when it is not installed. */
function packageDir(name, from) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
  } catch {
    return undefined;
  }
}

function version(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

module.exports = { typeCheckCommand };
