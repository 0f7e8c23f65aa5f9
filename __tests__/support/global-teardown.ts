/** Jest global teardown: removes the run's temporary root (see global-setup.ts). */
import * as fs from "node:fs";
import { stopAttachedProviders } from "./provider-server";

export default function globalTeardown(): void {
  stopAttachedProviders();
  const root = process.env.IAM_TEST_TMP_ROOT;
  if (root && !process.env.IAM_TEST_KEEP_TMP) fs.rmSync(root, { recursive: true, force: true });
}
