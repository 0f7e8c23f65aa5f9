/**
 * The default app. `npm run synth` (cdktf synth) runs this file and writes
 * Terraform JSON to cdktf.out/stacks/<stack>/cdk.tf.json.
 *
 * Settings (stack name, region, backend, offline planning) come from the cdktf
 * context or the environment: see modules/app/settings.ts and the README.
 */
import { buildDefaultApp } from "./modules/app/default-app";
import { App } from "./modules/internal/cdktf";

const app = new App();
buildDefaultApp(app);
app.synth();
