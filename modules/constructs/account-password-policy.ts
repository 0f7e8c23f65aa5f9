/**
 * AccountPasswordPolicy: the password rules of the whole AWS account (`aws_iam_account_password_policy`).
 *
 * There is one password policy per account: declare this construct in exactly one stack per account.
 * Destroying it resets the account to AWS's defaults (no policy).
 */
import { recordFact } from "../checks/registry";
import { PASSWORD_POLICY } from "../checks/facts";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { Problems } from "../core/errors";
import { Construct } from "../internal/cdktf";

/** Properties of {@link AccountPasswordPolicy}. Defaults follow common benchmarks (CIS AWS Foundations). */
export interface AccountPasswordPolicyProps {
  /**
   * Shortest password (6 to 128).
   * @default 14
   */
  readonly minimumPasswordLength?: number;
  /**
   * Require at least one lowercase letter.
   * @default true
   */
  readonly requireLowercase?: boolean;
  /**
   * Require at least one uppercase letter.
   * @default true
   */
  readonly requireUppercase?: boolean;
  /**
   * Require at least one digit.
   * @default true
   */
  readonly requireNumbers?: boolean;
  /**
   * Require at least one non-alphanumeric character.
   * @default true
   */
  readonly requireSymbols?: boolean;
  /**
   * Let users change their own password.
   * @default true
   */
  readonly allowUsersToChangePassword?: boolean;
  /**
   * Days a password stays valid (1 to 1,095).
   * @default no expiry (current NIST guidance: do not force periodic changes)
   */
  readonly maxPasswordAgeDays?: number;
  /**
   * Number of previous passwords that cannot be reused (1 to 24).
   * @default 24
   */
  readonly passwordReusePrevention?: number;
  /**
   * After expiry, only an administrator can reset the password.
   * @default false
   */
  readonly hardExpiry?: boolean;
}

/** The account's password policy. */
export class AccountPasswordPolicy extends Construct {
  /** The resource. */
  readonly resource: IamAccountPasswordPolicy;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    const min = props.minimumPasswordLength ?? 14;
    range(problems, "minimumPasswordLength", min, 6, 128);
    if (props.maxPasswordAgeDays !== undefined) range(problems, "maxPasswordAgeDays", props.maxPasswordAgeDays, 1, 1095);
    const reuse = props.passwordReusePrevention ?? 24;
    range(problems, "passwordReusePrevention", reuse, 1, 24);
    if (props.hardExpiry && props.maxPasswordAgeDays === undefined) {
      problems.add("hardExpiry", true, "`hardExpiry` only matters when passwords expire.", "Set `maxPasswordAgeDays`, or leave `hardExpiry` out.");
    }
    problems.throwIfAny(`Invalid AccountPasswordPolicy "${id}"`);
    recordFact(this, PASSWORD_POLICY, {});
    this.resource = new IamAccountPasswordPolicy(this, "Policy", {
      minimumPasswordLength: min,
      requireLowercaseCharacters: props.requireLowercase ?? true,
      requireUppercaseCharacters: props.requireUppercase ?? true,
      requireNumbers: props.requireNumbers ?? true,
      requireSymbols: props.requireSymbols ?? true,
      allowUsersToChangePassword: props.allowUsersToChangePassword ?? true,
      passwordReusePrevention: reuse,
      ...(props.maxPasswordAgeDays !== undefined ? { maxPasswordAge: props.maxPasswordAgeDays } : {}),
      ...(props.hardExpiry !== undefined ? { hardExpiry: props.hardExpiry } : {}),
    });
  }
}

function range(problems: Problems, field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.add(field, value, `IAM accepts a whole number from ${min} to ${max} here.`, `Use a value from ${min} to ${max}.`);
  }
}
