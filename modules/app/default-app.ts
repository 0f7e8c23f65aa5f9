/**
 * The default app: what `npm run synth` builds. It reads a config file (YAML or JSON) and builds the stacks it
 * declares, with the app's settings as defaults.
 *
 * Which file: the cdktf context `config` ("context" in cdktf.json), else the environment
 * variable `IAM_CONFIG`, else `iam.config.yaml` next to main.ts. Relative paths are read from the working folder.
 *
 * Precedence of stack settings (name, region, backend, default tags, deploy role, allowed accounts):
 *   1. what a stack in the file says (`stack:` or an entry of `stacks:`);
 *   2. the cdktf context ("context" in cdktf.json);
 *   3. the environment (AWS_REGION, IAM_BACKEND, ...);
 *   4. the built-in defaults (stack "iam", region eu-west-1, local state).
 * `offline` (provider skip flags for offline plans) is a property of the run, not of the declaration: it comes from
 * the context or environment only and applies to every stack. Default tags merge: `managed-by: iam-cdktf`, then the
 * file's `defaultTags`.
 */
import * as path from "node:path";
import { loadConfig } from "../config";
import type { ConfigDefaults } from "../config";
import type { Construct } from "../internal/cdktf";
import type { IamStack } from "../stack/iam-stack";
import { readAppSettings } from "./settings";
import type { AppSettings } from "./settings";

/** Options of {@link buildDefaultApp}. */
export interface DefaultAppOptions {
  /**
   * The config file to read.
   * @default the context `config`, else the environment variable IAM_CONFIG, else `defaultConfigPath`
   */
  readonly configPath?: string;
  /**
   * The file read when neither the context nor the environment names one.
   * @default iam.config.yaml at the root of this repository
   */
  readonly defaultConfigPath?: string;
  /**
   * The environment read for IAM_CONFIG and for the settings of further stacks.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** The repository's default config file. */
export const DEFAULT_CONFIG_PATH = path.resolve(__dirname, "..", "..", "iam.config.yaml");

/** The config file the default app reads, by precedence: option, context `config`, IAM_CONFIG, the default. */
export function configPathOf(app: Construct, options: DefaultAppOptions = {}): string {
  if (options.configPath) return options.configPath;
  const fromContext = app.node.tryGetContext("config") as unknown;
  if (typeof fromContext === "string" && fromContext !== "") return fromContext;
  const fromEnv = (options.env ?? process.env).IAM_CONFIG;
  if (fromEnv) return fromEnv;
  return options.defaultConfigPath ?? DEFAULT_CONFIG_PATH;
}

/** The defaults a config file's stacks start from: the app's settings. */
export function configDefaults(app: Construct, settings: AppSettings, env: NodeJS.ProcessEnv = process.env): ConfigDefaults {
  return {
    stackName: settings.stackName,
    stackProps: { ...settings.stackProps, defaultTags: { "managed-by": "iam-cdktf", ...(settings.stackProps.defaultTags ?? {}) } },
    // A stack with another name reads the settings again under its own name (the S3 key default is iam/<stack>.tfstate).
    backendFor: (stackName) => {
      if (stackName === settings.stackName) return settings.stackProps.backend;
      const scope = { node: { tryGetContext: (key: string) => (key === "stack" ? stackName : app.node.tryGetContext(key)) } } as unknown as Construct;
      return readAppSettings(scope, { ...env, IAM_STACK_NAME: stackName }).stackProps.backend;
    },
  };
}

/** Builds the default app's stacks into `app`: the stacks of the config file, with the app's settings as defaults. */
export function buildDefaultApp(app: Construct, settings: AppSettings = readAppSettings(app), options: DefaultAppOptions = {}): IamStack[] {
  const env = options.env ?? process.env;
  return loadConfig(app, configPathOf(app, options), configDefaults(app, settings, env));
}
