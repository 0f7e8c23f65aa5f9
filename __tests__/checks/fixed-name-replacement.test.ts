/**
 * The synth-time rule `fixed-name-create-before-destroy`: a role, managed policy or instance profile with a fixed
 * name is never create-before-destroy (always, unless `allowCreateBeforeDestroy: { reason }`), and a replacing
 * change the previous synthesized stack shows is refused with the attribute, old -> new, the rule and the fixes.
 * What Terraform really does with each change is proven by __tests__/constructs/iam-replacement.apply.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { TerraformData } from "../../modules/internal/terraform-data";
import { loadConfigText } from "../../modules/config";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import type { Ec2InstanceRoleProps } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ValidationError } from "../../modules/core/errors";
import { App } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { IamStack } from "../../modules/stack/iam-stack";

const outdirs: string[] = [];
function newApp(outdir?: string): App {
  const dir = outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), "cbd-"));
  outdirs.push(dir);
  return new App({ outdir: dir });
}
afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function problemsOf(fn: () => unknown): ValidationError["problems"] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  return [];
}

/** A stack with a role whose profile a create-before-destroy launch template names (a common auto-scaling set-up). */
function roleBehindCbdTemplate(app: App, role: Ec2InstanceRoleProps): IamStack {
  const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
  const r = new Ec2InstanceRole(stack, "Web", role);
  const template = new LaunchTemplate(stack, "Template", { namePrefix: "web-", lifecycle: { createBeforeDestroy: true } });
  r.attachToLaunchTemplate(template);
  return stack;
}

