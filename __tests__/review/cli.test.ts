/** The `review` command: options, files, output forms and exit status by severity. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { FAKE_KEY_ID, FAKE_SECRET } from "../fixtures/review/apps";
import { PLAN_FIXTURE, PLAN_STACK } from "../fixtures/review/plan-fixture";
import { tempDir } from "../support/terraform";
import { fixtureApps } from "./support";

const ROOT = path.resolve(__dirname, "../..");

function review(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/run.js"), path.join(ROOT, "scripts/review.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("review command", () => {
  it("writes a Markdown report per stack, review.md and review.json, and fails on a high flag", () => {
    const { base, head } = fixtureApps();
    const dir = tempDir("review-out-");
    const r = review("--out", head.outdir, "--base", base.outdir, "--report-dir", dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/gate --fail-on high \(new flags\): FAILED by 6 flag\(s\)/);
    expect(fs.readdirSync(dir).sort()).toEqual(["analytics.md", "legacy.md", "payments.md", "review.json", "review.md"]);
    const payments = fs.readFileSync(path.join(dir, "payments.md"), "utf8");
    expect(payments.startsWith("# Stack `payments`")).toBe(true);
    expect(r.stdout).toContain("<!-- iam-review -->");
    expect(r.stdout).toContain("Gate: fails on new flags at or above **high** — **FAILED**.");
    for (const s of ["analytics", "legacy", "payments"]) expect(r.stdout).toContain(`## Stack \`${s}\``);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "review.json"), "utf8"));
    expect(json.stacks.map((s: { stack: string }) => s.stack)).toEqual(["analytics", "legacy", "payments"]);
    for (const text of [r.stdout, r.stderr, payments]) {
      expect(text).not.toContain(FAKE_SECRET);
      expect(text).not.toContain(FAKE_KEY_ID);
    }
  });

  it("sets the exit status by the chosen severity and scope", () => {
    const { base, head } = fixtureApps();
    const common = ["--out", head.outdir, "--no-files", "--format", "none"];
    expect(review(...common, "--base", base.outdir, "--fail-on", "none").status).toBe(0);
    expect(review(...common, "--base", base.outdir, "--fail-on", "critical").status).toBe(2);
    // Analytics alone has no flag at all.
    expect(review(...common, "--stack", "analytics", "--fail-on", "info").status).toBe(0);
    // Compared with itself nothing is new; scope "all" counts the existing flags too.
    expect(review(...common, "--base-dir", head.outdir, "--fail-on", "low").status).toBe(0);
    expect(review(...common, "--base-dir", head.outdir, "--fail-on", "critical", "--fail-scope", "all").status).toBe(2);
  });

  it("prints the JSON form with --format json", () => {
    const { head } = fixtureApps();
    const r = review("--out", head.outdir, "--no-files", "--format", "json", "--fail-on", "none", "--stack", "payments");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    expect(json.stacks).toHaveLength(1);
    expect(json.stacks[0].flags.length).toBeGreaterThan(5);
  });

  it("reviews a saved plan given for a stack", () => {
    const out = tempDir("review-plan-cli-");
    fs.mkdirSync(path.join(out, "stacks", PLAN_STACK), { recursive: true });
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks: { [PLAN_STACK]: {} } }));
    fs.writeFileSync(path.join(out, "stacks", PLAN_STACK, "cdk.tf.json"), "{}");
    for (const args of [["--plan", `${PLAN_STACK}=${PLAN_FIXTURE}`], ["--base", PLAN_FIXTURE], ["--plan", PLAN_FIXTURE, "--stack", PLAN_STACK]]) {
      const r = review("--out", out, ...args, "--no-files");
      expect(r.status).toBe(2);
      expect(r.stdout).toContain("replace (delete, then create) because `name` changed");
      expect(r.stdout).not.toContain(FAKE_SECRET);
    }
  });

  it("asks for a stack when a plan file could belong to several", () => {
    const { head } = fixtureApps();
    const r = review("--out", head.outdir, "--base", PLAN_FIXTURE, "--no-files");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/A plan file without a stack name needs exactly one stack: add --stack <name>, or write --plan <stack>=<file>\./);
  });

  it.each([
    [["--bogus"], /Unknown option "--bogus"/],
    [["--fail-on", "severe"], /--fail-on must be one of info, low, medium, high, critical or none, not "severe"/],
    [["--plan", "plan.json", "--out", "__tests__"], /No synthesized app in .*__tests__: manifest\.json is missing/],
    [["--plan", "--base", "x"], /--plan already carries the base/],
    [["--out", "/nonexistent/cdktf.out"], /No synthesized app in \/nonexistent\/cdktf\.out: manifest\.json is missing/],
    [["--base-ref", "no-such-ref-xyz", "--out", "cdktf.out"], /Git ref "no-such-ref-xyz" not found|manifest\.json is missing/],
  ])("exits 1 with a clear message for %j", (args, message) => {
    const r = review(...(args as string[]));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it("explains itself with --help", () => {
    const r = review("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: npm run review -- \[options\]/);
    expect(r.stdout).toMatch(/Exit status: 0 passed, 1 usage or input error, 2 gate failed/);
  });
});
