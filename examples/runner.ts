/**
 * The runner of the examples: `node scripts/run.js examples/<n>-<name>/main.ts` synthesizes one example into
 * cdktf.out (or CDKTF_OUTDIR); `npm run plan -- --no-synth --offline` then plans it without AWS. IAM_OFFLINE=1 writes
 * the provider skip flags into the stack itself (for tests; the offline plan does not need them).
 */
import * as path from "node:path";
import { ValidationError } from "../modules/core/errors";
import { App } from "../modules/internal/cdktf";
import type { Construct } from "../modules/internal/cdktf";

/** Options every example's `build` takes. */
export interface ExampleOptions {
  /** Build for an offline plan (provider skip flags). Default: false. */
  readonly offline?: boolean;
}

/**
 * Synthesizes `build` when `file` is the script being run (not when a test imports it). A ValidationError (bad
 * settings, or a check of the library) is printed as its message on stderr, exit status 1, nothing written.
 */
export function runExample(file: string, build: (app: Construct, options: { offline: boolean }) => unknown): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== file) return;
  try {
    const app = new App();
    build(app, { offline: /^(1|true|yes)$/i.test(process.env.IAM_OFFLINE ?? "") });
    app.synth();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
