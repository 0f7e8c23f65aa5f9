/**
 * Where a service user's access key goes: SSM Parameter Store, as SecureString parameters.
 *
 * `SsmStore.secure({ prefix: "/integrations/sekoia" })` writes
 * `/integrations/sekoia/<user>/access-key-id` and `/integrations/sekoia/<user>/secret-access-key`, encrypted with
 * the stack's credentials key (see credentials-key.ts) unless `kmsKeyArn` names another customer managed key or
 * `awsManagedKey: { reason }` opts in to the AWS managed key `aws/ssm`.
 */
import { createHash } from "node:crypto";
import type { Problems } from "../core/errors";
import { checkDescription, checkTags } from "../core/iam-names";
import { Token } from "../internal/cdktf";
import { fingerprintExpression } from "../internal/fingerprint-expression";
import { checkSsmPrefix } from "./ssm-names";

/** Parameter Store tiers. */
export type SsmTier = "Standard" | "Advanced" | "Intelligent-Tiering";

const TIERS: readonly SsmTier[] = ["Standard", "Advanced", "Intelligent-Tiering"];

/** Properties of {@link SsmStore.secure}. */
export interface SsmSecureStoreProps {
  /**
   * Hierarchy the parameters go under, starting with `/` and without a trailing `/`, for example
   * `/integrations/sekoia`. The user name and `access-key-id` / `secret-access-key` are appended. Required.
   */
  readonly prefix: string;
  /**
   * ARN of your own customer managed KMS key that encrypts both parameters (a literal key ARN in the stack's
   * region, or a reference such as `kmsKey.arn`). The reader policy grants `kms:Decrypt` on exactly this key.
   * A key ARN, not an alias: IAM authorizes `kms:Decrypt` on the key's ARN. Exclusive with `awsManagedKey`.
   * @default the stack's credentials key ({@link CredentialsKey}: customer managed, rotated, one per stack)
   */
  readonly kmsKeyArn?: string;
  /**
   * Encrypt with the AWS managed key `aws/ssm` instead, and say why. Its key policy cannot be restricted: every
   * principal of the account that may read the parameter (`ssm:GetParameter`, which for example
   * `AmazonSSMManagedInstanceCore` grants on `*`) can decrypt it. The reason is shown by the exposure check and
   * kept in the synthesized JSON (`//` comment of the secret parameter) for the review. Exclusive with `kmsKeyArn`.
   * @default not used: the stack's credentials key
   */
  readonly awsManagedKey?: { readonly reason: string };
  /**
   * Parameter tier.
   * @default "Standard" (free; a SecureString holding a key id or a secret is far below its 4 KB limit)
   */
  readonly tier?: SsmTier;
  /**
   * Description written on both parameters (at most 1,024 characters).
   * @default "Access key id of IAM user <user> (written by Terraform)" and "Secret access key of IAM user <user> (written by Terraform)"
   */
  readonly description?: string;
  /**
   * Tags of both parameters (in addition to the stack's default tags).
   * @default no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Write the secret with the write-only argument `value_wo` (and `value_wo_version`), so the parameter
   * resource keeps no copy of it in state. Needs Terraform 1.11 or later; the construct raises the stack's
   * `required_version` to `>= 1.11` when on. When off, the secret is written with `value` (sensitive, but in state).
   * @default true
   */
  readonly writeOnly?: boolean;
}

/** A destination for access keys in SSM Parameter Store (SecureString). */
export class SsmStore {
  /** SecureString parameters under a prefix, optionally encrypted with a customer KMS key. */
  static secure(props: SsmSecureStoreProps): SsmStore {
    return new SsmStore(props);
  }

  /** The hierarchy prefix. */
  readonly prefix: string;
  /** Your own customer managed KMS key, if given. */
  readonly kmsKeyArn?: string;
  /** Why the AWS managed key `aws/ssm` is used, when it is (the opt-in's reason). */
  readonly awsManagedKeyReason?: string;
  private readonly awsManagedKey?: unknown;
  /** The tier. */
  readonly tier: SsmTier;
  /** The description, if given. */
  readonly description?: string;
  /** The tags, if given. */
  readonly tags?: Record<string, string>;
  /** Whether the secret is written with `value_wo`. */
  readonly writeOnly: boolean;

  private constructor(props: SsmSecureStoreProps) {
    this.prefix = props?.prefix;
    if (props?.kmsKeyArn !== undefined) this.kmsKeyArn = props.kmsKeyArn;
    if (props?.awsManagedKey !== undefined) {
      this.awsManagedKey = props.awsManagedKey;
      const reason = (props.awsManagedKey as { reason?: unknown } | null)?.reason;
      if (typeof reason === "string" && reason.trim() !== "") this.awsManagedKeyReason = reason.trim();
    }
    this.tier = props?.tier ?? "Standard";
    if (props?.description !== undefined) this.description = props.description;
    if (props?.tags !== undefined) this.tags = props.tags;
    this.writeOnly = props?.writeOnly ?? true;
  }

