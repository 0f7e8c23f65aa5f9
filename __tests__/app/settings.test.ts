import { App } from "../../modules/internal/cdktf";
import { readAppSettings } from "../../modules/app/settings";
import { ValidationError } from "../../modules/core/errors";
import { IamStack } from "../../modules/stack";
import { Testing } from "../../modules/internal/cdktf";
import { tempDir } from "../support/terraform";

function settings(env: NodeJS.ProcessEnv, context: Record<string, string> = {}) {
  const app = new App({ outdir: tempDir("settings-"), context });
  return { app, s: readAppSettings(app, env) };
}

function synthWith(env: NodeJS.ProcessEnv, context: Record<string, string> = {}): any {
  const { app, s } = settings(env, context);
  return JSON.parse(Testing.synth(new IamStack(app, s.stackName, s.stackProps)));
}

describe("default app settings", () => {
  it("needs no configuration on a fresh clone", () => {
    const { s } = settings({});
    expect(s.stackName).toBe("iam");
    expect(s.stackProps.region).toBe("eu-west-1");
    expect(s.stackProps.offline).toBe(false);
    expect(s.stackProps.backend?.kind).toBe("local");
  });

  it("reads the environment", () => {
    const json = synthWith({ IAM_STACK_NAME: "prod", AWS_REGION: "us-east-2", IAM_BACKEND: "s3", IAM_STATE_BUCKET: "tf-state", IAM_ALLOWED_ACCOUNT_IDS: "123456789012, 210987654321", IAM_OFFLINE: "true" });
    expect(json.terraform.backend.s3).toEqual({ bucket: "tf-state", key: "iam/prod.tfstate", region: "us-east-2", encrypt: true, use_lockfile: true });
    expect(json.provider.aws[0]).toMatchObject({ region: "us-east-2", allowed_account_ids: ["123456789012", "210987654321"], skip_credentials_validation: true });
  });

  it("prefers the cdktf context over the environment", () => {
    const { s } = settings({ AWS_REGION: "us-east-2", IAM_STACK_NAME: "fromenv" }, { region: "ap-southeast-2", stack: "fromcontext" });
    expect(s.stackName).toBe("fromcontext");
    expect(s.stackProps.region).toBe("ap-southeast-2");
  });

  it("selects Terraform Cloud workspaces by tags from the environment", () => {
    const json = synthWith({ IAM_BACKEND: "cloud", TF_CLOUD_ORGANIZATION: "acme", IAM_TFC_WORKSPACE_TAGS: "iam,prod" });
    expect(json.terraform.cloud).toEqual({ organization: "acme", workspaces: { tags: ["iam", "prod"] } });
  });

  it("reports every missing setting at once", () => {
    try {
      settings({ IAM_BACKEND: "s3", IAM_OFFLINE: "maybe", IAM_STACK_NAME: "1bad" });
      throw new Error("expected an error");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems.map((p) => p.field)).toEqual(["stack (IAM_STACK_NAME)", "stateBucket (IAM_STATE_BUCKET)", "offline (IAM_OFFLINE)"]);
    }
  });

  it("rejects an unknown backend with the accepted values", () => {
    expect(() => settings({ IAM_BACKEND: "gcs" })).toThrow('backend (IAM_BACKEND) = "gcs": Unknown backend. Fix: Use "local", "s3" or "cloud".');
  });
});
