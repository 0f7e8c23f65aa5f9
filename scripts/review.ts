/**
 * `npm run review -- [options]`: the IAM review of the synthesized stacks, as Markdown and JSON.
 * Run `npm run review -- --help` for the options. Exit status: 0 passed, 1 usage or input error,
 * 2 a flag at or above `--fail-on` appeared.
 */
import * as fs from "fs";
import * as path from "path";
import { gate, isSeverity, readManifest, renderJson, renderMarkdown, renderStackMarkdown, reviewApp, ReviewError, SEVERITIES, type GateScope, type ReviewBase, type Severity } from "../modules/review";

const HELP = `Usage: npm run review -- [options]

Reviews the IAM changes of the synthesized stacks and writes a Markdown report per stack.

Input
  --out <dir>            synthesized app folder holding manifest.json (default: cdktf.out)
  --stack <name>         review only this stack (repeatable)

Base (what to compare with; default: nothing, every principal shows as created)
  --base <dir|ref|file>  a previous cdktf.out folder, a git ref, or a saved plan's JSON (told apart automatically)
  --base-dir <dir>       a previous cdktf.out folder
  --base-ref <ref>       a git ref, synthesized in a temporary git worktree
  --synth-command <cmd>  how to synthesize the git ref (default: the "app" of its cdktf.json, else "npx tsx main.ts")
  --plan [[stack=]file]  review saved plans (terraform show -json): without a value, plan.json beside each
                         stack (cdktf.out/stacks/<stack>/plan.json, written by npm run plan); repeatable.
                         A file without a stack name needs a single stack (--stack, or an app of one stack)

Output
  --format <md|json|none> what to print on stdout (default: md)
  --report-dir <dir>     where to write <stack>.md, review.md and review.json (default: <out>/review)
  --no-files             write no files
  --max-actions <n>      action names listed per line before "and N more" (default: 20)

Gate
  --fail-on <severity>   exit 2 when a flag at or above it appears: ${SEVERITIES.join(", ")}, or none (default: high)
  --fail-scope <new|all> count only flags the base does not have (new, default) or every flag (all)

Exit status: 0 passed, 1 usage or input error, 2 gate failed.
`;

interface Args {
  out: string;
  stacks: string[];
  base?: ReviewBase;
  planFiles: Record<string, string>;
  planDefault: boolean;
  format: "md" | "json" | "none";
  reportDir?: string;
  files: boolean;
  maxActions: number;
  failOn?: Severity;
  failScope: GateScope;
  synthCommand?: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | "help" {
  const a: Args = { out: "cdktf.out", stacks: [], planFiles: {}, planDefault: false, format: "md", files: true, maxActions: 20, failOn: "high", failScope: "new" };
  let baseText: string | undefined;
  let baseKind: "auto" | "dir" | "ref" | undefined;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--out":
        a.out = take();
        break;
      case "--stack":
        a.stacks.push(take());
        break;
      case "--base":
      case "--base-dir":
      case "--base-ref":
        if (baseText !== undefined) throw new UsageError("Give one base only (--base, --base-dir or --base-ref).");
        baseText = take();
        baseKind = flag === "--base" ? "auto" : flag === "--base-dir" ? "dir" : "ref";
        break;
      case "--synth-command":
        a.synthCommand = take();
        break;
      case "--plan": {
        const v = inline ?? (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[++i] : undefined);
        if (v === undefined) a.planDefault = true;
        else {
          const eq = v.indexOf("=");
          if (eq > 0) a.planFiles[v.slice(0, eq)] = v.slice(eq + 1);
          else a.planFiles[""] = v;
        }
        break;
      }
      case "--format": {
        const f = take();
        if (f !== "md" && f !== "json" && f !== "none") throw new UsageError(`--format must be md, json or none, not "${f}".`);
        a.format = f;
        break;
      }
      case "--report-dir":
        a.reportDir = take();
        break;
      case "--no-files":
        a.files = false;
        break;
      case "--max-actions": {
        const n = Number(take());
        if (!Number.isInteger(n) || n < 1) throw new UsageError("--max-actions must be a positive whole number.");
        a.maxActions = n;
        break;
      }
      case "--fail-on": {
        const s = take();
        if (s === "none") a.failOn = undefined;
        else if (isSeverity(s)) a.failOn = s;
        else throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")} or none, not "${s}".`);
        break;
      }
      case "--fail-scope": {
        const s = take();
        if (s !== "new" && s !== "all") throw new UsageError(`--fail-scope must be new or all, not "${s}".`);
        a.failScope = s;
        break;
      }
      default:
        throw new UsageError(`Unknown option "${arg}". Run with --help for the options.`);
    }
  }
  const planGiven = a.planDefault || Object.keys(a.planFiles).length > 0;
  if (planGiven && baseText !== undefined) throw new UsageError("--plan already carries the base (the prior state); drop --base.");
  if (a.synthCommand && baseKind !== "ref" && baseKind !== "auto") throw new UsageError("--synth-command only applies to a git ref base.");
  if (baseText !== undefined) {
    const stat = fs.existsSync(baseText) ? fs.statSync(baseText) : undefined;
    if (baseKind === "dir" || (baseKind === "auto" && stat?.isDirectory())) a.base = { kind: "out-dir", dir: baseText };
    else if (baseKind === "auto" && stat?.isFile()) {
      // A file given as the base is the JSON of a saved plan.
      if (a.synthCommand) throw new UsageError("--synth-command only applies to a git ref base.");
      a.planFiles[""] = baseText;
      a.base = { kind: "plan", files: {} };
    } else a.base = { kind: "git-ref", ref: baseText, synthCommand: a.synthCommand };
  }
  if (planGiven) a.base = { kind: "plan", files: {} };
  return a;
}

