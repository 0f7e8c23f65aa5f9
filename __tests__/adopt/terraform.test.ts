/**
 * Real Terraform on the adopted result.
 *
 * 1. `terraform validate` of the fixture account's synthesized stack, import blocks included.
 * 2. Against a local AWS endpoint (moto), seeded the way the console does it and read back with the real AWS CLI:
 *    adopt, synthesize, and `terraform plan` must import every declared object and change, add and destroy nothing;
 *    with the app's default tag, only `tags_all` changes; applied, the next plan is empty and the keys are intact.
 *    This proves the import IDs are the ones provider 5.100 accepts, and that the config reproduces the objects.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { adopt } from "../../modules/adopt";
import type { AccessKeyMetadata, AuthorizationDetails, RoleListEntry } from "../../modules/adopt";
import { loadConfigText } from "../../modules/config";
import { runTerraform } from "../../scripts/lib/terraform";
import { describeTerraform, sharedTerraform, synthToDir, tempDir } from "../support/terraform";
import { LOCAL_AWS_ACCOUNT, LOCAL_AWS_ENV, localAwsStatus, startLocalAws } from "./local-aws";
import { standInEndpointEnv } from "../support/aws-standin/client";
import type { LocalAws } from "./local-aws";
import { AttachedProvider, canAttach, readStackConfig } from "../support/provider-server";
import { adoptFixture } from "./support";

type ResourceChange = { address: string; change: { actions: string[]; importing?: { id: string }; before?: Record<string, unknown>; after?: Record<string, unknown> } };
type Diagnostic = { severity: string; summary: string; detail?: string };

/**
 * The run's shared provider set-up for the adopted stacks. They have their own (local) backend, so they get their
 * own init, with the run's CLI configuration and lock file: one init per file (one data folder, TF_DATA_DIR), which
 * every adopted stack reuses, as all of them carry the same `terraform` block (backend and required providers).
 */
const dataDirs = new Map<string, string>();
function terraformEnvFor(stackDir: string, extraEnv: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const shared = sharedTerraform();
  const { TF_DATA_DIR: _shared, ...base } = shared.env;
  const key = JSON.stringify(JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")).terraform);
  fs.copyFileSync(shared.lockFile, path.join(stackDir, ".terraform.lock.hcl"));
  const known = dataDirs.get(key);
  const env = { ...base, ...extraEnv, TF_DATA_DIR: known ?? path.join(tempDir("adopt-tf-"), ".terraform") };
  if (!known) {
    runTerraform(stackDir, ["init", "-input=false"], env);
    dataDirs.set(key, env.TF_DATA_DIR);
  }
  // An adopted stack has one aws provider block: its runs attach to a running provider for their environment.
  if (!canAttach(readStackConfig(stackDir))) return env;
  const providerKey = JSON.stringify(Object.entries(env).filter(([k]) => k.startsWith("AWS_")));
  if (!providers.has(providerKey)) providers.set(providerKey, AttachedProvider.start(env.TF_DATA_DIR, env));
  return { ...env, ...providers.get(providerKey)?.env() };
}
const providers = new Map<string, AttachedProvider | undefined>();
afterAll(() => providers.forEach((p) => p?.stop()));

/** `terraform validate -json` of a stack folder. */
function validate(stackDir: string): { valid: boolean; diagnostics: unknown[] } {
  return JSON.parse(runTerraform(stackDir, ["validate", "-json"], terraformEnvFor(stackDir)));
}

/**
 * `terraform plan` (saved as plan.out) and `show -json` of it. `terraform plan` validates the configuration first
 * and fails on whatever `terraform validate` fails on; the diagnostics it reported (`-json`) come back as `validation`.
 */
function plan(stackDir: string, extraEnv: NodeJS.ProcessEnv): { validation: Diagnostic[]; plan: { resource_changes?: ResourceChange[] } } {
  const env = terraformEnvFor(stackDir, extraEnv);
  const stream = runTerraform(stackDir, ["plan", "-input=false", "-lock=false", "-out=plan.out", "-json"], env);
  const validation = stream
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type?: string; diagnostic?: Diagnostic })
    .flatMap((m) => (m.type === "diagnostic" && m.diagnostic ? [m.diagnostic] : []));
  return { validation, plan: JSON.parse(runTerraform(stackDir, ["show", "-json", "plan.out"], env)) };
}

