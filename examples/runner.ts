/**
 * The runner of the examples: `node scripts/run.js examples/<n>-<name>/main.ts` synthesizes one example into
 * cdktf.out (or CDKTF_OUTDIR). IAM_OFFLINE=1 builds it for an offline plan (`npm run plan -- --no-synth --offline`).
 */
import * as path from "node:path";
import { App } from "../modules/internal/cdktf";
import type { Construct } from "../modules/internal/cdktf";

/** Options every example's `build` takes. */
export interface ExampleOptions {
  /** Build for an offline plan (provider skip flags). Default: false. */
  readonly offline?: boolean;
}

/** Synthesizes `build` when `file` is the script being run (not when a test imports it). */
export function runExample(file: string, build: (app: Construct, options: { offline: boolean }) => unknown): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== file) return;
  const app = new App();
  build(app, { offline: /^(1|true|yes)$/i.test(process.env.IAM_OFFLINE ?? "") });
  app.synth();
}
