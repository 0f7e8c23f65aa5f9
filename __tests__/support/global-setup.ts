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
 *
 * Terraform and the AWS provider (Go programs) run with their garbage collector off below a heap of 1 GiB
 * (`GOGC=off GOMEMLIMIT=1GiB`, unless set already): each of their processes is short-lived and spends
 * most of its time decoding or building the provider's schema, where the collector cost about a third
 * of their CPU time (measured on `terraform plan`, `show` and `validate` of example 1: 3.6 → 2.9 s,
 * 3.0 → 1.9 s and 3.1 → 2.1 s of CPU, peak memory 520 → 670 MB per process).
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
  // Read by Terraform and the provider it starts (workers and their children inherit it); see the header.
  process.env.GOGC ??= "off";
  process.env.GOMEMLIMIT ??= "1GiB";
  // Terraform runs of this test run share one CLI config, provider install and lock file. A folder given
  // in IAM_TEST_TERRAFORM_DIR is kept between runs (its provider install is reused); the default is
  // inside the run's root, removed at the end.
  process.env.IAM_TEST_TERRAFORM_DIR ||= path.join(root, "terraform");
  prepareTerraformForTests(process.env.IAM_TEST_TERRAFORM_DIR);
}
