/**
 * Synthesizes an app the way `cdktf synth` does (same environment variables:
 * CDKTF_OUTDIR, CDKTF_CONTEXT_JSON), without the CLI's start-up cost.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** One stack of a synthesized app, from its manifest. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute folder holding cdk.tf.json. */
  readonly dir: string;
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /** The app's entry file. Default `main.ts`. */
  readonly app?: string;
  /** Output folder. Default `cdktf.out`. */
  readonly outdir?: string;
  /** Extra environment (e.g. IAM_OFFLINE=1). */
  readonly env?: NodeJS.ProcessEnv;
  /** cdktf context values. */
  readonly context?: Record<string, string>;
  /** Project root (where scripts/run.js is). Default: two folders above this file. */
  readonly root?: string;
}

/** Runs the app and returns its stacks. Throws with the app's output when it fails. */
export function synthesize(options: SynthesizeOptions = {}): SynthesizedStack[] {
  const root = options.root ?? path.resolve(__dirname, "..", "..");
  const outdir = path.resolve(root, options.outdir ?? "cdktf.out");
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, CDKTF_OUTDIR: outdir };
  if (options.context) env.CDKTF_CONTEXT_JSON = JSON.stringify(options.context);
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "run.js"), options.app ?? "main.ts"], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`Synthesis failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return readManifest(outdir);
}

/** The stacks listed in a synthesized output folder's manifest.json. */
export function readManifest(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} not found. Fix: synthesize first (npm run synth).`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { name: string; workingDirectory: string }> };
  return Object.values(manifest.stacks)
    .map((s) => ({ name: s.name, dir: path.resolve(outdir, s.workingDirectory) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
