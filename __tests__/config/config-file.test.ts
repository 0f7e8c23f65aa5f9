/**
 * The config-file front end end to end: the default file, which file is read, how its settings combine with the
 * app's settings (context, environment), several stacks, JSON files, and main.ts refusing to synthesize a file
 * with problems.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { DEFAULT_CONFIG_PATH, buildDefaultApp, configPathOf } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { ConfigError, readConfigFile } from "../../modules/config";
import schema from "../../modules/config/schema.json";
import { App } from "../../modules/internal/cdktf";
import { synthToDir, tempDir } from "../support/terraform";

const ROOT = path.join(__dirname, "..", "..");

function writeConfig(text: string, name = "iam.yaml"): string {
  const file = path.join(tempDir("cfg-"), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Synthesizes the default app with a config file, an environment and a context. */
function synthDefault(configPath: string, env: NodeJS.ProcessEnv = {}, context: Record<string, string> = {}) {
  return synthToDir((app) => {
    for (const [k, v] of Object.entries(context)) app.node.setContext(k, v);
    buildDefaultApp(app, readAppSettings(app, env), { configPath, env });
  });
}

describe("the default config file (iam.config.yaml)", () => {
  let loaded: ReturnType<typeof readConfigFile>;
  let out: ReturnType<typeof synthDefault>;
  let res: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(() => {
    loaded = readConfigFile(DEFAULT_CONFIG_PATH);
    out = synthDefault(DEFAULT_CONFIG_PATH);
    res = out.json("iam").resource;
  });

  it("is valid against the JSON Schema", () => {
    expect(loaded.problems).toEqual([]);
    expect(fs.readFileSync(DEFAULT_CONFIG_PATH, "utf8")).toContain("$schema=./modules/config/schema.json");
  });

  it("holds a customer managed policy built with the policy model", () => {
    const policy = Object.values(res.aws_iam_policy as Record<string, { name: string; policy: string }>).find((p) => p.name === "plakar-aws-inventory");
    expect(JSON.parse(policy!.policy).Statement.map((s: { Sid: string }) => s.Sid)).toContain("DiscoverEc2Instances");
  });

  it("holds an EC2 instance role with its instance profile and managed policy attachments", () => {
    const [roleId, role] = Object.entries(res.aws_iam_role as Record<string, { name: string; assume_role_policy: string }>)[0]!;
    expect(role.name).toBe("plakar-control-plane");
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: ["ec2.amazonaws.com"] });
    const profile = Object.values(res.aws_iam_instance_profile as Record<string, { role: string }>)[0]!;
    expect(profile.role).toBe(`\${aws_iam_role.${roleId}.id}`);
    const attached = Object.values(res.aws_iam_role_policy_attachment as Record<string, { policy_arn: string }>).map((a) => a.policy_arn);
    expect(attached).toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    expect(attached.some((a) => /^\$\{aws_iam_policy\.Inventory_[A-F0-9]+\.arn\}$/.test(a))).toBe(true);
  });

  it("holds a service user whose rotating access keys are stored in SSM", () => {
    expect(Object.values(res.aws_iam_user as Record<string, { name: string }>).map((u) => u.name)).toEqual(["sekoia-iam-reader"]);
    const params = Object.values(res.aws_ssm_parameter as Record<string, { name: string; type: string; value_wo?: string }>);
    expect(params.map((p) => [p.name, p.type])).toEqual([
      ["/integrations/sekoia/sekoia-iam-reader/access-key-id", "SecureString"],
      ["/integrations/sekoia/sekoia-iam-reader/secret-access-key", "SecureString"],
    ]);
    // Rotation is on: two key slots, each replaced when its rotation trigger changes.
    const keys = Object.values(res.aws_iam_access_key as Record<string, { lifecycle?: { replace_triggered_by?: string[] } }>);
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k.lifecycle?.replace_triggered_by?.length).toBe(1);
    expect(out.text("iam")).not.toMatch(/"secret":|secret_access_key"\s*:\s*"[A-Za-z0-9/+]{40}"/);
  });
});

