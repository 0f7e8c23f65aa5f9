/**
 * Reviewing a synthesized app: read `cdktf.out`, pick a base (none, a previous `cdktf.out`, a git
 * ref synthesized in a temporary worktree, or saved plans), review every stack, and decide the
 * exit status from the flags.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultCatalog, type ReviewCatalog } from "./catalog";
import type { Flag } from "./flags";
import { reviewStack, type StackReview } from "./report";
import { redact } from "./redact";
import { compareSeverity, maxSeverity, type Severity } from "./severity";
import { isPlanJson, snapshotFromConfig, snapshotsFromPlan, type PlanJson, type StackSnapshot } from "./snapshot";

/** What to compare the synthesized stacks with. */
export type ReviewBase =
  /** Nothing: every principal shows as created. */
  | { readonly kind: "none" }
  /** A previous synthesis output folder (holding `manifest.json`). */
  | { readonly kind: "out-dir"; readonly dir: string }
  /** A git ref of the repository, synthesized in a temporary worktree. */
  | { readonly kind: "git-ref"; readonly ref: string; readonly repoDir?: string; readonly synthCommand?: string }
  /**
   * Saved plans (`terraform show -json`): by default `plan.json` beside each stack
   * (`cdktf.out/stacks/<stack>/plan.json`, as written by `npm run plan`); `files` maps stack names to other files.
   */
  | { readonly kind: "plan"; readonly files?: Readonly<Record<string, string>> };

/** Options of {@link reviewApp}. */
export interface ReviewAppOptions {
  /** The synthesis output folder holding `manifest.json`. Default `cdktf.out` in the working directory. */
  readonly outDir?: string;
  /** The base to compare with. Default `{ kind: "none" }`. */
  readonly base?: ReviewBase;
  /** Only these stacks. Default: every stack of the manifest (and of the base). */
  readonly stacks?: readonly string[];
  /** The action catalog. Default: `modules/catalog`. */
  readonly catalog?: ReviewCatalog;
}

/** The review of a whole app: the JSON form of the report. */
export interface ReviewReport {
  /** Format version of this JSON. */
  readonly version: 1;
  /** What the stacks were compared with. */
  readonly base: string;
  readonly stacks: readonly StackReview[];
  /** Highest severity over all stacks. */
  readonly maxSeverity?: Severity;
}

/** Raised for a review that cannot be made (missing folder, unknown stack, failed synthesis); the message says how to fix it. */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewError";
  }
}

function readJson(file: string, what: string): unknown {
  if (!fs.existsSync(file)) throw new ReviewError(`${what} not found: ${file}`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ReviewError(`${what} is not valid JSON: ${file} (${(e as Error).message})`);
  }
}

/** Stack names and their `cdk.tf.json` paths, from a synthesis output folder's `manifest.json`. */
export function readManifest(outDir: string): Map<string, string> {
  const manifestFile = path.join(outDir, "manifest.json");
  if (!fs.existsSync(manifestFile)) {
    throw new ReviewError(`No synthesized app in ${outDir}: manifest.json is missing. Run \`npx cdktf synth\` (or \`npm run synth\`) first, or pass --out <folder>.`);
  }
  const manifest = readJson(manifestFile, "manifest") as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const out = new Map<string, string>();
  for (const [name, s] of Object.entries(manifest.stacks ?? {})) {
    out.set(name, path.join(outDir, s.synthesizedStackPath ?? path.join("stacks", name, "cdk.tf.json")));
  }
  return out;
}

function loadConfigSnapshots(outDir: string): Map<string, StackSnapshot> {
  const out = new Map<string, StackSnapshot>();
  for (const [name, file] of readManifest(outDir)) out.set(name, snapshotFromConfig(name, readJson(file, `Stack "${name}" (cdk.tf.json)`)));
  return out;
}

function emptySnapshot(stack: string, source: StackSnapshot["source"]): StackSnapshot {
  return { stack, source, resources: new Map(), outputs: [] };
}

