/**
 * The shape of a config file (YAML or JSON), as TypeScript types. `schema.json` is the same shape as a JSON Schema
 * (for editors and for validation); the builder maps each part onto the TypeScript API:
 *
 * | file | TypeScript |
 * | --- | --- |
 * | `stack` / `stacks[i]` settings | `new IamStack(app, name, { region, backend: Backend.*, defaultTags, ... })` |
 * | `policies[i]` | `new ManagedPolicy(stack, id, { name, document })` |
 * | document `statements` / `presets` | `new PolicyDocument({ statements })`, `Presets.*(...)` |
 * | `roles[i]` | `new Ec2InstanceRole(stack, id, {...})` |
 * | `users[i]` | `new ServiceUser(stack, id, {...})` with `SsmStore.secure(...)`, `Rotation.generation(...)` |
 * | `users[i].credentialsReaderPolicy` | `new ManagedPolicy(stack, id, { document: user.credentialsReaderPolicy() })` |
 * | `groups[i]` | `new UserGroup(stack, id, {...})` |
 * | `passwordPolicy` | `new AccountPasswordPolicy(stack, "PasswordPolicy", {...})` |
 */

/** A string, or a list of strings (`actions: s3:GetObject` or `actions: [s3:GetObject]`). */
export type StringOrList = string | string[];

/** A principal of a trust statement: exactly one key. */
export interface PrincipalConfig {
  service?: string;
  account?: string;
  arn?: string;
  federated?: string;
}

/** One statement, with the field names of `StatementProps`. */
export interface StatementConfig {
  sid?: string;
  effect?: "Allow" | "Deny";
  actions?: StringOrList;
  notActions?: StringOrList;
  resources?: StringOrList;
  notResources?: StringOrList;
  principals?: PrincipalConfig[];
  notPrincipals?: PrincipalConfig[];
  /** IAM JSON form: `{ StringEquals: { "aws:PrincipalOrgID": "o-..." } }`. */
  conditions?: Record<string, Record<string, string | number | boolean | Array<string | number | boolean>>>;
  allowBroad?: { reason: string };
  skipCatalogCheck?: { reason: string };
}

/** A preset used in a document: `{ preset: s3Bucket, bucket: ..., access: store }`. */
export type PresetConfig =
  | { preset: "inventoryReader" }
  | { preset: "iamReadConnector" }
  | { preset: "s3Bucket"; bucket: string; access: "source" | "store" | "destination" }
  | { preset: "secretsManagerReader"; secretArns: string[]; kmsKeyArns?: string[] }
  | { preset: "s3BucketLister"; buckets?: string[] };

/** A policy document: statements, an AWS JSON document and presets, combined in that order. */
export interface DocumentConfig {
  statements?: StatementConfig[];
  /** A policy in AWS's JSON form (`PolicyDocument.fromJson`). */
  json?: Record<string, unknown>;
  presets?: PresetConfig[];
}

/** A customer managed policy. */
export interface PolicyConfig extends DocumentConfig {
  id?: string;
  allowCreateBeforeDestroy?: { reason: string };
  name?: string;
  namePrefix?: string;
  path?: string;
  description?: string;
  tags?: Record<string, string>;
  mergeStatements?: boolean;
  /**
   * Adopt what exists: import the IAM objects this entry declares (Terraform `import` blocks, IDs in the AWS
   * provider's format) instead of creating them. Written by `npm run adopt`; see docs/adopt.md.
   * @default false
   */
  import?: boolean;
}

/** An EC2 instance role with its instance profile. */
export interface RoleConfig {
  id?: string;
  allowCreateBeforeDestroy?: { reason: string };
  name?: string;
  namePrefix?: string;
  path?: string;
  description?: string;
  maxSessionDuration?: number;
  permissionsBoundary?: string;
  tags?: Record<string, string>;
  managedPolicies?: string[];
  managedPolicyQuota?: number;
  inlinePolicies?: Record<string, DocumentConfig>;
  trustedService?: string;
  additionalTrustStatements?: StatementConfig[];
  trustPolicyQuota?: number;
  /** The whole trust policy, replacing the EC2 statement (a role adopted as it is). Not with trustedService/additionalTrustStatements. */
  trustPolicy?: DocumentConfig;
  /**
   * Adopt what exists: import the IAM objects this entry declares (Terraform `import` blocks, IDs in the AWS
   * provider's format) instead of creating them. Written by `npm run adopt`; see docs/adopt.md.
   * @default false
   */
  import?: boolean;
  /** Options, or `false` for none (`true` is rejected: the profile is made by default). */
  instanceProfile?: false | { name?: string; path?: string; tags?: Record<string, string>; inheritRoleTags?: boolean };
}