/**
 * The resource changes a new plan would make, other than no-op: `terraform plan -detailed-exitcode` exits 0 when it
 * would change nothing (then none, without a `show`); otherwise the changes, read from the saved plan.
 */
function pendingChanges(stackDir: string, extraEnv: NodeJS.ProcessEnv): string[] {
  const env = terraformEnvFor(stackDir, extraEnv);
  try {
    runTerraform(stackDir, ["plan", "-input=false", "-lock=false", "-out=plan.out", "-detailed-exitcode"], env);
    return [];
  } catch (e) {
    if (!/\(exit 2\)/.test((e as Error).message)) throw e;
  }
  const shown = JSON.parse(runTerraform(stackDir, ["show", "-json", "plan.out"], env)) as { resource_changes?: ResourceChange[] };
  return (shown.resource_changes ?? []).filter((c) => c.change.actions.join() !== "no-op").map((c) => c.address);
}

function synthAdopted(yaml: string, region: string, defaultTags?: Record<string, string>) {
  return synthToDir((app) => {
    loadConfigText(app, yaml, "iam.adopted.yaml", { stackName: "adopted", stackProps: { region, ...(defaultTags ? { defaultTags } : {}) } });
  });
}

describeTerraform("adopt: terraform validate with the import blocks", () => {
  it("validates the fixture account's stack", () => {
    const result = adoptFixture();
    const out = synthAdopted(result.yaml, "eu-west-1");
    expect(out.json("adopted").import.length).toBe(result.imports.length);
    const r = validate(out.stackDir("adopted"));
    expect(r.diagnostics).toEqual([]);
    expect(r.valid).toBe(true);
  });
});

const local = localAwsStatus();
const describeLocal = local.ok ? describeTerraform : (name: string, fn: () => void) => {
  // eslint-disable-next-line no-console
  console.warn(`\n!!! SKIPPING "${name}": ${local.reason}. Install moto (pip install "moto[server]") and the AWS CLI to run it. !!!\n`);
  describe.skip(name, fn);
};

