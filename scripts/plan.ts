/**
 * npm run plan [-- --offline] [--no-synth] [--stack NAME] [--outdir DIR]
 *
 * Synthesizes the app, then for every stack: terraform init (providers from
 * IAM_TF_PROVIDER_MIRROR when set), validate, plan -out=plan.out and
 * show -json > plan.json, both beside the stack's cdk.tf.json.
 *
 * --offline (or IAM_OFFLINE=1): no AWS at all. Terraform runs with dummy credentials,
 * and an override file written for the run only (removed afterwards) gives the
 * provider its skip flags and swaps a remote backend for a local state: the
 * synthesized stack folder stays what `cdktf deploy` or Terraform Cloud would use.
 * Off by default: a real plan reads the real state with your credentials.
 *
 * Errors (a config file with problems, an unknown stack, a failed Terraform run)
 * are printed as messages on stderr; the exit status is 1.
 */
import * as path from "node:path";
import { initValidatePlan, MIRROR_ENV } from "./lib/terraform";
import { readManifest, SynthesisError, synthesize } from "./lib/synth";

interface Args {
  offline: boolean;
  synth: boolean;
  stacks: string[];
  outdir: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { offline: /^(1|true|yes)$/i.test(process.env.IAM_OFFLINE ?? ""), synth: true, stacks: [], outdir: "cdktf.out" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--offline") args.offline = true;
    else if (a === "--no-synth") args.synth = false;
    else if (a === "--stack") args.stacks.push(argv[++i] ?? "");
    else if (a === "--outdir") args.outdir = argv[++i] ?? "cdktf.out";
    else if (a === "--help" || a === "-h") {
      process.stdout.write("usage: npm run plan -- [--offline] [--no-synth] [--stack NAME]... [--outdir DIR]\n");
      process.exit(0);
    } else {
      process.stderr.write(`Unknown argument ${a}. Fix: see npm run plan -- --help\n`);
      process.exit(2);
    }
  }
  return args;
}

function summarize(plan: { resource_changes?: Array<{ change?: { actions?: string[] } }> }): string {
  const counts: Record<string, number> = {};
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change?.actions ?? [];
    const key = actions.length === 2 ? "replace" : (actions[0] ?? "no-op");
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return ["create", "update", "replace", "delete"].map((k) => `${counts[k] ?? 0} to ${k}`).join(", ");
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, "..");
  const started = Date.now();
  // The synthesized stacks are the ones `cdktf deploy` would use: offline settings never go into them
  // (IAM_OFFLINE only chooses how this run plans), they go into the run's override file.
  const stacks = args.synth ? synthesize({ root, outdir: args.outdir, env: { IAM_OFFLINE: "" } }) : readManifest(path.resolve(root, args.outdir));
  const chosen = args.stacks.length ? stacks.filter((s) => args.stacks.includes(s.name)) : stacks;
  const unknown = args.stacks.filter((n) => !stacks.some((s) => s.name === n));
  if (unknown.length) throw new UsageError(`Unknown stack(s): ${unknown.join(", ")}. Fix: name one of the app's stacks with --stack: ${stacks.map((s) => s.name).join(", ")}.`);
  process.stdout.write(`Planning ${chosen.length} stack(s)${args.offline ? " offline" : ""}${process.env[MIRROR_ENV] ? ` with providers from ${MIRROR_ENV}` : ""}.\n`);
  let failed = 0;
  for (const stack of chosen) {
    try {
      const result = initValidatePlan(stack.dir, { offline: args.offline, workDir: path.join(path.resolve(root, args.outdir), ".terraform-shared") });
      process.stdout.write(`  ${stack.name}: valid; plan: ${summarize(result.plan)}; ${path.relative(root, result.planJsonFile)}\n`);
    } catch (e) {
      failed++;
      process.stderr.write(`  ${stack.name}: FAILED\n${(e as Error).message}\n`);
    }
  }
  process.stdout.write(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  if (failed) process.exit(1);
}

/** An error whose message is the whole story (no stack trace). */
class UsageError extends Error {}

try {
  main();
} catch (e) {
  // A config file with problems, a failed synth, an unknown stack: the message, not a stack trace of this script.
  const message = e instanceof UsageError || e instanceof SynthesisError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`${message.trimEnd()}\n`);
  process.exit(1);
}
