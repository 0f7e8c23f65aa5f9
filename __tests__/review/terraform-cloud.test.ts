/**
 * Hand-off to Terraform Cloud: a synthesized stack folder is a complete Terraform configuration.
 * It carries its `cloud` block, and once packed and unpacked anywhere else (which is what an
 * upload to a workspace is) it plans with Terraform alone: no Node.js, no node_modules, no file of
 * this repository.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildDefaultApp } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { readManifest } from "../../modules/review";
import { describeTerraform, initValidatePlan, synthToDir, tempDir } from "../support/terraform";

const ROOT = path.resolve(__dirname, "../..");

function synthCloud(env: Record<string, string>) {
  return synthToDir((app) => buildDefaultApp(app, readAppSettings(app, { IAM_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", IAM_OFFLINE: "1", ...env })));
}

function stackDirs(outdir: string): string[] {
  return [...readManifest(outdir).values()].map((f) => path.dirname(f));
}

describe("Terraform Cloud hand-off", () => {
  it("writes the cloud block (organization and workspace) into every stack, and no other backend", () => {
    const out = synthCloud({ TF_WORKSPACE: "iam-prod" });
    for (const dir of stackDirs(out.outdir)) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      expect(json.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "iam-prod" } });
      expect(json.terraform.backend).toBeUndefined();
    }
  });

  it("can select workspaces by tags instead of a name", () => {
    const out = synthCloud({ IAM_TFC_WORKSPACE_TAGS: "iam,prod" });
    const json = JSON.parse(fs.readFileSync(path.join(stackDirs(out.outdir)[0], "cdk.tf.json"), "utf8"));
    expect(json.terraform.cloud.workspaces).toEqual({ tags: ["iam", "prod"] });
  });

  it("the stack folder holds only Terraform JSON and refers to nothing outside itself", () => {
    const out = synthCloud({ TF_WORKSPACE: "iam-prod" });
    for (const dir of stackDirs(out.outdir)) {
      expect(fs.readdirSync(dir)).toEqual(["cdk.tf.json"]);
      const text = fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8");
      // No file functions, no local modules, no provisioners or external programs, no machine paths.
      expect(text).not.toMatch(/\b(?:file|templatefile|filebase64|fileset|filemd5|filesha256)\(/);
      expect(text).not.toMatch(/path\.(?:module|root|cwd)/);
      expect(text).not.toMatch(/"(?:\.\.?\/|\/(?:home|root|tmp|work|Users)\/)/);
      expect(text).not.toContain(ROOT);
      const json = JSON.parse(text);
      expect(json.module).toBeUndefined();
      expect(json.data?.external).toBeUndefined();
      expect(text).not.toMatch(/"provisioner"|local-exec/);
    }
  });
});

describeTerraform("Terraform Cloud hand-off, with real Terraform", () => {
  it("the packed stack folder, unpacked elsewhere, validates and plans with Terraform alone", () => {
    const out = synthCloud({ TF_WORKSPACE: "iam-prod" });
    for (const dir of stackDirs(out.outdir)) {
      // What an API-driven upload sends: a tar.gz of the stack folder (a configuration version).
      const archive = path.join(tempDir("tfc-archive-"), "config.tar.gz");
      execFileSync("tar", ["-czf", archive, "-C", dir, "."]);
      const elsewhere = tempDir("tfc-workspace-");
      execFileSync("tar", ["-xzf", archive, "-C", elsewhere]);
      expect(fs.existsSync(path.join(elsewhere, "node_modules"))).toBe(false);
      // Offline: the plan helper swaps the cloud block for a local state just for this run.
      const result = initValidatePlan(elsewhere);
      expect(result.validate.valid).toBe(true);
      expect(result.plan.format_version).toBeDefined();
      const changes = ((result.plan as { resource_changes?: { change: { actions: string[] } }[] }).resource_changes ?? []).map((rc) => rc.change.actions.join(","));
      expect(changes.every((a) => a === "create")).toBe(true);
      // The folder is unchanged by the run: the override is gone, the configuration is intact.
      expect(fs.readFileSync(path.join(elsewhere, "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
    }
  });
});