  /** Names of the two parameters for a user. */
  parameterNames(userName: string): { accessKeyId: string; secretAccessKey: string } {
    return { accessKeyId: `${this.prefix}/${userName}/access-key-id`, secretAccessKey: `${this.prefix}/${userName}/secret-access-key` };
  }

  /**
   * The `value_wo_version` of the secret parameter: a fingerprint (a whole number below 2^48) of everything the
   * provider sends with PutParameter when it updates the parameter: the rotation number, the KMS key, the
   * description, the tier, and the id of the access key whose secret it holds (`accessKeyId`, usually a
   * reference).
   *
   * Why: on an in-place update, AWS provider 5.x sends the write-only value only when `value_wo_version`
   * changes; otherwise it sends `"Value": ""`, which SSM refuses (ValidationException, "Member must have length
   * greater than or equal to 1"). So a version that followed only the rotation number made a change of key,
   * description or tier unapplyable. And Terraform never compares write-only values: a key replaced for any
   * other reason than the rotation number (`terraform apply -replace=`, a key deleted outside Terraform and
   * created again) left the old key's secret in SSM next to the new key's id. With the key id in it, the version
   * is unknown at plan whenever the key is replaced, so the new secret is always written. Tags are changed
   * through AddTagsToResource and take no part. Computed at synth when every part is known; otherwise by
   * Terraform with `sha256()` at plan time.
   * @param where shown in resolution errors of the expression (for example "<path>/SecretAccessKeyParameter (value_wo_version)")
   */
  writeOnlyVersion(rotation: number, description: string, keyArn: string | undefined, accessKeyId: string, where = "value_wo_version"): number {
    const parts: unknown[] = [rotation, keyArn ?? "alias/aws/ssm", description, this.tier, accessKeyId];
    if (!parts.some((p) => Token.isUnresolved(p))) {
      return parseInt(createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 12), 16);
    }
    // parseint(substr(sha256(jsonencode(parts)), 0, 12), 16), as cdktf's Fn writes it, in one token.
    return fingerprintExpression(parts, where);
  }

  /** Reports every problem of the store's settings under `field`. */
  check(problems: Problems, field: string, region: string, partition: string): void {
    checkSsmPrefix(problems, `${field}.prefix`, this.prefix);
    if (this.kmsKeyArn !== undefined) checkKmsKeyArn(problems, `${field}.kmsKeyArn`, this.kmsKeyArn, region, partition);
    if (this.awsManagedKey !== undefined && this.awsManagedKeyReason === undefined) {
      problems.add(
        `${field}.awsManagedKey.reason`,
        (this.awsManagedKey as { reason?: unknown } | null)?.reason,
        "Using the AWS managed key aws/ssm lets every principal of the account that may read the parameter decrypt it, so the opt-in needs a reason.",
        'Give `awsManagedKey: { reason: "..." }` saying why the stack\'s credentials key cannot be used, or leave `awsManagedKey` out to use it.',
      );
    }
    if (this.awsManagedKey !== undefined && this.kmsKeyArn !== undefined) {
      problems.add(`${field}.awsManagedKey`, "awsManagedKey and kmsKeyArn", "`kmsKeyArn` (your key) and `awsManagedKey` (the AWS managed key aws/ssm) choose two different keys.", "Keep one of them.");
    }
    if (!TIERS.includes(this.tier)) {
      problems.add(`${field}.tier`, this.tier, `Unknown SSM parameter tier; known: ${TIERS.join(", ")}.`, 'Leave `tier` out for "Standard".');
    }
    checkDescription(problems, `${field}.description`, this.description, Token.isUnresolved, 1024);
    checkTags(problems, `${field}.tags`, this.tags);
  }
}

const KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/((?:mrk-)?[0-9a-fA-F-]+)$/;

function checkKmsKeyArn(problems: Problems, field: string, value: string, region: string, partition: string): void {
  if (Token.isUnresolved(value)) return;
  const m = KEY_ARN.exec(value);
  if (!m) {
    const alias = /(^alias\/)|(:alias\/)/.test(value);
    problems.add(
      field,
      value,
      alias
        ? "An alias cannot be used here: the reader policy grants kms:Decrypt on the key's ARN, and IAM matches the key ARN, not the alias."
        : "This is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>).",
      'Give the key ARN, for example "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", or a reference such as `kmsKey.arn`.',
    );
    return;
  }
  if (m[1] !== partition) {
    problems.add(field, value, `The key is in partition "${m[1]}", but the stack writes to partition "${partition}".`, "Use a key of the stack's partition.");
  }
  if (m[2] !== region) {
    problems.add(field, value, `SSM encrypts parameters only with a KMS key of the parameter's region; the key is in "${m[2]}", the stack in "${region}".`, `Use a key in ${region}, or a multi-Region replica key there.`);
  }
}
