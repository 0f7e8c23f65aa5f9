/**
 * CredentialsKey: the customer managed KMS key that encrypts a stack's stored credentials (the SSM parameters of
 * service users' access keys).
 *
 * Why a key of our own: the AWS managed key `aws/ssm` lets every principal of the account decrypt through SSM, so
 * `ssm:GetParameter` alone (which `AmazonSSMManagedInstanceCore` grants on `*`) reads the secret. With this key,
 * reading a secret also needs `kms:Decrypt` on the key, which only the declared readers get
 * (`ServiceUser.credentialsReaderPolicy()`), and the synth-time exposure check proves nobody else has it.
 *
 * - `aws_kms_key`: symmetric, key rotation on (every `rotationPeriodInDays`), deletion window 30 days.
 * - Key policy: none is written, so KMS applies its default key policy: the account (its root principal) may do
 *   everything with the key, which (a) can never lock the account out, and (b) leaves every use to IAM policies:
 *   a principal decrypts only if an IAM policy of its own allows `kms:Decrypt` on the key. Source: AWS KMS
 *   Developer Guide, "Default key policy".
 * - `aws_kms_alias`: `alias/iam-cdktf/<stack id>/credentials` by default.
 *
 * One per stack: {@link CredentialsKey.of} returns the stack's key, creating it on first use. Declare it yourself
 * first (`new CredentialsKey(stack, "CredentialsKey", { alias })`) to change its settings.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Problems } from "../core/errors";
import { checkTags } from "../core/iam-names";
import { Construct, Token } from "../internal/cdktf";
import type { IConstruct } from "../internal/cdktf";
import { IamStack } from "../stack/iam-stack";
import { attributeRef } from "../internal/attribute-ref";

/** Properties of a {@link CredentialsKey}. */
export interface CredentialsKeyProps {
  /**
   * Alias of the key: `alias/` then letters, digits, `/`, `_` and `-` (at most 256 characters), not under
   * `alias/aws/`. Aliases are unique per account and region.
   * @default "alias/iam-cdktf/<stack id>/credentials"
   */
  readonly alias?: string;
  /**
   * Description of the key (at most 8,192 characters).
   * @default "Stored credentials of stack <stack id> (SSM parameters of access keys), iam-cdktf"
   */
  readonly description?: string;
  /**
   * Days the key stays pending deletion after it is removed from the stack (7 to 30), during which the deletion
   * can be cancelled and the parameters it encrypts can still be read.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Days between automatic rotations of the key material (90 to 2,560). Old material stays usable for decryption.
   * @default 365
   */
  readonly rotationPeriodInDays?: number;
  /**
   * Tags of the key (in addition to the stack's default tags).
   * @default no tags
   */
  readonly tags?: Record<string, string>;
}

const MARK = Symbol.for("iam-cdktf.CredentialsKey");

/** The customer managed KMS key of a stack's stored credentials. */
export class CredentialsKey extends Construct {
  /** The stack's key, created with default settings on first use. */
  static of(scope: IConstruct): CredentialsKey {
    const stack = IamStack.of(scope);
    const existing = (stack as unknown as Record<symbol, CredentialsKey | undefined>)[MARK];
    return existing ?? new CredentialsKey(stack, "CredentialsKey");
  }

  /** The `aws_kms_key`. */
  readonly key: KmsKey;
  /** The `aws_kms_alias`. */
  readonly alias: KmsAlias;
  /** The alias name, for example "alias/iam-cdktf/iam/credentials". */
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: CredentialsKeyProps = {}) {
    super(scope, id);
    const stack = IamStack.of(this);
    const problems = new Problems(this.node.path);
    if ((stack as unknown as Record<symbol, unknown>)[MARK] !== undefined) {
      problems.add("id", id, "A stack has one credentials key; it already has one.", "Use `CredentialsKey.of(stack)` to get it, and declare your own before any ServiceUser if you want other settings.");
    }
    const aliasName = props.alias ?? `alias/iam-cdktf/${stack.node.id.replace(/[^A-Za-z0-9/_-]/g, "-")}/credentials`;
    if (!Token.isUnresolved(aliasName) && (!/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(aliasName) || /^alias\/aws\//i.test(aliasName))) {
      problems.add("alias", aliasName, "A KMS alias is `alias/` followed by letters, digits, `/`, `_` and `-` (at most 256 characters), and `alias/aws/` is reserved for AWS managed keys.", 'Use a name such as "alias/platform/credentials".');
    }
    const window = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      problems.add("deletionWindowInDays", window, "The deletion window of a KMS key is 7 to 30 days.", "Leave it out for 30 days.");
    }
    const period = props.rotationPeriodInDays ?? 365;
    if (!Number.isInteger(period) || period < 90 || period > 2560) {
      problems.add("rotationPeriodInDays", period, "KMS rotates key material every 90 to 2,560 days.", "Leave it out for 365 days.");
    }
    if (props.description !== undefined && (typeof props.description !== "string" || props.description.length > 8192)) {
      problems.add("description", props.description, "A KMS key description is a string of at most 8,192 characters.", "Shorten the description.");
    }
    checkTags(problems, "tags", props.tags);
    problems.throwIfAny(`Invalid CredentialsKey "${id}"`);
    Object.defineProperty(stack, MARK, { value: this, enumerable: false });

    this.aliasName = aliasName;
    this.key = new KmsKey(this, "Key", {
      description: props.description ?? `Stored credentials of stack ${stack.node.id} (SSM parameters of access keys), iam-cdktf`,
      enableKeyRotation: true,
      ...(props.rotationPeriodInDays !== undefined ? { rotationPeriodInDays: period } : {}),
      deletionWindowInDays: window,
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: Object.fromEntries(Object.keys(props.tags).sort().map((k) => [k, (props.tags as Record<string, string>)[k] as string])) } : {}),
    });
    this.alias = new KmsAlias(this, "Alias", { name: aliasName, targetKeyId: this.key.keyId });
  }

  private arnRef?: string;

  /** The key's ARN (a reference): what `kms:Decrypt` is granted on. */
  get arn(): string {
    return (this.arnRef ??= attributeRef(this.key, "arn"));
  }
}
