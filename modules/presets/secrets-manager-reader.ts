/**
 * `secretsManagerReader`: read the value of named Secrets Manager secrets, and nothing else.
 *
 * `secretsmanager:GetSecretValue` and `secretsmanager:DescribeSecret` on the given secret ARNs. With
 * `kmsKeyArns` (secrets encrypted with customer managed keys), `kms:Decrypt` on those keys only when Secrets
 * Manager calls KMS on the reader's behalf (`kms:ViaService` = `secretsmanager.<region>.amazonaws.com`).
 * Secrets encrypted with the AWS managed key `aws/secretsmanager` need no KMS grant.
 *
 * Secret ARNs end with a random 6-character suffix (`...:secret:plakar/passphrase-AbCdEf`); write it, or match
 * it with `-??????` (`...:secret:plakar/passphrase-??????`). Not granted: `ListSecrets`, `PutSecretValue`,
 * rotation, or resource policies.
 */
import { Problems } from "../core/errors";
import { Condition, PolicyDocument, looksLikeReference, parseArn } from "../policy";
import { PresetOptions, checkPartition, finishPreset } from "./check";

/** Properties of {@link secretsManagerReader}. */
export interface SecretsManagerReaderProps extends PresetOptions {
  /** ARNs of the secrets (literal, with `?`/`*` wildcards, or references such as `secret.arn`). At least one. Required. */
  readonly secretArns: string[];
  /**
   * ARNs of the customer managed KMS keys that encrypt the secrets.
   * @default none: the secrets use the AWS managed key aws/secretsmanager
   */
  readonly kmsKeyArns?: string[];
}

/** Read named secrets (and decrypt them through Secrets Manager when they use customer managed keys). */
export function secretsManagerReader(props: SecretsManagerReaderProps): PolicyDocument {
  const problems = new Problems("Presets.secretsManagerReader");
  const p = props ?? ({} as SecretsManagerReaderProps);
  const partition = p.partition ?? "aws";
  checkPartition(problems, partition);
  if (!Array.isArray(p.secretArns) || p.secretArns.length === 0) {
    problems.add("secretArns", p.secretArns, "The preset needs at least one secret ARN.", 'List the ARNs, for example ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:plakar/passphrase-??????"].');
  }
  (Array.isArray(p.secretArns) ? p.secretArns : []).forEach((arn, i) => {
    if (typeof arn === "string" && looksLikeReference(arn)) return;
    const parts = typeof arn === "string" ? parseArn(arn) : undefined;
    if (!parts || parts.service !== "secretsmanager" || !parts.resource.startsWith("secret:") || parts.resource.length <= "secret:".length) {
      problems.add(`secretArns[${i}]`, arn, "A secret ARN is arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>.", "Copy the ARN from the Secrets Manager console, or write the name followed by -?????? to match the random suffix.");
    } else if (parts.resource.endsWith("*") && !parts.resource.endsWith("/*")) {
      // "name*" also matches "name-other-secret": point at the exact pattern. "team/*" (a whole folder) is deliberate.
      problems.add(`secretArns[${i}]`, arn, "A trailing `*` after a secret name also matches every secret whose name starts the same way (only `<folder>/*` is accepted as a deliberate prefix).", "End the ARN with -?????? to match exactly the random suffix of this one secret.");
    }
  });
  const kms = p.kmsKeyArns ?? [];
  kms.forEach((arn, i) => {
    if (typeof arn === "string" && looksLikeReference(arn)) return;
    const parts = typeof arn === "string" ? parseArn(arn) : undefined;
    if (!parts || parts.service !== "kms" || !parts.resource.startsWith("key/")) {
      problems.add(`kmsKeyArns[${i}]`, arn, "A KMS key ARN is arn:<partition>:kms:<region>:<account>:key/<key id> (not an alias).", "Give the key ARN from the KMS console.");
    }
  });
  const statements = problems.empty
    ? [
        { sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [...p.secretArns] },
        ...(kms.length > 0
          ? [
              {
                sid: "DecryptSecretsThroughSecretsManager",
                actions: ["kms:Decrypt"],
                resources: [...kms],
                conditions: [Condition.stringLike("kms:ViaService", "secretsmanager.*.amazonaws.com")],
              },
            ]
          : []),
      ]
    : [];
  return finishPreset("secretsManagerReader", new PolicyDocument({ statements }), problems, partition);
}
