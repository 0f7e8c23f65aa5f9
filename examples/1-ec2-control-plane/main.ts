/**
 * Example 1: a control plane on EC2.
 *
 * The instance runs as a role (no access key anywhere): it discovers EC2 instances, S3 buckets and RDS databases
 * (inventory reader), reads one Secrets Manager secret (the repository passphrase) and stores backups in one S3
 * bucket. The role's instance profile is wired into the `aws_instance`.
 *
 *   node scripts/run.js examples/1-ec2-control-plane/main.ts      # writes cdktf.out/stacks/ec2-control-plane/
 *
 * Replace the account id, secret, bucket and AMI below with yours.
 */
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Ec2ManagedPolicies } from "../../modules/constructs/common-managed-policies";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { TerraformOutput, TerraformVariable } from "../../modules/internal/cdktf";
import type { Construct } from "../../modules/internal/cdktf";
import { Presets } from "../../modules/presets";
import { IamStack } from "../../modules/stack";
import { runExample } from "../runner";
import type { ExampleOptions } from "../runner";

const REGION = "eu-west-1";
const ACCOUNT_ID = "111122223333";
/** The secret's ARN; `-??????` matches the random suffix Secrets Manager appends to the name. */
const PASSPHRASE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:plakar/repository-passphrase-??????`;
const BACKUP_BUCKET = "plakar-backups-example";

export type { ExampleOptions };

/** Builds the example's stack into `app`. */
export function build(app: Construct, { offline = false }: ExampleOptions = {}): IamStack {
  const stack = new IamStack(app, "ec2-control-plane", { region: REGION, offline, defaultTags: { example: "1-ec2-control-plane" } });
  const partition = stack.partition;

  const inventory = new ManagedPolicy(stack, "Inventory", {
    name: "plakar-aws-inventory",
    description: "Discovery of EC2 instances, S3 buckets and RDS databases (list and describe only).",
    document: Presets.inventoryReader({ partition }),
  });
  const secrets = new ManagedPolicy(stack, "Secrets", {
    name: "plakar-secrets-reader",
    description: "Read the Plakar repository passphrase.",
    document: Presets.secretsManagerReader({ secretArns: [PASSPHRASE_SECRET], partition }),
  });

  const role = new Ec2InstanceRole(stack, "ControlPlane", {
    name: "plakar-control-plane",
    description: "Plakar control plane on EC2.",
    managedPolicies: [inventory, secrets, Ec2ManagedPolicies.ssmManagedInstanceCore()],
    inlinePolicies: { backups: Presets.s3Bucket({ bucket: BACKUP_BUCKET, access: "store", partition }) },
  });

  const ami = new TerraformVariable(stack, "ami_id", {
    type: "string",
    description: "AMI of the control plane instance (for example the latest Amazon Linux 2023 of the region).",
    default: "ami-0123456789abcdef0",
  });
  const instance = new Instance(stack, "ControlPlaneInstance", {
    ami: ami.stringValue,
    instanceType: "t3.small",
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }, // IMDSv2 only
    tags: { Name: "plakar-control-plane" },
  });
  // iam_instance_profile = the profile's name, and the instance waits for every policy of the role (boot-time
  // AWS calls find their permissions in place).
  role.attachTo(instance);

  new TerraformOutput(stack, "instance_profile_name", { value: role.instanceProfile.name });
  new TerraformOutput(stack, "instance_id", { value: instance.id });
  return stack;
}

runExample(__filename, build);
