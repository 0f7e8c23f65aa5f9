import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { addConstructCheck, factKey, recordFact, registerAppRule, runChecks } from "../../modules/checks";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ValidationError } from "../../modules/core/errors";
import { App, Construct, Testing } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { IamStack } from "../../modules/stack/iam-stack";

function tmpApp(skipValidation: boolean): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "checks-")), skipValidation });
}

describe("synth-time checks run whatever skipValidation says", () => {
  it.each([true, false])("app.synth() with skipValidation=%s fails with the library's message for a statement added late", (skipValidation) => {
    const app = tmpApp(skipValidation);
    const stack = new IamStack(app, "s", { region: "eu-west-1" });
    const doc = new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] });
    new ManagedPolicy(stack, "Late", { name: "late", document: doc });
    doc.addStatements({ actions: ["iam:PassRole"], resources: ["*"] });
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^Invalid IAM configuration \(1 problem\):\n {2}- s\/Late: /);
    expect((error as Error).message).not.toMatch(/skipValidation/);
  });

  it("Testing.synth without validations still runs the checks", () => {
    const stack = new IamStack(Testing.app(), "s", { region: "eu-west-1" });
    const doc = new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] });
    new ManagedPolicy(stack, "Late", { name: "late", document: doc });
    doc.addStatements({ actions: ["iam:PassRole"], resources: ["*"] });
    expect(() => Testing.synth(stack)).toThrow(ValidationError);
  });
});

describe("whole-app rules see facts from every stack, once per synth", () => {
  const seen = factKey<string>("test-registry-name");
  let runs = 0;
  registerAppRule({
    id: "test-registry-unique",
    description: "test rule: facts named 'clash' may appear once",
    check: (ctx) => {
      runs += 1;
      const clashes = ctx.facts(seen).filter((f) => f.value === "clash");
      return clashes.length > 1 ? clashes.map((f) => ({ path: f.construct.node.path, field: "name", value: '"clash"', rule: "test rule.", fix: "rename." })) : [];
    },
  });

  it("reports a problem per construct across two stacks, and runs once for an unchanged tree", () => {
    const app = tmpApp(false);
    for (const id of ["a", "b"]) {
      const stack = new IamStack(app, id, { region: "eu-west-1" });
      recordFact(new Construct(stack, "X"), seen, "clash");
    }
    expect(() => runChecks(app)).toThrow(/a\/X: name = "clash".*\n.*b\/X: name = "clash"/);
  });

  it("per-construct checks report at their construct", () => {
    const app = tmpApp(false);
    const stack = new IamStack(app, "c", { region: "eu-west-1" });
    addConstructCheck(new Construct(stack, "Y"), () => [{ path: "c/Y", field: "f", rule: "broken.", fix: "mend." }]);
    expect(() => runChecks(stack)).toThrow("c/Y: f: broken. Fix: mend.");
  });

  it("does not run twice when nothing was added", () => {
    const app = tmpApp(false);
    new IamStack(app, "d", { region: "eu-west-1" });
    const before = runs;
    runChecks(app);
    runChecks(app);
    expect(runs).toBe(before + 1);
  });
});