/** A service (or human) user. */
export interface UserConfig {
  id?: string;
  name: string;
  path?: string;
  permissionsBoundary?: string;
  forceDestroy?: boolean;
  tags?: Record<string, string>;
  managedPolicies?: string[];
  managedPolicyQuota?: number;
  inlinePolicies?: Record<string, DocumentConfig>;
  policiesVia?: "user" | "group";
  group?: { name?: string; path?: string };
  groups?: string[];
  accessKey?: {
    storeIn?: { prefix: string; kmsKeyArn?: string; awsManagedKey?: { reason: string }; tier?: "Standard" | "Advanced" | "Intelligent-Tiering"; description?: string; tags?: Record<string, string>; writeOnly?: boolean };
    pgpKey?: string;
    rotation?: { generation: number; every?: "month" | "quarter" | "year" };
    deactivatePrevious?: boolean;
    exposureOptOut?: { reason: string };
  };
  console?: { pgpKey: string; passwordLength?: number; passwordResetRequired?: boolean; enforceMfa?: boolean };
  credentialsReaderPolicy?: { id?: string; name?: string; path?: string; description?: string; accountId?: string };
  /**
   * Adopt what exists: import the IAM objects this entry declares (Terraform `import` blocks, IDs in the AWS
   * provider's format) instead of creating them. Written by `npm run adopt`; see docs/adopt.md.
   * @default false
   */
  import?: boolean;
}

/** A group of users. */
export interface GroupConfig {
  id?: string;
  name: string;
  path?: string;
  managedPolicies?: string[];
  managedPolicyQuota?: number;
  inlinePolicies?: Record<string, DocumentConfig>;
  enforceMfa?: boolean;
  memberPath?: string;
  /**
   * Adopt what exists: import the IAM objects this entry declares (Terraform `import` blocks, IDs in the AWS
   * provider's format) instead of creating them. Written by `npm run adopt`; see docs/adopt.md.
   * @default false
   */
  import?: boolean;
}

/** The account password policy (`AccountPasswordPolicyProps`). */
export interface PasswordPolicyConfig {
  minimumPasswordLength?: number;
  requireLowercase?: boolean;
  requireUppercase?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
  allowUsersToChangePassword?: boolean;
  maxPasswordAgeDays?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

/** A state backend. */
export type BackendConfig =
  | { type: "local"; path?: string }
  | {
      type: "s3";
      bucket: string;
      key: string;
      region?: string;
      encrypt?: boolean;
      kmsKeyId?: string;
      useLockfile?: boolean;
      dynamodbTable?: string;
      roleArn?: string;
      workspaceKeyPrefix?: string;
    }
  | { type: "cloud"; organization: string; workspace?: string; workspaceTags?: string[]; project?: string; hostname?: string };

/** Settings of one stack; each given one overrides the app's settings (context / environment). */
export interface StackSettingsConfig {
  name?: string;
  region?: string;
  backend?: BackendConfig;
  defaultTags?: Record<string, string>;
  allowedAccountIds?: string[];
  assumeRole?: { roleArn: string; sessionName?: string; externalId?: string; duration?: string };
  partition?: string;
}

/** What a stack holds. */
export interface StackContentsConfig {
  policies?: PolicyConfig[];
  roles?: RoleConfig[];
  users?: UserConfig[];
  groups?: GroupConfig[];
  passwordPolicy?: PasswordPolicyConfig;
}

/** One entry of `stacks`: settings and contents side by side. */
export type StackConfig = StackSettingsConfig & StackContentsConfig;

/** The whole file: one stack (`stack` + contents at the top) or several (`stacks`). */
export interface ConfigFile extends StackContentsConfig {
  $schema?: string;
  version?: 1;
  stack?: StackSettingsConfig;
  stacks?: StackConfig[];
}
