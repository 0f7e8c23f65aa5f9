/**
 * The public API of iam-cdktf, and nothing else.
 *
 * Stacks, the policy model, the constructs, presets and the action catalog.
 * Import from here: `import { IamStack, ManagedPolicy, PolicyDocument } from "iam-cdktf"`
 * (or "./modules" inside this repository).
 */
export { Problems, ValidationError, formatProblem } from "./core/errors";
export type { Problem } from "./core/errors";

export * from "./stack";
export * from "./policy";
export * as Catalog from "./catalog";

export { policyToTerraform, validatePolicy } from "./constructs/policy-terraform";
export * from "./constructs/managed-policy";
export * from "./constructs/aws-managed-policy";
export * from "./constructs/attachments";
export * from "./constructs/ec2-instance-role";
export * from "./constructs/instance-profile";
export * from "./constructs/common-managed-policies";
export * from "./constructs/service-user";
export * from "./constructs/ssm-store";
export * from "./constructs/access-key-rotation";
export * from "./constructs/console-access";
export * from "./constructs/mfa-policy";
export * from "./constructs/account-password-policy";
export { checkSsmParameterName, checkSsmPrefix, ssmParameterArn } from "./constructs/ssm-names";
export * as Review from "./review";

// Presets and the config-file front end (issue 6).
export * from "./presets";
export { ConfigError, GROUP_MFA_POLICY_NAME, UserGroup, buildFromConfig, loadConfig, loadConfigText, parseConfigText, readConfigFile } from "./config";
export type { ConfigDefaults, ConfigFile, LoadedConfig, UserGroupProps } from "./config";
