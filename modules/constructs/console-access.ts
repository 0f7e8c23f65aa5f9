/**
 * ConsoleAccess: a console password for an IAM user, readable only by the holder of a PGP key.
 *
 * An `aws_iam_user_login_profile` with `password_reset_required`: AWS generates the initial password,
 * Terraform stores it encrypted with the PGP key and exposes only the encrypted form (output
 * `encrypted_password`). The clear `password` attribute is never referenced. After the first sign-in the
 * user changes the password; the profile ignores later changes of the PGP key, length and reset flag so
 * Terraform does not replace the profile (and reset the password) afterwards.
 */
import { IamUserLoginProfile } from "@cdktf/provider-aws/lib/iam-user-login-profile";
import { Problems } from "../core/errors";
import { Construct, TerraformOutput } from "../internal/cdktf";
import { checkPgpKey } from "./pgp-key";

/** Properties of {@link ConsoleAccess}. */
export interface ConsoleAccessProps {
  /**
   * Base64-encoded public PGP key (binary export, no ASCII armor), or `keybase:<user>`: encrypts the initial
   * password. Required: a password in clear would land in state and outputs.
   */
  readonly pgpKey: string;
  /**
   * Length of the generated initial password (5 to 128; it must also satisfy the account password policy).
   * @default 20
   */
  readonly passwordLength?: number;
  /**
   * Require a new password at first sign-in.
   * @default true
   */
  readonly passwordResetRequired?: boolean;
  /**
   * Add the MFA-enforcement inline policy (deny everything but MFA self-service without MFA). Used by ServiceUser.
   * @default true
   */
  readonly enforceMfa?: boolean;
}

/** Properties of the {@link ConsoleAccess} construct itself. */
export interface ConsoleAccessConstructProps extends ConsoleAccessProps {
  /** Name of the IAM user (a reference keeps the dependency). Required. */
  readonly user: string;
}

/** A login profile with a PGP-encrypted initial password. */
export class ConsoleAccess extends Construct {
  /** The login profile resource. */
  readonly loginProfile: IamUserLoginProfile;
  /** Output holding the PGP-encrypted initial password (base64). */
  readonly encryptedPasswordOutput: TerraformOutput;

  constructor(scope: Construct, id: string, props: ConsoleAccessConstructProps) {
    super(scope, id);
    const problems = new Problems(scope.node.path);
    checkPgpKey(problems, "console.pgpKey", props.pgpKey);
    const length = props.passwordLength ?? 20;
    if (!Number.isInteger(length) || length < 5 || length > 128) {
      problems.add("console.passwordLength", length, "An IAM console password is 5 to 128 characters long.", "Use a length from 14 (a sound minimum) to 128, or leave it out for 20.");
    }
    problems.throwIfAny(`Invalid console access of ${scope.node.path}`);
    this.loginProfile = new IamUserLoginProfile(this, "LoginProfile", {
      user: props.user,
      pgpKey: props.pgpKey,
      passwordLength: length,
      passwordResetRequired: props.passwordResetRequired ?? true,
      lifecycle: { ignoreChanges: ["password_length", "password_reset_required", "pgp_key"] },
    });
    this.encryptedPasswordOutput = new TerraformOutput(this, "encrypted_password", {
      value: this.loginProfile.encryptedPassword,
      description: `Initial console password of ${scope.node.id}, encrypted with the PGP key (decrypt: base64 -d | gpg -d). Valid until the first sign-in.`,
    });
  }
}
