/**
 * Jest global setup: one temporary root for the whole run. Every temp folder a
 * test makes (including the ones cdktf's `Testing` helpers make through
 * os.tmpdir()) lands under it, and global teardown removes it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default function globalSetup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-cdktf-jest-"));
  process.env.IAM_TEST_TMP_ROOT = root;
  // Workers inherit this environment: os.tmpdir() now points inside the run's root.
  process.env.TMPDIR = root;
  // Terraform runs of this test run share one CLI config, provider lock file and lock folder.
  process.env.IAM_TEST_TERRAFORM_DIR = path.join(root, "terraform");
}
