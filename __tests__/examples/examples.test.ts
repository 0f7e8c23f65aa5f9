/**
 * The examples: each synthesizes the resources its scenario needs, and real Terraform validates and plans it.
 */
import { build as controlPlane } from "../../examples/1-ec2-control-plane/main";
import { build as offAws } from "../../examples/2-off-aws-service-user/main";
import { build as connector } from "../../examples/3-iam-read-connector/main";
import { build as consoleUsers } from "../../examples/4-console-users/main";
import { build as s3Lister } from "../../examples/5-ec2-s3-lister/main";
import * as os from "node:os";
import * as path from "node:path";
import { loadConfig } from "../../modules/config";
import { IAM_READ_CONNECTOR_ACTIONS } from "../../modules/presets";
import type { App } from "../../modules/internal/cdktf";
import type { PlanResult } from "../../scripts/lib/terraform";
import { describeTerraform, synthToDir, validatePlanMany } from "../support/terraform";

type Res = Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLES: [string, string, (app: App) => unknown][] = [
  ["1-ec2-control-plane", "ec2-control-plane", (app) => controlPlane(app, { offline: true })],
  ["2-off-aws-service-user", "off-aws-service-user", (app) => offAws(app, { offline: true })],
  ["3-iam-read-connector", "iam-read-connector", (app) => connector(app, { offline: true })],
  ["4-console-users", "console-users", (app) => consoleUsers(app, { offline: true })],
  ["5-ec2-s3-lister", "ec2-s3-lister", (app) => s3Lister(app, { offline: true })],
];

