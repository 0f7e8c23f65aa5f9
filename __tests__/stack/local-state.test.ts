/**
 * Finding 7 of issue 10: the default local state lives where cdktf puts its own default (the project folder,
 * terraform.<stack>.tfstate), never under the output folder (a clean of cdktf.out must not delete the only
 * state), and git ignores it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { App, LocalBackend, TerraformStack, Testing } from "../../modules/internal/cdktf";
import { Backend, IamStack, defaultLocalStatePath } from "../../modules/stack";
import { tempDir } from "../support/terraform";

const ROOT = path.resolve(__dirname, "..", "..");

describe("default local state path", () => {
  it.each([
    ["the default output folder of a project", "/work/app/cdktf.out", "/work/app", "iam", "../../../terraform.iam.tfstate", "/work/app/terraform.iam.tfstate"],
    ["a nested output folder (--output build/cdktf.out)", "/work/app/build/cdktf.out", "/work/app", "prod", "../../../../terraform.prod.tfstate", "/work/app/terraform.prod.tfstate"],
    ["an output folder outside the project: beside it", "/tmp/run-1/out", "/work/app", "iam", "../../../terraform.iam.tfstate", "/tmp/run-1/terraform.iam.tfstate"],
    ["a project folder whose name prefixes the output folder's", "/work/app-out/cdktf.out", "/work/app", "s", "../../../terraform.s.tfstate", "/work/app-out/terraform.s.tfstate"],
  ])("%s", (_case, outdir, project, stack, expected, resolved) => {
    const p = defaultLocalStatePath(outdir, stack, project);
    expect(p).toBe(expected);
    const stackDir = path.join(outdir, "stacks", stack);
    expect(path.resolve(stackDir, p)).toBe(resolved);
    expect(path.resolve(stackDir, p).startsWith(path.resolve(outdir) + path.sep)).toBe(false);
  });

  it("is the file cdktf itself uses by default (the working folder's terraform.<stack>.tfstate), as a relative path", () => {
    const outdir = path.join(ROOT, "cdktf.out");
    const app = new App({ outdir });
    const plain = new TerraformStack(app, "plain");
    new LocalBackend(plain);
    const cdktfDefault = JSON.parse(Testing.synth(plain)).terraform.backend.local.path as string;
    const ours = JSON.parse(Testing.synth(new IamStack(app, "plain2", { region: "eu-west-1" }))).terraform.backend.local.path as string;
    expect(path.isAbsolute(ours)).toBe(false);
    expect(path.resolve(outdir, "stacks", "plain2", ours)).toBe(cdktfDefault.replace("terraform.plain.tfstate", "terraform.plain2.tfstate"));
  });

  it("is written where cdktf writes the stack (stacks/<stack id>) and survives a clean of the output folder", () => {
    const project = tempDir("project-");
    const outdir = path.join(project, "cdktf.out");
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const app = new App({ outdir });
      new IamStack(app, "iam", { region: "eu-west-1", backend: Backend.local() });
      app.synth();
    } finally {
      process.chdir(cwd);
    }
    const stackDir = path.join(outdir, "stacks", "iam");
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    const state = path.resolve(stackDir, json.terraform.backend.local.path);
    expect(state).toBe(path.join(fs.realpathSync(project), "terraform.iam.tfstate").replace(fs.realpathSync(project), project));
    fs.writeFileSync(state, "{}");
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(fs.existsSync(state)).toBe(true);
  });

  it.each(["terraform.iam.tfstate", "terraform.prod.tfstate", "terraform.iam.tfstate.backup", "state/terraform.iam.tfstate"])("git ignores %s in the project folder", (file) => {
    const r = spawnSync("git", ["check-ignore", "-q", "--no-index", file], { cwd: ROOT });
    expect(r.status).toBe(0);
  });
});
