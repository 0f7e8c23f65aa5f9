/**
 * Settings of the default app, read from the cdktf context (the "context" object of
 * cdktf.json; context on the cdktf command line does not reach the app) first, then from the environment, so one app serves
 * a laptop and CI. Nothing is required: a fresh clone synthesizes as is.
 *
 * | setting | context | environment | default |
 * | --- | --- | --- | --- |
 * | stack name | `stack` | `IAM_STACK_NAME` | `iam` |
 * | region | `region` | `AWS_REGION`, `AWS_DEFAULT_REGION` | `eu-west-1` |
 * | backend | `backend` | `IAM_BACKEND` | `local` (`s3`, `cloud`) |
 * | local state path | `statePath` | `IAM_STATE_PATH` | `terraform.<stack>.tfstate` |
 * | S3 bucket, key, region | `stateBucket`, `stateKey`, `stateRegion` | `IAM_STATE_BUCKET`, `IAM_STATE_KEY`, `IAM_STATE_REGION` | key `iam/<stack>.tfstate`, the stack region |
 * | S3 DynamoDB lock table | `stateDynamodbTable` | `IAM_STATE_DYNAMODB_TABLE` | S3 lock file |
 * | S3 state KMS key | `stateKmsKeyId` | `IAM_STATE_KMS_KEY_ID` | bucket default |
 * | Terraform Cloud organization | `tfcOrganization` | `TF_CLOUD_ORGANIZATION` | |
 * | Terraform Cloud workspace / tags | `tfcWorkspace` / `tfcWorkspaceTags` (comma list) | `TF_WORKSPACE` / `IAM_TFC_WORKSPACE_TAGS` | |
 * | Terraform Cloud project, host | `tfcProject`, `tfcHostname` | `TF_CLOUD_PROJECT`, `TF_CLOUD_HOSTNAME` | |
 * | deploy role | `deployRoleArn` | `IAM_DEPLOY_ROLE_ARN` | none |
 * | allowed accounts | `allowedAccountIds` (comma list) | `IAM_ALLOWED_ACCOUNT_IDS` | any |
 * | offline plan | `offline` | `IAM_OFFLINE` (`1`/`true`) | off |
 */
import { Problems } from "../core/errors";
import type { Construct } from "../internal/cdktf";
import { Backend } from "../stack/backend";
import type { IamStackProps } from "../stack/iam-stack";

/** The resolved settings of the default app. */
export interface AppSettings {
  readonly stackName: string;
  readonly stackProps: IamStackProps;
}

type Source = (contextKey: string, envKeys: string[]) => string | undefined;

/** Reads the default app's settings from a construct's context and an environment. */
export function readAppSettings(scope: Construct, env: NodeJS.ProcessEnv = process.env): AppSettings {
  const get: Source = (contextKey, envKeys) => {
    const fromContext = scope.node.tryGetContext(contextKey) as unknown;
    if (fromContext !== undefined && fromContext !== null && fromContext !== "") return String(fromContext);
    for (const key of envKeys) {
      const value = env[key];
      if (value !== undefined && value !== "") return value;
    }
    return undefined;
  };
  const list = (value: string | undefined) => (value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean));
  const problems = new Problems("default app settings");

  const stackName = get("stack", ["IAM_STACK_NAME"]) ?? "iam";
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(stackName)) {
    problems.add("stack (IAM_STACK_NAME)", stackName, "A stack name starts with a letter and holds letters, digits, _ and - (at most 64).", 'Use a name such as "iam-production".');
  }
  const region = get("region", ["AWS_REGION", "AWS_DEFAULT_REGION"]) ?? "eu-west-1";
  const kind = (get("backend", ["IAM_BACKEND"]) ?? "local").toLowerCase();
  let backend: Backend | undefined;
  switch (kind) {
    case "local": {
      const path = get("statePath", ["IAM_STATE_PATH"]);
      backend = Backend.local(path !== undefined ? { path } : {});
      break;
    }
    case "s3": {
      const bucket = get("stateBucket", ["IAM_STATE_BUCKET"]);
      if (!bucket) problems.add("stateBucket (IAM_STATE_BUCKET)", bucket, "The S3 backend was chosen but no state bucket is set.", "Set IAM_STATE_BUCKET (or context stateBucket) to the state bucket's name.");
      const dynamodbTable = get("stateDynamodbTable", ["IAM_STATE_DYNAMODB_TABLE"]);
      const stateRegion = get("stateRegion", ["IAM_STATE_REGION"]);
      const kmsKeyId = get("stateKmsKeyId", ["IAM_STATE_KMS_KEY_ID"]);
      backend = Backend.s3({
        bucket: bucket ?? "",
        key: get("stateKey", ["IAM_STATE_KEY"]) ?? `iam/${stackName}.tfstate`,
        ...(stateRegion ? { region: stateRegion } : {}),
        ...(dynamodbTable ? { dynamodbTable } : {}),
        ...(kmsKeyId ? { kmsKeyId } : {}),
      });
      break;
    }
    case "cloud": {
      const organization = get("tfcOrganization", ["TF_CLOUD_ORGANIZATION"]);
      if (!organization) problems.add("tfcOrganization (TF_CLOUD_ORGANIZATION)", organization, "The Terraform Cloud backend was chosen but no organization is set.", "Set TF_CLOUD_ORGANIZATION (or context tfcOrganization).");
      const workspace = get("tfcWorkspace", ["TF_WORKSPACE"]);
      const workspaceTags = list(get("tfcWorkspaceTags", ["IAM_TFC_WORKSPACE_TAGS"]));
      const project = get("tfcProject", ["TF_CLOUD_PROJECT"]);
      const hostname = get("tfcHostname", ["TF_CLOUD_HOSTNAME"]);
      backend = Backend.cloud({
        organization: organization ?? "",
        ...(workspace !== undefined ? { workspace } : {}),
        ...(workspaceTags !== undefined ? { workspaceTags } : {}),
        ...(project ? { project } : {}),
        ...(hostname ? { hostname } : {}),
      });
      break;
    }
    default:
      problems.add("backend (IAM_BACKEND)", kind, "Unknown backend.", 'Use "local", "s3" or "cloud".');
  }
  const deployRoleArn = get("deployRoleArn", ["IAM_DEPLOY_ROLE_ARN"]);
  const allowedAccountIds = list(get("allowedAccountIds", ["IAM_ALLOWED_ACCOUNT_IDS"]));
  const offlineText = get("offline", ["IAM_OFFLINE"]);
  if (offlineText !== undefined && !/^(1|0|true|false|yes|no)$/i.test(offlineText)) {
    problems.add("offline (IAM_OFFLINE)", offlineText, "Not a yes/no value.", 'Use "1" or "true" to plan offline, "0" or "false" (or leave it unset) otherwise.');
  }
  problems.throwIfAny("Invalid settings for the default app");
  return {
    stackName,
    stackProps: {
      region,
      ...(backend ? { backend } : {}),
      ...(deployRoleArn ? { assumeRole: { roleArn: deployRoleArn, sessionName: "iam-cdktf" } } : {}),
      ...(allowedAccountIds ? { allowedAccountIds } : {}),
      offline: offlineText !== undefined && /^(1|true|yes)$/i.test(offlineText),
    },
  };
}
