/**
 * The Terraform preparation of a test run, done once by Jest's global setup (see global-setup.ts):
 * check that Terraform can install the AWS provider, and install it into the shared data folder every
 * offline plan of the run reuses.
 */
import { MIRROR_ENV, sharedInit, terraformAvailable, terraformEnv } from "../../scripts/lib/terraform";
import { AWS_PROVIDER_CONSTRAINT } from "../../modules/stack/iam-stack";

/** The required providers every IamStack writes (modules/stack/iam-stack.ts). */
export const IAM_STACK_PROVIDERS = { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT } };

/**
 * Installs the providers of the tests' stacks once. Throws one error, with the fix, when Terraform is
 * present but cannot install them. Does nothing when Terraform is absent (the Terraform tests then skip,
 * or fail under CI, with their own message).
 */
export function prepareTerraformForTests(workDir: string): void {
  if (!terraformAvailable()) return;
  const env = terraformEnv({ offline: true, workDir });
  try {
    sharedInit(workDir, env, IAM_STACK_PROVIDERS);
  } catch (e) {
    const mirror = process.env[MIRROR_ENV];
    const fix = mirror
      ? `Fix: make ${MIRROR_ENV}=${mirror} a Terraform filesystem mirror holding registry.terraform.io/hashicorp/aws (made with \`terraform providers mirror <dir>\`).`
      : `Fix: on a machine without access to registry.terraform.io, set ${MIRROR_ENV} to a provider mirror folder, e.g.\n  ${MIRROR_ENV}=/opt/tf-plugins npm test\n(a mirror is made with \`terraform providers mirror <dir>\` on a connected machine).`;
    throw new Error(`The tests that run real Terraform cannot start: terraform init could not install the AWS provider.\n${fix}\n\nTerraform said:\n${(e as Error).message.replace(/\nFix: Terraform could not reach[^]*$/, "")}`);
  }
}