const synth = (build: (app: App) => unknown, stack: string) => synthToDir((app) => void build(app)).json(stack);
const values = (res: Res, type: string) => Object.values(res[type] ?? {});
const only = (res: Res, type: string) => {
  const all = Object.entries(res[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0] as [string, Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const actionsOf = (policy: string) => JSON.parse(policy).Statement.flatMap((s: { Action: string[] }) => s.Action).sort();

describe("every example", () => {
  it.each(EXAMPLES)("%s is deterministic and holds no path of this machine nor secret", (_dir, stack, build) => {
    const first = synthToDir((app) => void build(app));
    const text = first.text(stack);
    expect(synthToDir((app) => void build(app)).text(stack)).toBe(text);
    for (const p of [process.cwd(), os.homedir(), os.tmpdir(), first.outdir]) expect(text).not.toContain(p);
    expect(text).not.toMatch(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/);
  });
});

describe("example 1: a control plane on EC2", () => {
  let res: Res;
  beforeAll(() => (res = synth(EXAMPLES[0]![2], "ec2-control-plane").resource));

  it("wires the role's instance profile into the aws_instance", () => {
    const [profileId] = only(res, "aws_iam_instance_profile");
    expect(only(res, "aws_instance")[1].iam_instance_profile).toBe(`\${aws_iam_instance_profile.${profileId}.name}`);
    expect(only(res, "aws_instance")[1].metadata_options.http_tokens).toBe("required");
  });

  it("makes the instance wait for every policy attachment and inline policy of its role", () => {
    const dependsOn: string[] = only(res, "aws_instance")[1].depends_on ?? [];
    const policies = [
      ...Object.keys(res.aws_iam_role_policy_attachment ?? {}).map((id) => `aws_iam_role_policy_attachment.${id}`),
      ...Object.keys(res.aws_iam_role_policy ?? {}).map((id) => `aws_iam_role_policy.${id}`),
    ];
    expect(policies.length).toBe(4); // inventory, secrets, SSM core, the inline backups policy
    expect([...dependsOn].sort()).toEqual(policies.sort());
  });

  it("gives the role the inventory reader, the secret reader, SSM and S3 store access, and no key", () => {
    const attached = values(res, "aws_iam_role_policy_attachment").map((a) => a.policy_arn);
    expect(attached).toHaveLength(3);
    expect(attached).toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    const policies = Object.fromEntries(values(res, "aws_iam_policy").map((p) => [p.name, actionsOf(p.policy)]));
    expect(policies["plakar-aws-inventory"]).toContain("ec2:DescribeInstances");
    expect(policies["plakar-secrets-reader"]).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
    expect(actionsOf(only(res, "aws_iam_role_policy")[1].policy)).toEqual(expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]));
    expect(res.aws_iam_access_key).toBeUndefined();
    expect(res.aws_iam_user).toBeUndefined();
  });
});

describe("example 2: the same integration outside AWS", () => {
  let res: Res;
  beforeAll(() => (res = synth(EXAMPLES[1]![2], "off-aws-service-user").resource));

  it("makes a service user with the same permissions and its keys in SSM", () => {
    expect(only(res, "aws_iam_user")[1].name).toBe("plakar-agent");
    expect(values(res, "aws_iam_user_policy_attachment")).toHaveLength(3);
    expect(values(res, "aws_ssm_parameter").map((p) => [p.name, p.type])).toEqual([
      ["/integrations/plakar/plakar-agent/access-key-id", "SecureString"],
      ["/integrations/plakar/plakar-agent/secret-access-key", "SecureString"],
    ]);
    expect(values(res, "aws_ssm_parameter")[1].value_wo).toBeDefined();
    expect(values(res, "aws_ssm_parameter")[1].value).toBeUndefined();
  });

  it("gives the fetching process exactly the reader policy of those two parameters", () => {
    const reader = values(res, "aws_iam_policy").find((p) => p.name === "plakar-agent-keys-reader")!;
    const params = Object.keys(res.aws_ssm_parameter!).map((id) => `aws_ssm_parameter.${id}.arn`);
    expect(reader.policy).toContain('"Action" = ["ssm:GetParameter", "ssm:GetParameters"]');
    expect(reader.policy).toContain(`"Resource" = [${params.join(", ")}]`);
    // The parameters use the stack's credentials key: kms:Decrypt on it, only through SSM, only for them.
    const keyId = Object.keys(res.aws_kms_key!)[0];
    expect(reader.policy).toContain(`"Action" = ["kms:Decrypt"]`);
    expect(reader.policy).toContain(`"Resource" = [aws_kms_key.${keyId}.arn]`);
    expect(reader.policy).toContain("kms:EncryptionContext:PARAMETER_ARN");
  });
});

describe("example 3: an IAM-read connector user", () => {
  it("grants exactly the connector policy, keys in SSM with rotation", () => {
    const res: Res = synth(EXAMPLES[2]![2], "iam-read-connector").resource;
    expect(actionsOf(only(res, "aws_iam_policy")[1].policy)).toEqual([...IAM_READ_CONNECTOR_ACTIONS].sort());
    expect(values(res, "aws_iam_user_policy_attachment")).toHaveLength(1);
    expect(values(res, "aws_ssm_parameter")).toHaveLength(2);
    expect(values(res, "terraform_data").length).toBeGreaterThan(0); // the rotation triggers
  });

  it("offers IAMReadOnlyAccess as the documented alternative", () => {
    const res: Res = synth((app) => connector(app, { offline: true, policy: "IAMReadOnlyAccess" }), "iam-read-connector").resource;
    expect(res.aws_iam_policy).toBeUndefined();
    expect(only(res, "aws_iam_user_policy_attachment")[1].policy_arn).toBe("arn:aws:iam::aws:policy/IAMReadOnlyAccess");
  });
});

describe("example 4: human console users", () => {
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let res: Res;
  beforeAll(() => {
    json = synth(EXAMPLES[3]![2], "console-users");
    res = json.resource;
  });

  it("puts the humans in a group that enforces MFA, under an account password policy", () => {
    expect(only(res, "aws_iam_account_password_policy")[1]).toMatchObject({ minimum_password_length: 14, password_reuse_prevention: 24, require_symbols: true });
    const [groupId, group] = only(res, "aws_iam_group");
    expect(group).toMatchObject({ name: "developers", path: "/humans/" });
    const mfa = only(res, "aws_iam_group_policy")[1];
    expect(mfa.name).toBe("enforce-mfa");
    expect(mfa.policy).toContain("aws:MultiFactorAuthPresent");
    expect(mfa.policy).toContain("user/humans/$${aws:username}");
    expect(only(res, "aws_iam_group_policy_attachment")[1].policy_arn).toBe("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
    const memberships = values(res, "aws_iam_user_group_membership");
    expect(memberships).toHaveLength(2);
    for (const m of memberships) expect(m.groups).toEqual([`\${aws_iam_group.${groupId}.name}`]);
  });

  it("gives each human a console password only PGP-encrypted, and no access key", () => {
    expect(values(res, "aws_iam_user_login_profile").map((p) => p.password_reset_required)).toEqual([true, true]);
    expect(Object.keys(json.output ?? {}).filter((k) => k.includes("encrypted_password"))).toHaveLength(2);
    expect(res.aws_iam_access_key).toBeUndefined();
    expect(res.aws_iam_user_policy).toBeUndefined(); // MFA comes from the group, once
  });
});

describe("example 5: an EC2 role that lists S3 buckets", () => {
  let res: Res;
  beforeAll(() => (res = synth(EXAMPLES[4]![2], "ec2-s3-lister").resource));

  it("replaces stored keys with a role wired into the launch template", () => {
    const [profileId] = only(res, "aws_iam_instance_profile");
    expect(only(res, "aws_launch_template")[1].iam_instance_profile).toEqual({ arn: `\${aws_iam_instance_profile.${profileId}.arn}` });
    expect(res.aws_iam_user).toBeUndefined();
    expect(res.aws_iam_access_key).toBeUndefined();
  });

  it("allows what `aws s3 ls` needs and no data read", () => {
    const doc = JSON.parse(only(res, "aws_iam_role_policy")[1].policy);
    expect(doc.Statement).toEqual([
      { Sid: "ListAllBuckets", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: ["*"] },
      { Sid: "ListBucketKeys", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::reports-example"] },
    ]);
  });
});

describeTerraform("examples under real Terraform", () => {
  // Every example validated and planned in one Terraform run; each test asserts on its own stack's part.
  const results = new Map<string, PlanResult>();
  beforeAll(() => {
    const dirs = EXAMPLES.map(([, stack, build]) => synthToDir((app) => void build(app)).stackDir(stack));
    validatePlanMany(dirs).forEach((r, i) => results.set(EXAMPLES[i]![1], r));
  });

  it.each(EXAMPLES)("example %s validates and plans", (_dir, stack) => {
    const result = results.get(stack)!;
    expect(result.validate.valid).toBe(true);
    expect(result.validate.error_count).toBe(0);
    const changes = (result.plan.resource_changes ?? []) as { type: string; change: { actions: string[] } }[];
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(c.change.actions).toEqual(["create"]);
    const types = new Set(changes.map((c) => c.type));
    expect([...types].some((t) => t.startsWith("aws_iam_"))).toBe(true);
  });
});

describe("examples 3 and 4 as config files", () => {
  it.each([
    ["3-iam-read-connector", "iam-read-connector", EXAMPLES[2]![2]],
    ["4-console-users", "console-users", EXAMPLES[3]![2]],
  ])("examples/%s/iam.config.yaml synthesizes the same Terraform JSON as main.ts", (dir, stack, build) => {
    const file = path.join(__dirname, "..", "..", "examples", dir, "iam.config.yaml");
    const fromFile = synthToDir((app) => void loadConfig(app, file, { stackName: "iam", stackProps: { region: "us-east-1", offline: true } }));
    expect(fromFile.text(stack)).toBe(synthToDir((app) => void build(app)).text(stack));
  });
});
