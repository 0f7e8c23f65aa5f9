import { App, Testing } from "../../modules/internal/cdktf";
import { ValidationError } from "../../modules/core/errors";
import { AWS_PROVIDER_CONSTRAINT, Backend, IamStack, awsProviderConstraintFor, partitionOfRegion } from "../../modules/stack";
import type { IamStackProps } from "../../modules/stack";
import { tempDir } from "../support/terraform";

function synth(props: IamStackProps, id = "iam"): any {
  const app = new App({ outdir: tempDir("stack-") });
  const stack = new IamStack(app, id, props);
  return JSON.parse(Testing.synth(stack));
}

function problemsOf(props: IamStackProps): string[] {
  try {
    synth(props);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems.map((p) => `${p.field}: ${p.rule}`);
  }
  throw new Error("expected a ValidationError");
}

describe("IamStack provider", () => {
  it("configures the region and a pessimistic, fully qualified aws provider constraint that 5.100.0 satisfies", () => {
    const json = synth({ region: "eu-west-1" });
    expect(json.provider.aws).toEqual([{ region: "eu-west-1" }]);
    expect(json.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 5.100" });
    expect(AWS_PROVIDER_CONSTRAINT).toBe("~> 5.100");
    expect(json.terraform.required_version).toBe(">= 1.11");
  });

  it("derives the aws constraint from the provider bindings in use, so provider-aws 21 (AWS 6.x) gets a 6.x constraint", () => {
    const app = new App({ outdir: tempDir("stack-") });
    const stack = new IamStack(app, "iam", { region: "eu-west-1" });
    const bindings = require("@cdktf/provider-aws/package.json").cdktf.provider.version as string;
    expect(stack.awsProviderConstraint).toBe(awsProviderConstraintFor(bindings));
    expect(JSON.parse(Testing.synth(stack)).terraform.required_providers.aws.version).toBe(stack.awsProviderConstraint);
  });

  it.each([
    ["5.100.0", "~> 5.100"],
    ["6.0.0", "~> 6.0"],
    ["6.22.1", "~> 6.22"],
    ["6.3.0-beta1", "~> 6.3"],
  ])("writes the constraint of AWS provider %s as %s", (version, constraint) => {
    expect(awsProviderConstraintFor(version)).toBe(constraint);
  });

  it.each(["", "latest", "6", "v6.1.0"])("rejects the unusable provider version %j with a fix", (version) => {
    expect(() => awsProviderConstraintFor(version)).toThrow(/Fix: install a release of @cdktf\/provider-aws/);
  });

  it("writes default tags (sorted), allowed accounts and the deploy role", () => {
    const json = synth({
      region: "us-east-1",
      defaultTags: { team: "platform", owner: "security" },
      allowedAccountIds: ["123456789012"],
      assumeRole: { roleArn: "arn:aws:iam::123456789012:role/deploy", sessionName: "ci", externalId: "ext-1" },
    });
    const provider = json.provider.aws[0];
    expect(provider.default_tags).toEqual([{ tags: { owner: "security", team: "platform" } }]);
    expect(Object.keys(provider.default_tags[0].tags)).toEqual(["owner", "team"]);
    expect(provider.allowed_account_ids).toEqual(["123456789012"]);
    expect(provider.assume_role).toEqual([{ role_arn: "arn:aws:iam::123456789012:role/deploy", session_name: "ci", external_id: "ext-1" }]);
    expect(provider.skip_credentials_validation).toBeUndefined();
  });

  it("adds the provider's skip flags only when offline", () => {
    const provider = synth({ region: "eu-west-1", offline: true }).provider.aws[0];
    expect(provider).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true" });
    expect(JSON.stringify(provider)).not.toMatch(/access_key|secret_key/);
  });

  it.each([
    ["eu-west-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
  ])("derives the partition of %s as %s", (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
    const app = new App({ outdir: tempDir("stack-") });
    expect(new IamStack(app, "p", { region }).partition).toBe(partition);
  });

  it("finds its enclosing stack from any construct", () => {
    const app = new App({ outdir: tempDir("stack-") });
    const stack = new IamStack(app, "s", { region: "eu-west-1" });
    expect(IamStack.of(stack.provider)).toBe(stack);
    expect(() => IamStack.of(app)).toThrow(/must be created inside an IamStack/);
  });
});

describe("IamStack backends", () => {
  it("defaults to a local state file beside the output folder (outside it), written relative to the stack folder", () => {
    const json = synth({ region: "eu-west-1" }, "prod");
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.prod.tfstate" } });
  });

  it("keeps a relative local path as given", () => {
    expect(synth({ region: "eu-west-1", backend: Backend.local({ path: "../../../state/iam.tfstate" }) }).terraform.backend.local.path).toBe("../../../state/iam.tfstate");
  });

  it("writes S3 with encryption on and an S3 lock file by default, in the stack's region", () => {
    const json = synth({ region: "eu-west-3", backend: Backend.s3({ bucket: "tf-state", key: "iam/prod.tfstate" }) });
    expect(json.terraform.backend).toEqual({ s3: { bucket: "tf-state", key: "iam/prod.tfstate", region: "eu-west-3", encrypt: true, use_lockfile: true } });
  });

  it("uses a DynamoDB table instead of the lock file when one is given, plus KMS and the state role", () => {
    const json = synth({
      region: "eu-west-1",
      backend: Backend.s3({ bucket: "tf-state", key: "iam.tfstate", region: "us-east-1", dynamodbTable: "tf-locks", kmsKeyId: "alias/tf", roleArn: "arn:aws:iam::123456789012:role/state" }),
    });
    expect(json.terraform.backend.s3).toEqual({
      bucket: "tf-state",
      key: "iam.tfstate",
      region: "us-east-1",
      encrypt: true,
      dynamodb_table: "tf-locks",
      kms_key_id: "alias/tf",
      assume_role: { role_arn: "arn:aws:iam::123456789012:role/state" },
    });
  });

  it("allows both lock mechanisms while migrating", () => {
    const s3 = synth({ region: "eu-west-1", backend: Backend.s3({ bucket: "tf-state", key: "k.tfstate", dynamodbTable: "locks", useLockfile: true }) }).terraform.backend.s3;
    expect(s3).toMatchObject({ dynamodb_table: "locks", use_lockfile: true });
  });

  it("writes a Terraform Cloud block for a named workspace", () => {
    const json = synth({ region: "eu-west-1", backend: Backend.cloud({ organization: "acme", workspace: "iam-prod", project: "platform" }) });
    expect(json.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "iam-prod", project: "platform" } });
    expect(json.terraform.backend).toBeUndefined();
  });

  it("writes a Terraform Cloud block selecting workspaces by tags", () => {
    const json = synth({ region: "eu-west-1", backend: Backend.cloud({ organization: "acme", workspaceTags: ["iam", "prod"], hostname: "tfe.example.com" }) });
    expect(json.terraform.cloud).toEqual({ organization: "acme", hostname: "tfe.example.com", workspaces: { tags: ["iam", "prod"] } });
  });
});

