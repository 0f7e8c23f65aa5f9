/**
 * Jest global setup: one temporary root for the whole run, and the one-off Terraform preparation.
 *
 * Every temp folder a test makes (including the ones cdktf's `Testing` helpers make through
 * os.tmpdir()) lands under the run's root, and global teardown removes it.
 *
 * Where Terraform is present, the providers the stacks ask for are installed once here (see
 * `sharedInit` in scripts/lib/terraform.ts), before any worker starts: every offline plan of the run
 * reuses that init. When the install fails (typically: an offline machine without a provider mirror),
 * the run stops here with one message saying what to set, instead of failing every Terraform test.
 * Where Terraform is missing, nothing happens here: the Terraform tests skip (or fail under CI) on
 * their own, see support/terraform.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareTerraformForTests } from "./terraform-setup";

export default function globalSetup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-cdktf-jest-"));
  process.env.IAM_TEST_TMP_ROOT = root;
  // Workers inherit this environment: os.tmpdir() now points inside the run's root.
  process.env.TMPDIR = root;
  // Terraform runs of this test run share one CLI config, provider install and lock file. A folder given
  // in IAM_TEST_TERRAFORM_DIR is kept between runs (its provider install is reused); the default is
  // inside the run's root, removed at the end.
  process.env.IAM_TEST_TERRAFORM_DIR ||= path.join(root, "terraform");
  prepareTerraformForTests(process.env.IAM_TEST_TERRAFORM_DIR);
}
