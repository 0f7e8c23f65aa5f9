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
  /** cdktf context values. Default: the "context" of the project's cdktf.json, as `cdktf synth` passes it. */
  readonly context?: Record<string, unknown>;
  /** Project root (where scripts/run.js is). Default: two folders above this file. */
  readonly root?: string;
}

/** The app failed to synthesize; the message is the app's own output (for a ValidationError, its message). */
export class SynthesisError extends Error {}

/** Runs the app and returns its stacks. Throws a {@link SynthesisError} with the app's output when it fails. */
export function synthesize(options: SynthesizeOptions = {}): SynthesizedStack[] {
  const root = options.root ?? path.resolve(__dirname, "..", "..");
  const outdir = path.resolve(root, options.outdir ?? "cdktf.out");
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, CDKTF_OUTDIR: outdir };
  const context = options.context ?? projectContext(root);
  if (context && Object.keys(context).length > 0) env.CDKTF_CONTEXT_JSON = JSON.stringify(context);
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "run.js"), options.app ?? "main.ts"], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new SynthesisError(`Synthesis failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return readManifest(outdir);
}

/** The "context" of a project's cdktf.json (what `cdktf synth` hands the app), or undefined. */
export function projectContext(root: string): Record<string, unknown> | undefined {
  const file = path.join(root, "cdktf.json");
  if (!fs.existsSync(file)) return undefined;
  let json: { context?: unknown };
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8")) as { context?: unknown };
  } catch (e) {
    throw new SynthesisError(`${file}: not valid JSON (${(e as Error).message}). Fix: correct the file; its "context" holds the app's settings.`);
  }
  const context = json.context;
  if (context === undefined || context === null) return undefined;
  if (typeof context !== "object" || Array.isArray(context)) throw new SynthesisError(`${file}: "context" must be an object of settings, for example { "region": "us-east-1" }.`);
  return context as Record<string, unknown>;
}

/** The stacks listed in a synthesized output folder's manifest.json. */
export function readManifest(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new SynthesisError(`${manifestFile} not found. Fix: synthesize first (npm run synth).`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { name: string; workingDirectory: string }> };
  return Object.values(manifest.stacks)
    .map((s) => ({ name: s.name, dir: path.resolve(outdir, s.workingDirectory) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
