/**
 * The config-file front end: declare stacks, policies, roles, users and groups in YAML or JSON instead of
 * TypeScript. `loadConfig(app, file, defaults)` reads, checks and builds in one call; every problem of the file is
 * reported at once (file, line, path inside the file, what is wrong, how to fix it) and nothing is built into a
 * usable state when there is any.
 */
import type { Construct } from "../internal/cdktf";
import type { IamStack } from "../stack/iam-stack";
import { buildFromConfig } from "./build";
import type { ConfigDefaults } from "./build";
import { parseConfigText, readConfigFile } from "./load";

export { backendOf, buildFromConfig, parseField, statementOf } from "./build";
export type { ConfigDefaults } from "./build";
export { ConfigError, renderPath } from "./errors";
export type { FileProblem, Segment } from "./errors";
export { displayName, parseConfigText, readConfigFile, throwStructuralProblems } from "./load";
export type { LoadedConfig } from "./load";
export type * from "./types";
export { GROUP_MFA_POLICY_NAME, UserGroup } from "../constructs/user-group";
export type { UserGroupProps } from "../constructs/user-group";

/** Reads a YAML or JSON config file and builds its stacks into `app`. Throws a ConfigError listing every problem. */
export function loadConfig(app: Construct, file: string, defaults: ConfigDefaults): IamStack[] {
  return buildFromConfig(app, readConfigFile(file), defaults);
}

/** Same as {@link loadConfig}, from text (`file` names it in messages). */
export function loadConfigText(app: Construct, text: string, file: string, defaults: ConfigDefaults): IamStack[] {
  return buildFromConfig(app, parseConfigText(text, file), defaults);
}