describe("fixed-name-create-before-destroy", () => {
  it("our constructs alone never make a fixed-name entity create-before-destroy", () => {
    const app = newApp();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    const policy = new ManagedPolicy(stack, "P", { name: "p", document: new PolicyDocument({ statements: [{ actions: ["ec2:DescribeInstances"], resources: ["*"] }] }) });
    new Ec2InstanceRole(stack, "Web", { name: "web", path: "/apps/", managedPolicies: [policy] });
    expect(problemsOf(() => app.synth())).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "s", "cdk.tf.json"), "utf8"));
    const lifecycles = Object.values(json.resource as Record<string, Record<string, { lifecycle?: unknown }>>).flatMap((byId) => Object.values(byId).map((r) => r.lifecycle));
    expect(lifecycles.filter((l) => l !== undefined)).toEqual([]);
  });

  it("refuses a fixed-name role and profile made create-before-destroy by a launch template that names the profile", () => {
    const app = newApp();
    roleBehindCbdTemplate(app, { name: "web" });
    const found = problemsOf(() => app.synth());
    expect(found.map((p) => [p.path, p.field, p.value])).toEqual([
      ["s/Web", "name", '"web"'],
      ["s/Web/InstanceProfile", "name", '"web"'],
    ]);
    for (const p of found) {
      expect(p.rule).toContain("Terraform extends create-before-destroy from s/Template (aws_launch_template.Template)");
      expect(p.rule).toContain("IAM would refuse the new");
      expect(p.fix).toContain("remove create_before_destroy from aws_launch_template.Template");
      expect(p.fix).toContain("allowCreateBeforeDestroy: { reason:");
    }
    expect(found[0]?.rule).toContain("`name`, `path` of an IAM role");
    expect(found[0]?.fix).toMatch(/^Use `namePrefix`/);
  });

  it("accepts generated names behind the same launch template, and a fixed name kept with a reason", () => {
    const prefixed = newApp();
    roleBehindCbdTemplate(prefixed, { namePrefix: "web-" });
    expect(problemsOf(() => prefixed.synth())).toEqual([]);
    const kept = newApp();
    roleBehindCbdTemplate(kept, { name: "web", allowCreateBeforeDestroy: { reason: "the auto-scaling group rolls instances; path changes are made in two steps" } });
    expect(problemsOf(() => kept.synth())).toEqual([]);
  });

  it("refuses an empty reason where it is given", () => {
    const app = newApp();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    expect(() => new Ec2InstanceRole(stack, "Web", { name: "web", allowCreateBeforeDestroy: { reason: " " } })).toThrow(/allowCreateBeforeDestroy\.reason.*needs a reason/s);
  });

  it("refuses create_before_destroy set on a fixed-name policy through an escape hatch, and from a resource that depends on it", () => {
    const app = newApp();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    const doc = () => new PolicyDocument({ statements: [{ actions: ["ec2:DescribeInstances"], resources: ["*"] }] });
    const own = new ManagedPolicy(stack, "Own", { name: "own", document: doc() });
    own.resource.addOverride("lifecycle.create_before_destroy", true);
    const used = new ManagedPolicy(stack, "Used", { name: "used", document: doc() });
    new TerraformData(stack, "Marker", { input: { arn: used.arn }, lifecycle: { createBeforeDestroy: true } });
    const found = problemsOf(() => app.synth());
    expect(found.map((p) => [p.path, p.field])).toEqual([
      ["s/Own", "name"],
      ["s/Used", "name"],
    ]);
    expect(found[0]?.rule).toContain("its own `lifecycle.create_before_destroy`");
    expect(found[0]?.rule).toContain("`name`, `path`, `description` of a managed policy");
    expect(found[1]?.rule).toContain("from s/Marker (terraform_data.Marker)");
  });

  describe("a replacement the previous synthesized stack shows", () => {
    function twice(before: Ec2InstanceRoleProps, after: Ec2InstanceRoleProps): ValidationError["problems"] {
      const first = newApp();
      roleBehindCbdTemplate(first, before);
      first.synth();
      const second = newApp(first.outdir);
      roleBehindCbdTemplate(second, after);
      return problemsOf(() => second.synth());
    }
    const reason = { allowCreateBeforeDestroy: { reason: "kept knowingly" } };

    it("is refused even with the opt-out: the path changes under the same name", () => {
      const found = twice({ name: "web", ...reason }, { name: "web", path: "/apps/", ...reason });
      expect(found.map((p) => [p.path, p.field, p.value])).toEqual([
        ["s/Web", "path", '"(none)" -> "/apps/"'],
        ["s/Web/InstanceProfile", "path", '"(none)" -> "/apps/"'],
      ]);
      expect(found[0]?.rule).toMatch(/^This change replaces the role "web" \(a change of `path` of an IAM role replaces it\), and the replacement is create-before-destroy \(Terraform extends/);
      expect(found[0]?.rule).toContain("IAM names are unique, so the new role cannot be created while the old one still holds the name");
      expect(found[0]?.fix).toMatch(/^Give it a new name in the same change, use `namePrefix`.*or make the change in two steps \(first remove create-before-destroy and apply, then change path\)\.$/);
    });

    it("also when only the letter case of the name differs", () => {
      const found = twice({ name: "web", ...reason }, { name: "Web", path: "/apps/", ...reason });
      expect(found.map((p) => [p.path, p.field])).toEqual([
        ["s/Web", "path"],
        ["s/Web/InstanceProfile", "path"],
      ]);
    });

    it("is accepted with a new name (the new role does not collide), and when nothing replacing changes", () => {
      expect(twice({ name: "web", ...reason }, { name: "web-v2", path: "/apps/", ...reason })).toEqual([]);
      expect(twice({ name: "web", ...reason }, { name: "web", description: "now described", ...reason })).toEqual([]);
    });

    it("is refused for a generated-name profile whose path changes alone", () => {
      const found = twice({ namePrefix: "web-" }, { namePrefix: "web-", instanceProfile: { path: "/p/" } });
      expect(found.map((p) => [p.path, p.field, p.value])).toEqual([["s/Web/InstanceProfile", "path", '"(none)" -> "/p/"']]);
    });
  });

  it("config file: the opt-out is read from `allowCreateBeforeDestroy`, and without it the role is refused", () => {
    const yaml = (optOut: string) => `
version: 1
roles:
  - id: Web
    name: web
${optOut}`;
    const build = (text: string) => {
      const app = newApp();
      const [stack] = loadConfigText(app, text, "iam.config.yaml", { stackName: "s", stackProps: { region: "eu-west-1", offline: true } });
      const role = stack!.node.findChild("Web") as Ec2InstanceRole;
      const template = new LaunchTemplate(stack!, "Template", { namePrefix: "web-", lifecycle: { createBeforeDestroy: true } });
      role.attachToLaunchTemplate(template);
      return problemsOf(() => app.synth());
    };
    expect(build(yaml("")).map((p) => p.path)).toEqual(["s/Web", "s/Web/InstanceProfile"]);
    expect(build(yaml("    allowCreateBeforeDestroy: { reason: the template rolls instances }"))).toEqual([]);
    expect(() => build(yaml('    allowCreateBeforeDestroy: { reason: "" }'))).toThrow(/iam\.config\.yaml.*roles\[0\]\.allowCreateBeforeDestroy/s);
  });
});
