/**
 * The pull-request workflow cannot run here. These tests check its shape and run the very
 * commands it calls: its shell steps under bash (in a throw-away repository with a base branch),
 * and its comment script against a fake GitHub API.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../../modules/review";
import { synthToDir, tempDir } from "../support/terraform";
import { buildHead } from "../fixtures/review/apps";
import { PLAN_FIXTURE, PLAN_STACK } from "../fixtures/review/plan-fixture";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOW = path.join(ROOT, ".github/workflows/iam-review.yml");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  id?: string;
}
const workflow = parse(fs.readFileSync(WORKFLOW, "utf8")) as { on: Record<string, unknown>; permissions: Record<string, string>; env: Record<string, string>; jobs: { review: { steps: Step[] } } };
const steps = workflow.jobs.review.steps;
const step = (name: string): Step => {
  const s = steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step "${name}"`);
  return s;
};

function bash(script: string, env: Record<string, string>, cwd: string): { status: number | null; outputs: Record<string, string>; stdout: string; stderr: string } {
  const outFile = path.join(tempDir("gh-output-"), "out");
  fs.writeFileSync(outFile, "");
  const r = spawnSync("bash", ["-e", "-c", script], { cwd, encoding: "utf8", env: { ...process.env, ...env, GITHUB_OUTPUT: outFile } });
  const outputs = Object.fromEntries(
    fs.readFileSync(outFile, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { status: r.status, outputs, stdout: r.stdout, stderr: r.stderr };
}

describe("pull-request workflow: shape", () => {
  it("runs on pull requests, may write PR comments, and installs, tests, synthesizes, plans, reviews and comments in order", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions["pull-requests"]).toBe("write");
    expect(workflow.permissions.contents).toBe("read");
    const order = ["Install", "Test", "Detect credentials", "Synthesize", "Plan", "Review", "Post or update the review comment", "Keep the full report", "Gate on risk flags"];
    const names = steps.map((s) => s.name);
    for (const n of order) expect(names).toContain(n);
    expect(order.map((n) => names.indexOf(n))).toEqual([...order.map((n) => names.indexOf(n))].sort((a, b) => a - b));
    expect(steps[0].uses).toMatch(/^actions\/checkout@/);
    expect(steps[0].with?.["fetch-depth"]).toBe(0); // the base branch must be there for --base origin/<base>
    expect(step("Install").run).toBe("npm ci");
    expect(step("Test").run).toBe("npm test");
  });

  it("calls only npm scripts that exist", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const called = steps.flatMap((s) => [...(s.run ?? "").matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
    expect(new Set(called)).toEqual(new Set(["synth", "plan", "review"]));
    for (const c of called) expect(scripts[c]).toBeDefined();
  });

  it("never uses secrets in `if:` conditions (GitHub rejects that) and never echoes them", () => {
    for (const s of steps) {
      expect(s.if ?? "").not.toMatch(/secrets\./);
      expect(s.run ?? "").not.toMatch(/secrets\./);
    }
  });

  it("chooses real or offline planning from the credentials present", () => {
    const detect = step("Detect credentials").run!;
    const run = (env: Record<string, string>) => bash(detect, env, ROOT).outputs;
    expect(run({ HAS_ROLE: "true", HAS_KEYS: "false" })).toEqual({ auth: "role", mode: "real" });
    expect(run({ HAS_ROLE: "false", HAS_KEYS: "true" })).toEqual({ auth: "keys", mode: "real" });
    expect(run({ HAS_ROLE: "false", HAS_KEYS: "false" })).toEqual({ auth: "none", mode: "offline" });
  });
});

describe("pull-request workflow: the review step, run for real", () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });

  beforeAll(() => {
    // A repository whose base branch (origin/main) builds the fixture's base, with a package.json whose
    // `review` script is this project's; the pull request's synthesized head is in cdktf.out.
    repo = tempDir("review-wf-");
    git("init", "-q", "-b", "work");
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ncdktf.out\nreview-out\n");
    fs.writeFileSync(
      path.join(repo, "package.json"),
      JSON.stringify({ name: "wf", private: true, scripts: { review: `node ${path.join(ROOT, "scripts/run.js")} ${path.join(ROOT, "scripts/review.ts")}` } }),
    );
    const app = (b: string) =>
      `import { App } from ${JSON.stringify(path.join(ROOT, "modules/internal/cdktf"))};\nimport { ${b} } from ${JSON.stringify(path.join(ROOT, "__tests__/fixtures/review/apps"))};\nconst app = new App();\n${b}(app);\napp.synth();\n`;
    fs.writeFileSync(path.join(repo, "main.ts"), app("buildBase"));
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    fs.writeFileSync(path.join(repo, "main.ts"), app("buildHead"));
    const head = synthToDir(buildHead);
    fs.cpSync(head.outdir, path.join(repo, "cdktf.out"), { recursive: true });
  });

  it("offline: compares with origin/<base>, writes the report, and records the gate without failing the step", () => {
    const r = bash(step("Review").run!, { MODE: "offline", BASE_REF: "main", FAIL_ON: "high", REPORT_DIR: "review-out" }, repo);
    expect(r.stderr).toMatch(/gate --fail-on high \(new flags\): FAILED/);
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({ status: "2" });
    const md = fs.readFileSync(path.join(repo, "review-out/review.md"), "utf8");
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md).toMatch(/Compared with: git ref `origin\/main` \([0-9a-f]{12}\), synthesized/);
    expect(bash(step("Review").run!, { MODE: "offline", BASE_REF: "main", FAIL_ON: "none", REPORT_DIR: "review-out" }, repo).outputs).toEqual({ status: "0" });
  });

  it("real: reviews the saved plans beside the stacks", () => {
    const out = path.join(repo, "cdktf.out");
    fs.rmSync(out, { recursive: true });
    fs.mkdirSync(path.join(out, "stacks", PLAN_STACK), { recursive: true });
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks: { [PLAN_STACK]: { synthesizedStackPath: `stacks/${PLAN_STACK}/cdk.tf.json` } } }));
    fs.writeFileSync(path.join(out, "stacks", PLAN_STACK, "cdk.tf.json"), "{}");
    fs.copyFileSync(PLAN_FIXTURE, path.join(out, "stacks", PLAN_STACK, "plan.json"));
    const r = bash(step("Review").run!, { MODE: "real", BASE_REF: "main", FAIL_ON: "critical", REPORT_DIR: "review-out" }, repo);
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({ status: "0" }); // replacements are high: below critical
    expect(fs.readFileSync(path.join(repo, "review-out/review.md"), "utf8")).toContain("replace (delete, then create) because `name` changed");
  });

  it("fails the step on a review error (exit 1), so no stale report is posted", () => {
    const r = bash(step("Review").run!, { MODE: "offline", BASE_REF: "no-such-branch", FAIL_ON: "high", REPORT_DIR: "review-out-2" }, repo);
    expect(r.status).toBe(1);
    expect(r.outputs).toEqual({ status: "1" });
    expect(r.stderr).toMatch(/Git ref "origin\/no-such-branch" not found/);
  });
});

describe("pull-request workflow: the comment script", () => {
  // actions/github-script runs the script as the body of an async function with these arguments.
  const script = step("Post or update the review comment").with!.script as string;
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  const run = new AsyncFunction("github", "context", "core", "require", script);

  function fakeGitHub(existing: { id: number; body: string; user: { type: string } }[]) {
    const calls: { op: string; args: Record<string, unknown> }[] = [];
    const github = {
      paginate: async (fn: (a: unknown) => Promise<{ data: unknown[] }>, args: unknown) => (await fn(args)).data,
      rest: {
        issues: {
          listComments: async (args: unknown) => (calls.push({ op: "list", args: args as Record<string, unknown> }), { data: existing }),
          updateComment: async (args: Record<string, unknown>) => (calls.push({ op: "update", args }), { data: { id: args.comment_id } }),
          createComment: async (args: Record<string, unknown>) => (calls.push({ op: "create", args }), { data: { id: 99 } }),
        },
      },
    };
    return { github, calls };
  }
  const context = { repo: { owner: "acme", repo: "iam" }, issue: { number: 7 }, serverUrl: "https://github.com", runId: 123 };
  const core = { info: () => undefined };

  function withReport(body: string, fn: () => Promise<void>): Promise<void> {
    const dir = tempDir("wf-report-");
    fs.writeFileSync(path.join(dir, "review.md"), body);
    const before = process.env.REPORT_DIR;
    process.env.REPORT_DIR = dir;
    return fn().finally(() => {
      process.env.REPORT_DIR = before;
    });
  }

  it("creates the comment the first time, then updates that one comment", async () => {
    const body = `${COMMENT_MARKER}\n# IAM review\n`;
    await withReport(body, async () => {
      const first = fakeGitHub([{ id: 1, body: `${COMMENT_MARKER} quoted by a human`, user: { type: "User" } }]);
      await run(first.github, context, core, require);
      expect(first.calls.map((c) => c.op)).toEqual(["list", "create"]);
      expect(first.calls[1].args).toEqual({ owner: "acme", repo: "iam", issue_number: 7, body });
      const second = fakeGitHub([{ id: 42, body: "old review " + COMMENT_MARKER, user: { type: "Bot" } }]);
      await run(second.github, context, core, require);
      expect(second.calls.map((c) => c.op)).toEqual(["list", "update"]);
      expect(second.calls[1].args).toMatchObject({ comment_id: 42, body });
    });
  });

  it("keeps a long review under GitHub's comment limit and points to the artifact", async () => {
    await withReport(`${COMMENT_MARKER}\n${"x".repeat(70000)}`, async () => {
      const gh = fakeGitHub([]);
      await run(gh.github, context, core, require);
      const posted = gh.calls[1].args.body as string;
      expect(posted.length).toBeLessThan(65536);
      expect(posted.startsWith(COMMENT_MARKER)).toBe(true);
      expect(posted).toContain("the full report is in the `iam-review` artifact of [this run](https://github.com/acme/iam/actions/runs/123)");
    });
  });
});