/** Reviews every stack of a synthesized app against a base. */
export function reviewApp(options: ReviewAppOptions = {}): ReviewReport {
  const outDir = path.resolve(options.outDir ?? "cdktf.out");
  const base = options.base ?? { kind: "none" };
  const catalog = options.catalog ?? defaultCatalog();
  const head = loadConfigSnapshots(outDir);
  const wanted = (name: string): boolean => !options.stacks || options.stacks.includes(name);
  for (const s of options.stacks ?? []) {
    if (!head.has(s) && base.kind !== "out-dir" && base.kind !== "git-ref") throw new ReviewError(`Unknown stack "${s}". Stacks in ${outDir}: ${[...head.keys()].join(", ") || "(none)"}.`);
  }
  const reviews: StackReview[] = [];
  let baseLabel: string;

  if (base.kind === "plan") {
    baseLabel = "the prior state recorded in each stack's saved plan";
    for (const [name, file] of readManifest(outDir)) {
      if (!wanted(name)) continue;
      const planFile = base.files?.[name] ?? path.join(path.dirname(file), "plan.json");
      // The plan `npm run plan` writes beside the stack must be newer than the stack; a file named explicitly is the caller's choice.
      if (!base.files?.[name]) refuseStalePlan(planFile, file, name);
      const plan = readJson(planFile, `Saved plan of stack "${name}"`);
      if (!isPlanJson(plan)) throw new ReviewError(`${planFile} is not the JSON of a saved plan; write it with \`terraform show -json plan.out > plan.json\`.`);
      const { before, after } = snapshotsFromPlan(name, plan);
      reviews.push(reviewStack(after, before, { catalog, baseLabel: `prior state (saved plan ${path.basename(planFile)})`, plan }));
    }
    for (const s of Object.keys(base.files ?? {})) if (!head.has(s)) throw new ReviewError(`A plan was given for stack "${s}", which is not in ${outDir}.`);
  } else {
    let baseStacks: Map<string, StackSnapshot> | undefined;
    let cleanup: (() => void) | undefined;
    if (base.kind === "none") baseLabel = "nothing (no base given: every principal shows as created)";
    else if (base.kind === "out-dir") {
      baseLabel = `synthesized output ${code(path.relative(process.cwd(), path.resolve(base.dir)) || ".")}`;
      baseStacks = loadConfigSnapshots(path.resolve(base.dir));
    } else {
      const synth = synthesizeGitRef(base.ref, { repoDir: base.repoDir, synthCommand: base.synthCommand });
      cleanup = synth.cleanup;
      baseLabel = `git ref ${code(base.ref)} (${synth.commit.slice(0, 12)}), synthesized`;
      try {
        baseStacks = loadConfigSnapshots(synth.outDir);
      } catch (e) {
        synth.cleanup();
        throw e;
      }
    }
    try {
      const names = [...new Set([...head.keys(), ...(baseStacks?.keys() ?? [])])].filter(wanted).sort();
      for (const s of options.stacks ?? []) if (!names.includes(s)) throw new ReviewError(`Unknown stack "${s}" (neither in the head nor in the base).`);
      for (const name of names) {
        const h = head.get(name) ?? emptySnapshot(name, "config");
        const b = baseStacks ? (baseStacks.get(name) ?? emptySnapshot(name, "config")) : undefined;
        const label = !baseStacks ? baseLabel : !baseStacks.has(name) ? `${baseLabel} — the stack is new` : !head.has(name) ? `${baseLabel} — the stack is removed` : baseLabel;
        reviews.push(reviewStack(h, b, { catalog, baseLabel: label }));
      }
    } finally {
      cleanup?.();
    }
  }
  return { version: 1, base: baseLabel, stacks: reviews, maxSeverity: maxSeverity(reviews.flatMap((r) => r.flags.map((f) => f.severity))) };
}

/**
 * A plan written before the stack was last synthesized describes another configuration: reviewing it would report
 * changes that are not the ones under review. Refuse it, and say how to refresh it.
 */
