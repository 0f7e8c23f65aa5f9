/**
 * The default app. `npm run synth` (cdktf synth) runs this file and writes
 * Terraform JSON to cdktf.out/stacks/<stack>/cdk.tf.json.
 *
 * It builds the stacks declared in a config file: `"config"` in the `"context"` of
 * cdktf.json, else the IAM_CONFIG environment
 * variable, else iam.config.yaml next to this file. Stack settings the file does
 * not give (name, region, backend, offline planning) come from cdktf.json's context
 * or the environment: see modules/app/default-app.ts and the README.
 * A file with problems is reported in full and nothing is synthesized.
 */
import * as path from "node:path";
import { buildDefaultApp } from "./modules/app/default-app";
import { readAppSettings } from "./modules/app/settings";
import { ValidationError } from "./modules/core/errors";
import { App } from "./modules/internal/cdktf";

const app = new App();
try {
  buildDefaultApp(app, readAppSettings(app), { defaultConfigPath: path.join(__dirname, "iam.config.yaml") });
  // The whole-app checks run inside synth: their ValidationError is reported the same way.
  app.synth();
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