describe("the default config file in other partitions", () => {
  it.each([
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("synthesizes with AWS_REGION=%s, ARNs in partition %s", (region, partition) => {
    const text = synthDefault(DEFAULT_CONFIG_PATH, { AWS_REGION: region }).text("iam");
    expect(text).toContain(`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`);
    expect(text).not.toMatch(/arn:aws:/);
  });
});

describe("which config file the default app reads", () => {
  it("takes the context `config` first, then IAM_CONFIG, then iam.config.yaml beside main.ts", () => {
    const app = new App({ outdir: tempDir("app-"), context: { config: "from-context.yaml" } });
    expect(configPathOf(app, { env: { IAM_CONFIG: "from-env.yaml" } })).toBe("from-context.yaml");
    const plain = new App({ outdir: tempDir("app-") });
    expect(configPathOf(plain, { env: { IAM_CONFIG: "from-env.yaml" } })).toBe("from-env.yaml");
    expect(configPathOf(plain, { env: {} })).toBe(DEFAULT_CONFIG_PATH);
    expect(DEFAULT_CONFIG_PATH).toBe(path.join(ROOT, "iam.config.yaml"));
  });

  it("names a missing file and how to point at another one", () => {
    expect(() => synthDefault(path.join(tempDir("none-"), "missing.yaml"))).toThrow(/missing\.yaml: \(file\): The config file does not exist\. Fix: Point the IAM_CONFIG environment variable/);
  });
});

describe("settings: the file overrides the context, which overrides the environment", () => {
  const env = { AWS_REGION: "us-east-2", IAM_STACK_NAME: "fromenv", IAM_BACKEND: "s3", IAM_STATE_BUCKET: "env-state", IAM_OFFLINE: "1" };

  it("takes name, region and backend from the context and environment when the file gives none", () => {
    const out = synthDefault(writeConfig("policies: []\n"), env, { region: "ap-southeast-2" });
    const json = out.json("fromenv");
    expect(json.provider.aws[0]).toMatchObject({ region: "ap-southeast-2", skip_credentials_validation: true, default_tags: [{ tags: { "managed-by": "iam-cdktf" } }] });
    expect(json.terraform.backend.s3).toMatchObject({ bucket: "env-state", key: "iam/fromenv.tfstate" });
  });

  it("lets a stack of the file override them; offline still comes from the settings", () => {
    const file = writeConfig("stack:\n  name: fromfile\n  region: eu-central-1\n  backend: { type: local }\n  defaultTags: { owner: platform }\n");
    const json = synthDefault(file, env, { region: "ap-southeast-2" }).json("fromfile");
    expect(json.provider.aws[0]).toMatchObject({ region: "eu-central-1", skip_credentials_validation: true, default_tags: [{ tags: { "managed-by": "iam-cdktf", owner: "platform" } }] });
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.fromfile.tfstate" } });
  });

  it("gives each stack of a file its own S3 state key from the settings", () => {
    const file = writeConfig("stacks:\n  - name: prod\n  - name: staging\n    region: eu-west-3\n");
    const out = synthDefault(file, env);
    expect(out.json("prod").terraform.backend.s3.key).toBe("iam/prod.tfstate");
    expect(out.json("staging").terraform.backend.s3).toMatchObject({ key: "iam/staging.tfstate", region: "eu-west-3" });
  });

  it("refuses several stacks sharing the Terraform Cloud workspace of the settings", () => {
    const file = writeConfig("stacks:\n  - name: prod\n  - name: staging\n");
    expect(() => synthDefault(file, { IAM_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", TF_WORKSPACE: "iam" })).toThrow(/Stacks "prod", "staging" declare no backend and all take the Terraform Cloud backend/);
  });
});

describe("file formats", () => {
  it("reads JSON as well as YAML, with the same result", () => {
    const yaml = writeConfig("policies:\n  - name: lister\n    presets:\n      - preset: s3BucketLister\n", "a.yaml");
    const json = writeConfig(JSON.stringify({ policies: [{ name: "lister", presets: [{ preset: "s3BucketLister" }] }] }, null, 2), "a.json");
    expect(synthDefault(json).text("iam")).toBe(synthDefault(yaml).text("iam"));
  });

  it("ships a JSON Schema that a strict validator compiles, and that accepts the shipped files", () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);
    for (const f of [DEFAULT_CONFIG_PATH, path.join(ROOT, "__tests__", "fixtures", "config", "valid", "full.yaml")]) {
      expect(readConfigFile(f).problems).toEqual([]);
    }
    expect(validate({ stacks: [{ name: "a", roles: [{ name: "r" }] }] })).toBe(true);
    expect(validate({ roles: [{ nme: "r" }] })).toBe(false);
  });

  it("reports the file, line and column of every problem", () => {
    const file = writeConfig("roles:\n  - name: a\n    managedPolicies:\n      - ReadOnlyAcces\n");
    try {
      synthDefault(file);
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]!.path).toMatch(/iam\.yaml:4:9$/);
      expect((e as ConfigError).problems[0]!.field).toBe("roles[0].managedPolicies[0]");
    }
  });
});

describe("main.ts", () => {
  const run = (env: NodeJS.ProcessEnv) => {
    const outdir = tempDir("main-");
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "run.js"), path.join(ROOT, "main.ts")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, ...env },
      encoding: "utf8",
    });
    return { ...r, outdir };
  };

  it("synthesizes the default config with no configuration", () => {
    const r = run({});
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(r.outdir, "stacks", "iam", "cdk.tf.json"))).toBe(true);
  });

  it("prints every problem of a bad file and synthesizes nothing", () => {
    const r = run({ IAM_CONFIG: path.join(ROOT, "__tests__", "fixtures", "config", "invalid", "many-errors.yaml") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Invalid config file __tests__/fixtures/config/invalid/many-errors.yaml; nothing was synthesized (4 problems):");
    expect(r.stderr).toContain("many-errors.yaml:10:34: roles[0].managedPolicies[1] =");
    // cdktf's App makes an empty stacks/ folder when it starts; no stack was written into it.
    expect(fs.readdirSync(path.join(r.outdir, "stacks"))).toEqual([]);
    expect(fs.existsSync(path.join(r.outdir, "manifest.json"))).toBe(false);
  });
});
