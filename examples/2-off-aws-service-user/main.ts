/**
 * Example 2: the same integration as example 1, running outside AWS.
 *
 * Without an instance role, the process needs an access key. A service user carries the same permissions
 * (inventory, the passphrase secret, the backup bucket); Terraform writes its access key to SSM Parameter Store
 * (SecureString, written with the write-only `value_wo`: no copy in the parameter's state) and rotates it each
 * quarter. The key never passes through a person. The process that fetches the key (for example the deployment
 * pipeline that installs the agent) gets exactly `ssm:GetParameter(s)` on the two parameters: the reader policy.
 *
 *   node scripts/run.js examples/2-off-aws-service-user/main.ts   # writes cdktf.out/stacks/off-aws-service-user/
 *
 * The state still holds the secret (the aws_iam_access_key resource keeps it): keep the state encrypted and
 * access-controlled (an S3 backend with encryption and a restrictive bucket policy, or Terraform Cloud).
 */
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import { TerraformOutput } from "../../modules/internal/cdktf";
import type { Construct } from "../../modules/internal/cdktf";
import { Presets } from "../../modules/presets";
import { IamStack } from "../../modules/stack";
import { runExample } from "../runner";
import type { ExampleOptions } from "../runner";

const REGION = "eu-west-1";
const ACCOUNT_ID = "111122223333";
const PASSPHRASE_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:plakar/repository-passphrase-??????`;
const BACKUP_BUCKET = "plakar-backups-example";

export type { ExampleOptions };

/** Builds the example's stack into `app`. */
export function build(app: Construct, { offline = false }: ExampleOptions = {}): IamStack {
  const stack = new IamStack(app, "off-aws-service-user", { region: REGION, offline, defaultTags: { example: "2-off-aws-service-user" } });
  const partition = stack.partition;

  // A user's inline policies may total only 2,048 characters: the permissions go in managed policies.
  const inventory = new ManagedPolicy(stack, "Inventory", { name: "plakar-agent-inventory", document: Presets.inventoryReader({ partition }) });
  const secrets = new ManagedPolicy(stack, "Secrets", { name: "plakar-agent-secrets", document: Presets.secretsManagerReader({ secretArns: [PASSPHRASE_SECRET], partition }) });
  const backups = new ManagedPolicy(stack, "Backups", { name: "plakar-agent-backups", document: Presets.s3Bucket({ bucket: BACKUP_BUCKET, access: "store", partition }) });

  const agent = new ServiceUser(stack, "Agent", {
    name: "plakar-agent",
    path: "/integrations/",
    managedPolicies: [inventory, secrets, backups],
    accessKey: {
      storeIn: SsmStore.secure({ prefix: "/integrations/plakar" }),
      rotation: Rotation.generation(0, { every: "quarter" }),
    },
  });

  const reader = new ManagedPolicy(stack, "AgentKeysReader", {
    name: "plakar-agent-keys-reader",
    description: "Read the plakar-agent access key from SSM (for the process that installs the agent).",
    document: agent.credentialsReaderPolicy(),
  });

  new TerraformOutput(stack, "access_key_parameters", {
    value: [agent.accessKeyIdParameter!.name, agent.secretAccessKeyParameter!.name],
    description: "SSM parameters holding the agent's access key id and secret.",
  });
  new TerraformOutput(stack, "keys_reader_policy_arn", { value: reader.arn });
  return stack;
}

runExample(__filename, build);
