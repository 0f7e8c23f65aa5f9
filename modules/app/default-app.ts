/**
 * The default app: what `npm run synth` builds on a fresh clone.
 *
 * It shows the library at work on a small, realistic setup. Replace it with
 * your own stacks (or, later, a config file) for real use.
 */
import type { Construct } from "../internal/cdktf";
import { IamStack } from "../stack/iam-stack";
import { readAppSettings } from "./settings";
import type { AppSettings } from "./settings";

/** Builds the default app's stacks into `app`. */
export function buildDefaultApp(app: Construct, settings: AppSettings = readAppSettings(app)): IamStack[] {
  const stack = new IamStack(app, settings.stackName, {
    ...settings.stackProps,
    defaultTags: { "managed-by": "iam-cdktf", ...(settings.stackProps.defaultTags ?? {}) },
  });
  return [stack];
}
