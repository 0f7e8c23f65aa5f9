/**
 * The facts constructs record for the whole-app rules (modules/checks/rules). Each construct records what it
 * declares; the rules compare them across the stacks of the app.
 */
import type { TerraformResource } from "../internal/cdktf";
import { factKey } from "./registry";

/** The kinds of IAM entity whose names are unique (case-insensitively) in an account. */
export type IamEntityKind = "role" | "user" | "group" | "policy" | "instance profile";

/** An IAM entity with an explicit name (not a name prefix or a generated name). */
export interface IamNameFact {
  readonly kind: IamEntityKind;
  /** The name as given (may be a token, then it is not compared). */
  readonly name: string;
  /** The construct field that holds the name, for messages (`name`, `instanceProfile.name`). */
  readonly field: string;
}
export const IAM_NAME = factKey<IamNameFact>("iam-name");

/** An account password policy (one per account). */
export const PASSWORD_POLICY = factKey<Record<string, never>>("account-password-policy");

/** A set of access keys on one IAM user (AWS allows 2 access keys per user; a rotating key uses both). */
export interface AccessKeyFact {
  /** The user name (literal, or a token of the user's `name` attribute). */
  readonly user: string;
}
export const ACCESS_KEYS = factKey<AccessKeyFact>("access-keys");

/** What a stack targets: the accounts it may deploy to, and the state it is kept in. */
export interface StackTargetFact {
  /** Account ids the stack is known to target (allowedAccountIds, the deploy role's account); empty when unknown. */
  readonly accounts: readonly string[];
  /** A key naming the Terraform state (`s3://bucket/key`, `local:<normalized path>`, `cloud:host/org/workspace`). */
  readonly state?: string;
  /** The state setting, for messages (`backend`). */
  readonly stateField: string;
}
export const STACK_TARGET = factKey<StackTargetFact>("stack-target");

/** The kinds of IAM entity that a configuration change can replace (a ForceNew argument), see {@link REPLACEABLE}. */
export type ReplaceableKind = "role" | "policy" | "instance profile";

/**
 * An IAM entity whose replacement must not be create-before-destroy while its name is fixed (IAM names are unique:
 * the new object cannot be created while the old one holds the name). Read by the rule
 * `fixed-name-create-before-destroy` (rules/fixed-name-replacement.ts).
 */
export interface ReplaceableFact {
  readonly kind: ReplaceableKind;
  /** The Terraform resource (`aws_iam_role`, `aws_iam_policy`, `aws_iam_instance_profile`). */
  readonly resource: TerraformResource;
  /** The construct field prefix of the entity's settings, for messages (`""`, or `"instanceProfile."`). */
  readonly fieldPrefix: string;
  /** The reason given to keep create-before-destroy on a fixed name (`allowCreateBeforeDestroy`), when given. */
  readonly optOut?: string;
}
export const REPLACEABLE = factKey<ReplaceableFact>("replaceable-iam-entity");