const trust = (service: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/**
 * The console routines of the issue, as the AWS CLI calls they make, followed by the calls that read the account
 * back for `adopt` (one batch, one CLI driver: `awsMany`, see local-aws.ts). The account is known ahead
 * (`LOCAL_AWS_ACCOUNT`), so the customer managed policy's ARN is written before it exists; `sts
 * get-caller-identity` comes first and is checked against it.
 */
function seedCalls(users: string[]): { calls: string[][]; account: string } {
  const account = LOCAL_AWS_ACCOUNT;
  const policyArn = `arn:aws:iam::${account}:policy/app/app-s3-read`;
  const calls: string[][] = [];
  const aws = (...args: string[]) => void calls.push(args);
  aws("sts", "get-caller-identity");
  aws("iam", "create-policy", "--policy-name", "app-s3-read", "--path", "/app/", "--description", "Read the shop data bucket", "--policy-document", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }));
  aws("iam", "create-policy-version", "--policy-arn", policyArn, "--policy-document", doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::acme-app-data", "arn:aws:s3:::acme-app-data/*"] }));
  aws("iam", "create-policy-version", "--policy-arn", policyArn, "--set-as-default", "--policy-document", doc({ Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-app-data" }, { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-app-data/*" }));
  // "Create role" for EC2 in the console: the role, a profile of the same name, the policies attached.
  aws("iam", "create-role", "--role-name", "ec2-app-role", "--description", "Allows EC2 instances to call AWS services on your behalf.", "--assume-role-policy-document", trust("ec2.amazonaws.com"), "--tags", "Key=app,Value=shop");
  aws("iam", "create-instance-profile", "--instance-profile-name", "ec2-app-role");
  aws("iam", "add-role-to-instance-profile", "--instance-profile-name", "ec2-app-role", "--role-name", "ec2-app-role");
  aws("iam", "attach-role-policy", "--role-name", "ec2-app-role", "--policy-arn", policyArn);
  aws("iam", "attach-role-policy", "--role-name", "ec2-app-role", "--policy-arn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
  // A Lambda role under /service-role/ with an inline policy.
  aws("iam", "create-role", "--role-name", "thumbnailer", "--path", "/service-role/", "--assume-role-policy-document", trust("lambda.amazonaws.com"));
  aws("iam", "put-role-policy", "--role-name", "thumbnailer", "--policy-name", "logs", "--policy-document", doc({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${account}:log-group:/aws/lambda/thumbnailer:*` }));
  // The quick-start admin with two keys.
  aws("iam", "create-user", "--user-name", "quickstart-admin");
  aws("iam", "attach-user-policy", "--user-name", "quickstart-admin", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess");
  aws("iam", "create-access-key", "--user-name", "quickstart-admin");
  aws("iam", "create-access-key", "--user-name", "quickstart-admin");
  // The IAM-read connector with an inline policy and one key.
  aws("iam", "create-user", "--user-name", "sekoia-connector", "--path", "/integrations/", "--tags", "Key=owner,Value=secops");
  aws("iam", "put-user-policy", "--user-name", "sekoia-connector", "--policy-name", "iam-read", "--policy-document", doc({ Sid: "IamRead", Effect: "Allow", Action: ["iam:GetUser", "iam:ListUsers", "iam:ListAccessKeys"], Resource: "*" }));
  aws("iam", "create-access-key", "--user-name", "sekoia-connector");
  // Groups with inline and managed policies; a console user in both.
  aws("iam", "create-group", "--group-name", "developers");
  aws("iam", "attach-group-policy", "--group-name", "developers", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
  aws("iam", "put-group-policy", "--group-name", "developers", "--policy-name", "pass-any", "--policy-document", doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }));
  aws("iam", "create-group", "--group-name", "ops", "--path", "/ops/");
  aws("iam", "attach-group-policy", "--group-name", "ops", "--policy-arn", policyArn);
  aws("iam", "create-user", "--user-name", "alice", "--path", "/humans/");
  aws("iam", "add-user-to-group", "--user-name", "alice", "--group-name", "developers");
  aws("iam", "add-user-to-group", "--user-name", "alice", "--group-name", "ops");
  aws("iam", "create-login-profile", "--user-name", "alice", "--password", "Local-test-only-1!");
  // Read back what adopt reads: the authorization details, the role list and every user's access keys.
  aws("iam", "get-account-authorization-details", "--filter", "User", "Role", "Group", "LocalManagedPolicy");
  aws("iam", "list-roles");
  for (const u of users) aws("iam", "list-access-keys", "--user-name", u);
  return { calls, account };
}

describeLocal("adopt: terraform plan against a local AWS endpoint", () => {
  let aws: LocalAws | undefined;
  afterAll(() => aws?.stop());

  it("imports every adopted object and changes nothing", async () => {
    aws = await startLocalAws();
    const users = ["quickstart-admin", "sekoia-connector", "alice"];
    const { calls, account } = seedCalls(users);
    const results = aws.awsMany(calls);
    const [identity, created] = results as [{ Account: string }, { Policy: { Arn: string } }];
    expect(identity.Account).toBe(account);
    expect(created.Policy.Arn).toBe(`arn:aws:iam::${account}:policy/app/app-s3-read`);
    const [details, roles, ...keyLists] = results.slice(-2 - users.length) as [AuthorizationDetails, { Roles: RoleListEntry[] }, ...Array<{ AccessKeyMetadata: AccessKeyMetadata[] }>];
    const keys = keyLists.flatMap((l) => l.AccessKeyMetadata);
    const roleList = roles.Roles;
    const result = adopt({ details, accessKeys: keys, roleList }, { region: "us-east-1" });
    expect(result.mapped.counts).toEqual({ policies: 1, roles: 2, users: 3, groups: 2 });
    expect(result.mapped.accountId).toBe(account);
    expect(result.keys.map((k) => [k.userName, k.action])).toEqual([["alice", "none"], ["quickstart-admin", "retire-first"], ["sekoia-connector", "rotate"]]);

    // The provider finds the local endpoint through AWS_ENDPOINT_URL_<SERVICE> variables, not an `endpoints` block
    // (seconds of CPU per Terraform command: see standInEndpointEnv).
    const awsEnv = { ...LOCAL_AWS_ENV, AWS_DEFAULT_REGION: "us-east-1", ...standInEndpointEnv(aws.endpoint, ["iam", "sts"]) };
    const out = synthAdopted(result.yaml, "us-east-1");
    const dir = out.stackDir("adopted");
    fs.writeFileSync(
      path.join(dir, "zz_local_aws_override.tf.json"),
      JSON.stringify({ provider: { aws: [{ skip_credentials_validation: true, skip_metadata_api_check: "true", skip_region_validation: true }] } }),
    );
    const r = plan(dir, awsEnv);
    // What `terraform validate` would say: no error (the plan ran its validation first).
    expect(r.validation.filter((d) => d.severity === "error")).toEqual([]);
    const changes = r.plan?.resource_changes ?? [];
    // An update names the arguments it changes, so a failure says what differs between the account and the config.
    const changed = (c: (typeof changes)[number]) =>
      Object.keys(c.change.after ?? {})
        .filter((k) => JSON.stringify(c.change.before?.[k]) !== JSON.stringify(c.change.after?.[k]))
        .map((k) => `${k}: ${JSON.stringify(c.change.before?.[k])} -> ${JSON.stringify(c.change.after?.[k])}`)
        .join("; ");
    const summary = changes.map((c) => `${c.address}: ${c.change.actions.join(",")}${c.change.importing ? " (import)" : ""}${c.change.actions.includes("update") ? ` [${changed(c)}]` : ""}`);
    expect(summary.filter((s) => !s.endsWith(": no-op (import)"))).toEqual([]);
    expect(changes.length).toBe(result.imports.length);

    // `npm run synth` (the default app) adds the default tag managed-by = iam-cdktf: the first plan then also
    // updates tags_all in place on the taggable objects (roles, users, policies, profiles), and nothing else.
    const tagged = synthAdopted(result.yaml, "us-east-1", { "managed-by": "iam-cdktf" });
    const tdir = tagged.stackDir("adopted");
    fs.copyFileSync(path.join(dir, "zz_local_aws_override.tf.json"), path.join(tdir, "zz_local_aws_override.tf.json"));
    const t = plan(tdir, awsEnv);
    const tchanges = t.plan?.resource_changes ?? [];
    expect(tchanges.every((c) => c.change.importing !== undefined)).toBe(true);
    const updates = tchanges.filter((c) => c.change.actions.join() !== "no-op");
    // force_destroy is Terraform's own setting (no AWS call): null in an imported user's state, false once updated.
    expect(updates.map((c) => `${c.address.split(".")[0]}: ${c.change.actions.join()} [${changed(c).replace("force_destroy: null -> false; ", "")}]`).sort()).toEqual(
      updates.map((c) => `${c.address.split(".")[0]}: update [tags_all: ${JSON.stringify(c.change.before?.tags_all)} -> ${JSON.stringify(c.change.after?.tags_all)}]`).sort(),
    );
    expect(new Set(updates.map((c) => c.address.split(".")[0]))).toEqual(new Set(["aws_iam_role", "aws_iam_user", "aws_iam_policy", "aws_iam_instance_profile"]));
    expect(updates.every((c) => (c.change.after?.tags_all as Record<string, string>)["managed-by"] === "iam-cdktf")).toBe(true);

    // Apply it; the next plan has nothing to do (the import blocks stay harmless), and the account kept its keys.
    runTerraform(tdir, ["apply", "-input=false", "-lock=false", "plan.out"], terraformEnvFor(tdir, awsEnv));
    expect(pendingChanges(tdir, awsEnv)).toEqual([]);
    const keysAfter = (aws.aws("iam", "list-access-keys", "--user-name", "quickstart-admin") as { AccessKeyMetadata: AccessKeyMetadata[] }).AccessKeyMetadata;
    expect(keysAfter.map((k) => k.AccessKeyId).sort()).toEqual(keys.filter((k) => k.UserName === "quickstart-admin").map((k) => k.AccessKeyId).sort());
  });
});
