/**
 * A git ref as the base: the ref is checked out in a temporary worktree, synthesized there, and
 * compared. Here a throw-away repository holds an app whose previous commit builds the fixture's
 * base and whose working tree builds its head; the review must equal the one made from folders.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { reviewApp, ReviewError, synthesizeGitRef } from "../../modules/review";
import { tempDir } from "../support/terraform";
import { fixtureApps } from "./support";

const ROOT = path.resolve(__dirname, "../..");

function appSource(builder: "buildBase" | "buildHead"): string {
  return [
    `import { App } from ${JSON.stringify(path.join(ROOT, "modules/internal/cdktf"))};`,
    `import { ${builder} } from ${JSON.stringify(path.join(ROOT, "__tests__/fixtures/review/apps"))};`,
    "const app = new App();",
    `${builder}(app);`,
    "app.synth();",
    "",
  ].join("\n");
}

function git(repo: string, ...args: string[]): string {
  return execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } }).trim();
}

let repo: string;

beforeAll(() => {
  repo = tempDir("review-git-");
  git(repo, "init", "-q", "-b", "main");
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ncdktf.out\n");
  fs.writeFileSync(path.join(repo, "README.md"), "no app yet\n");
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "before the app");
  git(repo, "tag", "no-app");
  fs.writeFileSync(path.join(repo, "main.ts"), appSource("buildBase"));
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "base app");
  fs.writeFileSync(path.join(repo, "main.ts"), appSource("buildHead")); // the pull request's change, not committed
});

describe("git ref as the base", () => {
  it("synthesizes the ref in a worktree and reviews like the equivalent folders", () => {
    const { base, head } = fixtureApps();
    const fromGit = reviewApp({ outDir: head.outdir, base: { kind: "git-ref", ref: "HEAD", repoDir: repo } });
    const fromDir = reviewApp({ outDir: head.outdir, base: { kind: "out-dir", dir: base.outdir } });
    expect(fromGit.base).toMatch(/^git ref `HEAD` \([0-9a-f]{12}\), synthesized$/);
    const strip = (r: typeof fromGit) => JSON.parse(JSON.stringify(r.stacks.map((s) => ({ ...s, base: "" }))));
    expect(strip(fromGit)).toEqual(strip(fromDir));
    // The worktree is gone afterwards.
    expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);
  });

  it("treats a ref from before the app as an empty base", () => {
    const { head } = fixtureApps();
    const r = reviewApp({ outDir: head.outdir, base: { kind: "git-ref", ref: "no-app", repoDir: repo } });
    expect(r.stacks.flatMap((s) => s.principals).every((p) => p.status === "created")).toBe(true);
  });

  it("names an unknown ref and how to fetch it", () => {
    expect(() => synthesizeGitRef("origin/does-not-exist", { repoDir: repo })).toThrow(ReviewError);
    expect(() => synthesizeGitRef("origin/does-not-exist", { repoDir: repo })).toThrow(/Git ref "origin\/does-not-exist" not found in .*\. Fetch it first \(for example `git fetch origin does-not-exist`, or actions\/checkout with fetch-depth: 0\)\./);
  });

  it("reports a failing synthesis with the end of its output", () => {
    expect(() => synthesizeGitRef("HEAD", { repoDir: repo, synthCommand: "echo boom >&2; exit 3" })).toThrow(/Synthesizing git ref "HEAD" with `echo boom >&2; exit 3` failed \(exit 3\):\nboom/);
    expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);
  });
});
