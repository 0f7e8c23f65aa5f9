/**
 * An IamStack is written by the library's synthesizer (modules/internal/stack-synthesizer.ts): cdktf's steps, with
 * the stack's JSON text from stable-json.ts. Each app here is synthesized twice, once with cdktf's own
 * StackSynthesizer on every stack, and both must write the same files with the same bytes (stacks, manifest with
 * its annotations, assets) and fail with the same error. The rendered apps (examples, default app, benchmark,
 * cross-stack references) are compared in fast-render.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfigText } from "../../modules/config";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { Annotations, App, AssetType, Aspects, StackSynthesizer, TerraformAsset, TerraformResource } from "../../modules/internal/cdktf";
import type { IConstruct } from "../../modules/internal/cdktf";
import { StackJsonSynthesizer, synthesizerOptions } from "../../modules/internal/stack-synthesizer";
import { IamStack } from "../../modules/stack";
import { filesUnder } from "../support/files";
import { tempDir } from "../support/terraform";

interface Outcome {
  readonly files: Record<string, string>;
  readonly error?: string;
  readonly validations: number[];
}

/** Every file under `dir` (text), by relative path. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((p) => [p, fs.readFileSync(path.join(dir, p), "utf8")]));
}

/** Synthesizes `build`'s app with the library's synthesizer or, on every stack, cdktf's own. */
function synthesize(build: (app: App) => void, writer: "library" | "cdktf", skipValidation = false): Outcome {
  const outdir = tempDir("stack-synth-");
  const app = new App({ outdir, skipValidation });
  build(app);
  const stacks = app.node.findAll().filter(IamStack.isIamStack);
  if (writer === "cdktf") {
    const { continueOnErrorAnnotations, hclOutput } = synthesizerOptions();
    for (const stack of stacks) stack.synthesizer = new StackSynthesizer(stack, continueOnErrorAnnotations, hclOutput);
  } else {
    for (const stack of stacks) expect(stack.synthesizer).toBeInstanceOf(StackJsonSynthesizer);
  }
  let error: string | undefined;
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  // (the validations each stack holds after the synthesis: a resource move adds one)
  const validations = stacks.map((s) => (s.node as unknown as { _validations: unknown[] })._validations.length);
  return { files: files(outdir), error, validations };
}

function expectSameOutcome(build: (app: App) => void, skipValidation = false): Outcome {
  // (one call site for both: annotations keep the stack trace of the code that added them)
  const [cdktf, library] = (["cdktf", "library"] as const).map((writer) => synthesize(build, writer, skipValidation)) as [Outcome, Outcome];
  expect(Object.keys(library.files).sort()).toEqual(Object.keys(cdktf.files).sort());
  for (const file of Object.keys(cdktf.files)) expect({ file, text: library.files[file] }).toEqual({ file, text: cdktf.files[file] });
  expect(library.error).toEqual(cdktf.error);
  expect(library.validations).toEqual(cdktf.validations);
  return library;
}

