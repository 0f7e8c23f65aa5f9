/**
 * npm run plan [-- --offline] [--no-synth] [--stack NAME] [--outdir DIR]
 *
 * Synthesizes the app, then for every stack: terraform init (providers from
 * IAM_TF_PROVIDER_MIRROR when set), validate, plan -out=plan.out and
 * show -json > plan.json, both beside the stack's cdk.tf.json.
 *
 * --offline (or IAM_OFFLINE=1): no AWS at all. The stack is synthesized with the
 * provider's skip flags, Terraform runs with dummy credentials, and a remote
 * backend is swapped for a local state for the run. Off by default: a real plan
 * reads the real state with your credentials.
 */
import * as path from "node:path";
import { initValidatePlan, MIRROR_ENV } from "./lib/terraform";
import { readManifest, synthesize } from "./lib/synth";

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
  const stacks = args.synth
    ? synthesize({ root, outdir: args.outdir, env: args.offline ? { IAM_OFFLINE: "1" } : {} })
    : readManifest(path.resolve(root, args.outdir));
  const chosen = args.stacks.length ? stacks.filter((s) => args.stacks.includes(s.name)) : stacks;
  const unknown = args.stacks.filter((n) => !stacks.some((s) => s.name === n));
  if (unknown.length) throw new Error(`Unknown stack(s): ${unknown.join(", ")}. Stacks: ${stacks.map((s) => s.name).join(", ")}.`);
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

main();
