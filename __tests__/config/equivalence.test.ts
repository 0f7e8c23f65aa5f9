/**
 * A valid config file and the same stack written in TypeScript synthesize byte-identical Terraform JSON.
 */
import * as path from "node:path";
import { buildFromConfig, readConfigFile, UserGroup } from "../../modules/config";
import { AccountPasswordPolicy } from "../../modules/constructs/account-password-policy";
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import type { App } from "../../modules/internal/cdktf";
import { Condition, PolicyDocument, Principal } from "../../modules/policy";
import { Presets } from "../../modules/presets";
import { Backend, IamStack } from "../../modules/stack";
import { synthToDir } from "../support/terraform";

const FILE = path.join(__dirname, "..", "fixtures", "config", "valid", "full.yaml");

/** The stack of full.yaml, written with the TypeScript API. */
function writtenInTypeScript(app: App): void {
  const stack = new IamStack(app, "platform", {
    region: "eu-west-3",
    backend: Backend.s3({ bucket: "acme-tf-state", key: "iam/platform.tfstate", dynamodbTable: "tf-locks" }),
    defaultTags: { owner: "platform" },
    allowedAccountIds: ["111122223333"],
    assumeRole: { roleArn: "arn:aws:iam::111122223333:role/terraform-deploy", sessionName: "iam-cdktf" },
  });
  const partition = stack.partition;
  const inventory = new ManagedPolicy(stack, "Inventory", {
    name: "plakar-aws-inventory",
    path: "/integrations/",
    description: "Discovery of EC2, S3 and RDS.",
    tags: { team: "backup" },
    document: Presets.inventoryReader({ partition }),
  });
  new ManagedPolicy(stack, "Pasted", {
    name: "pasted-from-console",
    document: PolicyDocument.fromJson({ Version: "2012-10-17", Statement: [{ Sid: "ListBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }),
  });
  new ManagedPolicy(stack, "Backups", {
    name: "plakar-backups",
    mergeStatements: true,
    document: PolicyDocument.combine(
      new PolicyDocument({
        statements: [
          {
            sid: "DenyInsecureTransport",
            effect: "Deny",
            actions: ["s3:*"],
            resources: ["arn:aws:s3:::plakar-backups", "arn:aws:s3:::plakar-backups/*"],
            conditions: [Condition.bool("aws:SecureTransport", false)],
          },
        ],
      }),
      Presets.s3Bucket({ bucket: "plakar-backups", access: "store", partition }),
      Presets.secretsManagerReader({ secretArns: ["arn:aws:secretsmanager:eu-west-3:111122223333:secret:plakar/passphrase-??????"], partition }),
    ),
  });
  const developers = new UserGroup(stack, "developers", {
    name: "developers",
    path: "/humans/",
    managedPolicies: [AwsManagedPolicy.fromName("ViewOnlyAccess")],
    enforceMfa: true,
  });
  const sekoia = new ServiceUser(stack, "Sekoia", {
    name: "sekoia-iam-reader",
    path: "/integrations/",
    tags: { vendor: "sekoia" },
    inlinePolicies: { connector: Presets.iamReadConnector({ partition }) },
    accessKey: {
      storeIn: SsmStore.secure({ prefix: "/integrations/sekoia", kmsKeyArn: "arn:aws:kms:eu-west-3:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }),
      rotation: Rotation.generation(2, { every: "quarter" }),
    },
  });
  const keysReader = new ManagedPolicy(stack, "SekoiaKeysReader", { name: "sekoia-keys-reader", document: sekoia.credentialsReaderPolicy() });
  new ServiceUser(stack, "alice", {
    name: "alice",
    path: "/humans/",
    groups: [developers.name],
    console: { pgpKey: "keybase:alice_example", enforceMfa: false },
  });
  new Ec2InstanceRole(stack, "ControlPlane", {
    name: "plakar-control-plane",
    maxSessionDuration: 7200,
    permissionsBoundary: AwsManagedPolicy.fromArn("arn:aws:iam::111122223333:policy/boundaries/workload"),
    managedPolicies: [inventory, AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore"), keysReader],
    inlinePolicies: { backups: Presets.s3Bucket({ bucket: "plakar-backups", access: "source", partition }) },
    additionalTrustStatements: [{ sid: "TrustCiRole", actions: ["sts:AssumeRole"], principals: [Principal.arn("arn:aws:iam::111122223333:role/ci")] }],
    instanceProfile: { name: "plakar-control-plane-profile" },
  });
  new Ec2InstanceRole(stack, "Lister", {
    name: "s3-lister",
    instanceProfile: false,
    inlinePolicies: { list: Presets.s3BucketLister({ buckets: ["reports"], partition }) },
  });
  new AccountPasswordPolicy(stack, "PasswordPolicy", { minimumPasswordLength: 16 });
}

describe("a config file and the same stack in TypeScript", () => {
  it("synthesize byte-identical Terraform JSON", () => {
    const fromFile = synthToDir((app) => {
      buildFromConfig(app, readConfigFile(FILE), { stackName: "ignored", stackProps: { region: "us-east-1" } });
    });
    const fromCode = synthToDir(writtenInTypeScript);
    const text = fromFile.text("platform");
    expect(text).toBe(fromCode.text("platform"));
    // It is a real stack: every kind of resource the file declares is there.
    const types = Object.keys(fromFile.json("platform").resource).sort();
    expect(types).toEqual(
      expect.arrayContaining([
        "aws_iam_access_key",
        "aws_iam_account_password_policy",
        "aws_iam_group",
        "aws_iam_group_policy",
        "aws_iam_group_policy_attachment",
        "aws_iam_instance_profile",
        "aws_iam_policy",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_iam_user",
        "aws_iam_user_group_membership",
        "aws_iam_user_login_profile",
        "aws_iam_user_policy",
        "aws_ssm_parameter",
      ]),
    );
  });
});
