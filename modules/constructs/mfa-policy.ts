/**
 * MFA enforcement preset for human IAM users with console access.
 *
 * Without MFA in the session, the user may only look at and manage their own password and MFA device; every
 * other action is denied. With MFA, the deny does not apply and the user's other policies decide.
 *
 * The IAM policy variable `${aws:username}` stays literal in the document; the policy renderer writes it to
 * Terraform as `$${aws:username}`, so Terraform does not read it as an interpolation.
 */
import { Condition, PolicyDocument } from "../policy";

/** Actions a user may call without MFA: enough to sign in, set a password and enrol an MFA device. */
export const MFA_SELF_SERVICE_ACTIONS: readonly string[] = [
  "iam:ChangePassword",
  "iam:CreateVirtualMFADevice",
  "iam:EnableMFADevice",
  "iam:GetAccountPasswordPolicy",
  "iam:GetMFADevice",
  "iam:GetUser",
  "iam:ListMFADevices",
  "iam:ListVirtualMFADevices",
  "iam:ResyncMFADevice",
  "sts:GetSessionToken",
];

/** Options of {@link mfaEnforcementPolicy}. */
export interface MfaEnforcementOptions {
  /**
   * Partition of the ARNs.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * IAM path of the users the policy is for, so `user<path>${aws:username}` matches their ARN (a user created
   * with path `/humans/` has the ARN `...:user/humans/<name>`).
   * @default "/"
   */
  readonly userPath?: string;
}

/**
 * Deny everything but MFA self-service when `aws:MultiFactorAuthPresent` is false or missing; allow the
 * self-service actions on the user's own password and MFA device.
 */
export function mfaEnforcementPolicy(options: MfaEnforcementOptions = {}): PolicyDocument {
  const partition = options.partition ?? "aws";
  const path = options.userPath ?? "/";
  const self = `arn:${partition}:iam::*:user${path}\${aws:username}`;
  return new PolicyDocument({
    statements: [
      {
        sid: "AllowViewAccountPasswordPolicyAndMfaDevices",
        actions: ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
        resources: ["*"],
      },
      {
        sid: "AllowManageOwnPasswordAndMfa",
        actions: ["iam:ChangePassword", "iam:GetUser", "iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
        resources: [self],
      },
      {
        sid: "AllowCreateOwnVirtualMfaDevice",
        actions: ["iam:CreateVirtualMFADevice"],
        resources: [`arn:${partition}:iam::*:mfa/*`],
      },
      {
        sid: "DenyAllExceptMfaSelfServiceWithoutMfa",
        effect: "Deny",
        notActions: [...MFA_SELF_SERVICE_ACTIONS],
        resources: ["*"],
        conditions: [Condition.bool("aws:MultiFactorAuthPresent", false).ifExists()],
      },
    ],
  });
}