function refuseStalePlan(planFile: string, stackFile: string, stack: string): void {
  if (!fs.existsSync(planFile) || !fs.existsSync(stackFile)) return; // readJson reports a missing file
  const plan = fs.statSync(planFile).mtimeMs;
  const synth = fs.statSync(stackFile).mtimeMs;
  if (plan + 1 < synth) {
    const age = Math.round((synth - plan) / 1000);
    throw new ReviewError(
      `The saved plan ${planFile} is older than stack "${stack}" (${stackFile} was synthesized ${age} s later): it describes another configuration. ` +
        `Run \`npm run plan\` (or \`terraform plan -out plan.out && terraform show -json plan.out > plan.json\` in the stack folder) again, then rerun the review.`,
    );
  }
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/** Reviews one saved plan (`terraform show -json`), without a synthesized folder. */
export function reviewPlan(stack: string, plan: unknown, catalog: ReviewCatalog = defaultCatalog()): StackReview {
  if (!isPlanJson(plan)) throw new ReviewError(`The JSON given for stack "${stack}" is not a saved plan (no format_version / resource_changes).`);
  const { before, after } = snapshotsFromPlan(stack, plan as PlanJson);
  return reviewStack(after, before, { catalog, baseLabel: "prior state (saved plan)", plan: plan as PlanJson });
}

/** Which flags fail the gate: all of them, or only the ones the base does not have. */
export type GateScope = "new" | "all";

/** The exit decision: failed when a flag at or above `failOn` (in `scope`) appears. */
export function gate(report: Pick<ReviewReport, "stacks">, failOn: Severity, scope: GateScope = "new"): { failed: boolean; blocking: Flag[] } {
  const blocking = report.stacks.flatMap((s) => s.flags).filter((f) => compareSeverity(f.severity, failOn) >= 0 && (scope === "all" || f.isNew));
  return { failed: blocking.length > 0, blocking };
}

/** The JSON text of a report, with the same redaction pass as the Markdown. */
export function renderJson(report: ReviewReport): string {
  return redact(JSON.stringify(report, null, 2));
}

/** Options of {@link synthesizeGitRef}. */
export interface SynthesizeGitRefOptions {
  /** The repository (any folder inside it). Default: the working directory. */
  readonly repoDir?: string;
  /**
   * Shell command that synthesizes the app, run in the worktree with `CDKTF_OUTDIR` set. Default: the `app`
   * command of the worktree's `cdktf.json`, or `npx tsx main.ts` when there is none.
   */
  readonly synthCommand?: string;
}

/**
 * Checks `ref` out in a temporary `git worktree` (sharing this checkout's `node_modules` through a symlink),
 * synthesizes it there, and returns the output folder. Call `cleanup()` when done: it removes the worktree.
 */
export function synthesizeGitRef(ref: string, options: SynthesizeGitRefOptions = {}): { outDir: string; commit: string; cleanup: () => void } {
  const repoDir = path.resolve(options.repoDir ?? process.cwd());
  const git = (...args: string[]): string => {
    try {
      return execFileSync("git", ["-C", repoDir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new ReviewError(`git ${args.join(" ")} failed: ${(err.stderr || err.message).trim()}`);
    }
  };
  const top = git("rev-parse", "--show-toplevel");
  let commit: string;
  try {
    commit = git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  } catch {
    const remote = /^([^/]+)\/(.+)$/.exec(ref);
    const fetch = remote ? `git fetch ${remote[1]} ${remote[2]}` : `git fetch origin ${ref}`;
    throw new ReviewError(`Git ref "${ref}" not found in ${top}. Fetch it first (for example \`${fetch}\`, or actions/checkout with fetch-depth: 0).`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iam-review-base-"));
  const work = path.join(tmp, "worktree");
  git("worktree", "add", "--detach", work, commit);
  const cleanup = (): void => {
    try {
      git("worktree", "remove", "--force", work);
    } catch {
      /* already gone */
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
      git("worktree", "prune");
    } catch {
      /* nothing to prune */
    }
  };
  try {
    const nm = path.join(top, "node_modules");
    if (fs.existsSync(nm) && !fs.existsSync(path.join(work, "node_modules"))) fs.symlinkSync(nm, path.join(work, "node_modules"), "dir");
    const outDir = path.join(tmp, "cdktf.out");
    let command = options.synthCommand;
    if (!command && !fs.existsSync(path.join(work, "cdktf.json")) && !fs.existsSync(path.join(work, "main.ts"))) {
      // The ref predates the app (for example the pull request that adds it): the base is empty.
      fs.mkdirSync(outDir);
      fs.writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify({ stacks: {} }));
      return { outDir, commit, cleanup };
    }
    if (!command) {
      const cdktfJson = path.join(work, "cdktf.json");
      const app = fs.existsSync(cdktfJson) ? (JSON.parse(fs.readFileSync(cdktfJson, "utf8")) as { app?: string }).app : undefined;
      command = app ?? "npx tsx main.ts";
    }
    const r = spawnSync(command, { cwd: work, shell: true, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outDir, CHECKPOINT_DISABLE: "1" }, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      const tail = `${r.stderr ?? ""}${r.stdout ?? ""}`.trim().split("\n").slice(-15).join("\n");
      throw new ReviewError(`Synthesizing git ref "${ref}" with \`${command}\` failed (exit ${r.status ?? r.signal}):\n${redact(tail)}`);
    }
    if (!fs.existsSync(path.join(outDir, "manifest.json"))) {
      throw new ReviewError(`Synthesizing git ref "${ref}" with \`${command}\` wrote no manifest.json to CDKTF_OUTDIR; does the app create \`new App()\` without a fixed outdir?`);
    }
    return { outDir, commit, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
