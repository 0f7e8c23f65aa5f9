/**
 * A review of the default app (main.ts): every stack gets its section, and every principal the
 * app declares shows as created when there is no base; with Terraform, the same from saved plans.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildDefaultApp } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { readManifest, renderJson, renderMarkdown, reviewApp, type ReviewReport } from "../../modules/review";
import { describeTerraform, initValidatePlan, synthToDir } from "../support/terraform";

const PRINCIPAL_TYPES = ["aws_iam_role", "aws_iam_user", "aws_iam_group"];

function synthDefault() {
  return synthToDir((app) => buildDefaultApp(app, readAppSettings(app, { IAM_OFFLINE: "1" })));
}

function expectSectionPerStack(report: ReviewReport, outdir: string): void {
  const stacks = [...readManifest(outdir).keys()].sort();
  expect(stacks.length).toBeGreaterThan(0);
  expect(report.stacks.map((s) => s.stack).sort()).toEqual(stacks);
  const md = renderMarkdown(report.stacks);
  for (const s of stacks) {
    expect(md).toContain(`## Stack \`${s}\``);
    expect(md).toMatch(new RegExp(`^\\| \`${s}\` \\|`, "m"));
  }
  expect(md).not.toMatch(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/);
  expect(JSON.parse(renderJson(report)).stacks).toHaveLength(stacks.length);
}

describe("review of the default app", () => {
  it("has a section for every stack and shows every declared principal as created", () => {
    const out = synthDefault();
    const report = reviewApp({ outDir: out.outdir });
    expectSectionPerStack(report, out.outdir);
    for (const [name, file] of readManifest(out.outdir)) {
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
      const declared = PRINCIPAL_TYPES.flatMap((t) => Object.keys(json.resource?.[t] ?? {}).map((id) => `${t}.${id}`)).sort();
      const review = report.stacks.find((s) => s.stack === name)!;
      expect(review.principals.map((p) => p.address).sort()).toEqual(declared);
      expect(review.principals.every((p) => p.status === "created")).toBe(true);
      expect(review.keys.map((k) => k.address).sort()).toEqual(Object.keys(json.resource?.aws_iam_access_key ?? {}).map((id) => `aws_iam_access_key.${id}`).sort());
    }
  });

  it("compared with itself, reports no change", () => {
    const out = synthDefault();
    const again = synthDefault();
    const report = reviewApp({ outDir: out.outdir, base: { kind: "out-dir", dir: again.outdir } });
    expect(report.stacks.flatMap((s) => s.principals)).toEqual([]);
    expect(report.stacks.flatMap((s) => s.flags).filter((f) => f.isNew)).toEqual([]);
  });
});

describeTerraform("review of the default app from saved plans", () => {
  it("plans every stack offline and reviews the plans, one section per stack", () => {
    const out = synthDefault();
    for (const [, file] of readManifest(out.outdir)) initValidatePlan(path.dirname(file));
    const report = reviewApp({ outDir: out.outdir, base: { kind: "plan" } });
    expectSectionPerStack(report, out.outdir);
    for (const s of report.stacks) {
      expect(s.mode).toBe("plan");
      expect(s.principals.every((p) => p.status === "created")).toBe(true);
      expect((s.resourceChanges ?? []).every((c) => c.action === "create")).toBe(true);
    }
  });
});