/** Resolves `--plan <file>` (no stack name) to the one stack it can belong to. */
function planFiles(a: Args): Record<string, string> {
  const files = { ...a.planFiles };
  const unnamed = files[""];
  delete files[""];
  if (unnamed === undefined) return files;
  let stack = a.stacks.length === 1 ? a.stacks[0] : undefined;
  if (!stack && a.stacks.length === 0) {
    const all = [...readManifest(a.out).keys()];
    if (all.length === 1) stack = all[0];
  }
  if (!stack) throw new UsageError("A plan file without a stack name needs exactly one stack: add --stack <name>, or write --plan <stack>=<file>.");
  files[stack] = unnamed;
  return files;
}

function main(argv: string[]): number {
  let args: Args | "help";
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`review: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (args === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  let report;
  try {
    const base: ReviewBase | undefined = args.base?.kind === "plan" ? { kind: "plan", files: planFiles(args) } : args.base;
    report = reviewApp({ outDir: args.out, base, stacks: args.stacks.length ? args.stacks : undefined });
  } catch (e) {
    if (e instanceof ReviewError || e instanceof UsageError) {
      process.stderr.write(`review: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const verdict = args.failOn ? gate(report, args.failOn, args.failScope) : { failed: false, blocking: [] };
  const mdOptions = { maxActions: args.maxActions, failOn: args.failOn, failed: verdict.failed, failScope: args.failScope };
  const markdown = renderMarkdown(report.stacks, mdOptions);
  const json = renderJson(report);
  if (args.files) {
    const dir = path.resolve(args.reportDir ?? path.join(args.out, "review"));
    fs.mkdirSync(dir, { recursive: true });
    for (const s of report.stacks) fs.writeFileSync(path.join(dir, `${s.stack}.md`), `${renderStackMarkdown(s, { maxActions: args.maxActions, headingLevel: 1 })}\n`);
    fs.writeFileSync(path.join(dir, "review.md"), `${markdown}\n`);
    fs.writeFileSync(path.join(dir, "review.json"), `${json}\n`);
    process.stderr.write(`review: wrote ${report.stacks.length} stack report(s), review.md and review.json to ${path.relative(process.cwd(), dir) || "."}\n`);
  }
  if (args.format === "md") process.stdout.write(`${markdown}\n`);
  else if (args.format === "json") process.stdout.write(`${json}\n`);
  const counts = report.stacks.flatMap((s) => s.flags).reduce<Record<string, number>>((m, f) => ((m[f.severity] = (m[f.severity] ?? 0) + 1), m), {});
  const summary = [...SEVERITIES].reverse().filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(", ") || "no flags";
  if (args.failOn) {
    process.stderr.write(
      `review: ${summary}; gate --fail-on ${args.failOn} (${args.failScope} flags): ${verdict.failed ? `FAILED by ${verdict.blocking.length} flag(s)` : "passed"}\n`,
    );
  } else process.stderr.write(`review: ${summary}; no gate\n`);
  return verdict.failed ? 2 : 0;
}

process.exitCode = main(process.argv.slice(2));