/** Runs `fn` with environment variables set, as a stack reads them when it is made. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const role = (app: App, id = "iam") => {
  const stack = new IamStack(app, id, { region: "eu-west-1", defaultTags: { team: "platform" } });
  return { stack, role: new Ec2InstanceRole(stack, "App", { name: `app-${id}` }) };
};

describe("the IamStack synthesizer writes what cdktf's own synthesizer writes", () => {
  it("with info and warning annotations (the manifest)", () => {
    const out = expectSameOutcome((app) => {
      const { stack, role: r } = role(app);
      Annotations.of(r).addInfo("an info");
      Annotations.of(stack).addWarning("a warning");
    });
    expect(out.files["manifest.json"]).toContain("a warning");
  });

  it("with an error annotation: the same error, and nothing written but the stack's folder", () => {
    const out = expectSameOutcome((app) => {
      const { role: r } = role(app);
      Annotations.of(r).addError("an error");
    });
    expect(out.error).toContain('Encountered Annotations with level "ERROR"');
    expect(out.error).toContain("an error");
    expect(out.files["manifest.json"]).toBeUndefined();
  });

  it("with an error annotation and CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: written, the error in the manifest", () => {
    const out = withEnv({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "1" }, () =>
      expectSameOutcome((app) => {
        const { role: r } = role(app);
        Annotations.of(r).addError("an error");
      }),
    );
    expect(out.error).toBeUndefined();
    expect(out.files["manifest.json"]).toContain("an error");
    expect(out.files["stacks/iam/cdk.tf.json"]).toContain("app-iam");
  });

  it("with aspects that change resources", () => {
    const out = expectSameOutcome((app) => {
      const { stack } = role(app);
      Aspects.of(stack).add({
        visit(node: IConstruct) {
          if (node instanceof TerraformResource) node.addOverride("lifecycle.prevent_destroy", true);
        },
      });
    });
    expect(out.files["stacks/iam/cdk.tf.json"]).toContain('"prevent_destroy": true');
  });

  it("with an asset (custom synthesis copies it)", () => {
    const source = path.join(tempDir("stack-synth-asset-"), "policy.json");
    fs.writeFileSync(source, '{"b": 1}\n');
    const out = expectSameOutcome((app) => {
      const { stack } = role(app);
      new TerraformAsset(stack, "Policy", { path: source, type: AssetType.FILE });
    });
    expect(Object.keys(out.files).some((f) => f.startsWith("stacks/iam/assets/"))).toBe(true);
  });

  it("with a resource move (the Terraform version validation is added)", () => {
    const out = expectSameOutcome((app) => {
      const { stack, role: r } = role(app);
      const next = new Ec2InstanceRole(stack, "Next", { name: "app-next" });
      next.resource.addMoveTarget("next-role");
      r.resource.moveTo("next-role");
    }, true);
    expect(out.files["stacks/iam/cdk.tf.json"]).toContain('"moved"');
    expect(out.validations[0]).toBeGreaterThan(1);
  });

  it("with two stacks and a cross-stack reference, and a stack JSON written by the library (index keys)", () => {
    const out = expectSameOutcome((app) => {
      const { role: r } = role(app, "a");
      const b = new IamStack(app, "b", { region: "eu-west-1", defaultTags: { "1": "one", "10": "ten", "2": "two" } });
      new Ec2InstanceRole(b, "Copy", { name: "copy", description: r.resource.arn });
    });
    expect(out.files["stacks/b/cdk.tf.json"]).toContain("terraform_remote_state");
  });

  it.each([
    ["plain keys", 'team: platform'],
    ["index keys (written by json-stable-stringify)", '"1": one\n      "10": ten\n      "2": two'],
  ])("for stacks of a config file, tags with %s", (_name, tags) => {
    const yaml = [
      "version: 1",
      "stack:",
      "  name: cfg",
      "  region: eu-west-1",
      "  defaultTags:",
      `      ${tags}`,
      "roles:",
      "  - id: App",
      "    name: app-cfg",
      "    tags:",
      `      ${tags}`,
      "    inlinePolicies:",
      "      metrics:",
      "        statements:",
      "          - actions: [cloudwatch:PutMetricData]",
      '            resources: ["*"]',
    ].join("\n");
    const out = expectSameOutcome((app) => void loadConfigText(app, yaml, "iam.config.yaml", { stackName: "iam", stackProps: { region: "eu-west-1" } }));
    expect(out.error).toBeUndefined();
    expect(out.files["stacks/cfg/cdk.tf.json"]).toContain("app-cfg");
    expect(out.files["stacks/cfg/cdk.tf.json"]).toContain(tags.startsWith('"1"') ? '"10": "ten"' : '"team": "platform"');
  });

  it("with HCL output (SYNTH_HCL_OUTPUT): cdktf's synthesizer writes it", () => {
    const out = withEnv({ SYNTH_HCL_OUTPUT: "true" }, () => expectSameOutcome((app) => void role(app)));
    expect(Object.keys(out.files)).toContain("stacks/iam/cdk.tf");
  });

  it("when rendering fails: the same error, no stack file", () => {
    const out = expectSameOutcome((app) => {
      const { stack } = role(app);
      stack.addOverride("locals.bad", () => "a function cannot be rendered");
    });
    expect(out.error).toBeDefined();
    expect(out.files["stacks/iam/cdk.tf.json"]).toBeUndefined();
  });
});