describe("IamStack errors", () => {
  it.each<[string, IamStackProps, string[]]>([
    ["missing region", { region: "" }, ["region: The stack needs an AWS region. This is not an AWS region name; regions of the aws partition: af-south-1,"]],
    ["bad region", { region: "Europe" }, ["region: The stack needs an AWS region. This is not an AWS region name;"]],
    ["unknown region", { region: "us-east-99" }, ["region: The stack needs an AWS region. This is not an AWS region in the AWS SDK's partition data; regions of that area: us-east-1, us-east-2"]],
    ["unknown partition", { region: "eu-west-1", partition: "aws-moon" }, ["partition: Unknown AWS partition; known: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-f, aws-iso-e, aws-eusc."]],
    ["partition of another region", { region: "eu-west-1", partition: "aws-cn" }, ['partition: Region "eu-west-1" belongs to partition "aws", not "aws-cn"']],
    ["reserved tag", { region: "eu-west-1", defaultTags: { "aws:owner": "x" } }, ['defaultTags["aws:owner"]: Tag keys starting with `aws:` are reserved for AWS.']],
    ["short account id", { region: "eu-west-1", allowedAccountIds: ["12345"] }, ["allowedAccountIds[0]: An AWS account id is exactly 12 digits."]],
    ["empty account list", { region: "eu-west-1", allowedAccountIds: [] }, ["allowedAccountIds: An empty list of allowed accounts would make every plan fail."]],
    ["bad deploy role", { region: "eu-west-1", assumeRole: { roleArn: "deploy", sessionName: "a b" } }, ["assumeRole.roleArn: This is not an IAM role ARN.", "assumeRole.sessionName: A session name is 2 to 64 letters, digits and + = , . @ _ -."]],
    ["absolute local path", { region: "eu-west-1", backend: Backend.local({ path: "/var/state/iam.tfstate" }) }, ["backend.path: The local state path is absolute, which ties the synthesized JSON to this machine."]],
    ["S3 without bucket and key", { region: "eu-west-1", backend: Backend.s3({ bucket: "", key: "" }) }, ["backend.bucket: The S3 backend needs a bucket.", "backend.key: The S3 backend needs the key of the state object."]],
    ["S3 bucket given as ARN", { region: "eu-west-1", backend: Backend.s3({ bucket: "arn:aws:s3:::tf-state", key: "k" }) }, ["backend.bucket: This is not a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)."]],
    ["S3 unencrypted", { region: "eu-west-1", backend: Backend.s3({ bucket: "tf-state", key: "k", encrypt: false }) }, ["backend.encrypt: The state holds secrets (access keys are kept in state), so it must be encrypted at rest."]],
    ["S3 without locking", { region: "eu-west-1", backend: Backend.s3({ bucket: "tf-state", key: "k", useLockfile: false }) }, ["backend.useLockfile: State locking is off: two runs at once could corrupt the state."]],
    ["S3 key with leading slash", { region: "eu-west-1", backend: Backend.s3({ bucket: "tf-state", key: "/iam.tfstate" }) }, ["backend.key: The state key must not start or end with `/`."]],
    ["cloud without organization or workspace", { region: "eu-west-1", backend: Backend.cloud({ organization: "" }) }, ["backend.organization: The Terraform Cloud backend needs an organization.", "backend.workspace: The Terraform Cloud backend needs a workspace."]],
    ["cloud with name and tags", { region: "eu-west-1", backend: Backend.cloud({ organization: "acme", workspace: "w", workspaceTags: ["t"] }) }, ["backend.workspaceTags: `workspace` and `workspaceTags` are mutually exclusive."]],
    ["cloud with empty tags", { region: "eu-west-1", backend: Backend.cloud({ organization: "acme", workspaceTags: [] }) }, ["backend.workspaceTags: An empty tag list selects no workspace."]],
    ["cloud with bad workspace name", { region: "eu-west-1", backend: Backend.cloud({ organization: "acme", workspace: "my workspace" }) }, ["backend.workspace: A workspace name is 1 to 90 letters, digits, _ and -."]],
  ])("rejects %s", (_name, props, expected) => {
    // Each problem starts with the expected text (region problems go on to list the regions that exist).
    const got = problemsOf(props);
    expect(got).toHaveLength(expected.length);
    got.forEach((g, i) => expect(g.startsWith(expected[i] as string) ? expected[i] : g).toBe(expected[i]));
  });

  it("names the stack, the field, the value and the fix in the message", () => {
    expect(() => synth({ region: "eu-west-1", backend: Backend.s3({ bucket: "tf-state", key: "k", encrypt: false }) }, "prod")).toThrow(
      'Invalid IamStack "prod" (1 problem):\n  - prod: backend.encrypt = false: The state holds secrets (access keys are kept in state), so it must be encrypted at rest. Fix: Remove `encrypt: false`.',
    );
  });
});
