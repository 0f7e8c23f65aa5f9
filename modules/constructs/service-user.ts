/**
 * ServiceUser: an IAM user for an integration that runs outside AWS, with access keys that Terraform writes to
 * SSM Parameter Store (never shown to a person) and rotates without downtime.
 *
 * - `aws_iam_user` (name, path, permissions boundary, force destroy, tags);
 * - policies attached to the user, or to a group the construct creates (`policiesVia: "group"`), plus
 *   membership in groups it receives, all through one `aws_iam_user_group_membership`;
 * - optional access keys (off unless asked for) in two alternating slots (see {@link RotatingAccessKey}),
 *   stored either in SSM SecureString parameters (`storeIn`) or PGP-encrypted in outputs (`pgpKey`), never both;
 * - {@link ServiceUser.credentialsReaderPolicy}: exactly what a consumer needs to read the parameters;
 * - optional console access for humans: login profile with a PGP-encrypted initial password and the
 *   MFA-enforcement inline policy.
 *
 * Honest note on state: `aws_iam_access_key` keeps the secret in Terraform state whatever we do (unless a PGP
 * key encrypts it). The SSM parameter itself keeps no copy when `value_wo` is used (the default), but the state
 * backend must still be encrypted and access-controlled.
 */

import { recordFact } from "../checks/registry";
import { IAM_NAME } from "../checks/facts";
import { PRINCIPAL_FACT, STORED_CREDENTIAL_FACT } from "../checks/credential-facts";
import { CredentialsKey } from "./credentials-key";
import { markReaderPolicy, policyFacts, renderForAnalysis } from "./principal-facts";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserGroupMembership } from "@cdktf/provider-aws/lib/iam-user-group-membership";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Problems, ValidationError } from "../core/errors";
import { addConstructCheck } from "../checks/registry";
import { checkAccountId, checkIamName, checkIamPath, checkTags } from "../core/iam-names";
import { Construct, TerraformOutput, Token } from "../internal/cdktf";
import { Condition, PolicyDocument, PolicyLimits } from "../policy";
import type { StatementProps } from "../policy";
import { IamStack } from "../stack/iam-stack";
import { RotatingAccessKey, Rotation } from "./access-key-rotation";
import { InlinePolicies, ManagedPolicyAttachments, checkManagedPolicyQuota } from "./attachments";
import { ConsoleAccess } from "./console-access";
import type { ConsoleAccessProps } from "./console-access";
import type { IManagedPolicy } from "./managed-policy";
import { mfaEnforcementPolicy } from "./mfa-policy";
import { checkPgpKey } from "./pgp-key";
import { checkSsmParameterName, ssmParameterArn } from "./ssm-names";
import type { SsmStore } from "./ssm-store";
import { attributeRef } from "../internal/attribute-ref";

const isReference = (s: string): boolean => Token.isUnresolved(s);

/** Terraform version that understands write-only arguments (`value_wo`). */
export const WRITE_ONLY_TERRAFORM_CONSTRAINT = ">= 1.11";

/** Name of the inline policy that enforces MFA for console users. */
export const MFA_POLICY_NAME = "enforce-mfa";

/** Access key settings of a {@link ServiceUser}. Exactly one of `storeIn` and `pgpKey` is required. */
export interface ServiceUserAccessKeyProps {
  /**
   * Write the key id and secret to SSM SecureString parameters `<prefix>/<user>/access-key-id` and
   * `<prefix>/<user>/secret-access-key`. Exclusive with `pgpKey`.
   * @default none
   */
  readonly storeIn?: SsmStore;
  /**
   * Encrypt the secret with this public PGP key (base64 of the binary key, or `keybase:<user>`) and expose only the
   * encrypted form in the outputs `..._access_key_id` and `..._encrypted_secret_access_key`. Nothing is written to
   * SSM. Exclusive with `storeIn`.
   * @default none
   */
  readonly pgpKey?: string;
  /**
   * When keys rotate.
   * @default Rotation.generation(0): one key; raise the generation to rotate
   */
  readonly rotation?: Rotation;
  /**
   * Lift the synth-time credential-exposure check for this key (principals of the app other than the declared
   * readers that can read and decrypt it), with the reason. Prefer fixing the exposure.
   * @default the check runs
   */
  readonly exposureOptOut?: { readonly reason: string };
  /**
   * Set the previous key Inactive ("one active key" rules). See docs/service-user.md for the two-step procedure.
   * @default false: the previous key stays valid until the next rotation
   */
  readonly deactivatePrevious?: boolean;
}

/** The group a {@link ServiceUser} creates when `policiesVia` is `"group"`. */
export interface ServiceUserGroupProps {
  /**
   * Group name (1 to 128 characters).
   * @default "<user name>-policies"
   */
  readonly name?: string;
  /**
   * Group path.
   * @default the user's path
   */
  readonly path?: string;
}

/** Properties of a {@link ServiceUser}. */
export interface ServiceUserProps {
  /** IAM user name (1 to 64 letters, digits and `+=,.@_-`). Required; also the middle level of the SSM names. */
  readonly name: string;
  /**
   * IAM path of the user, for example `/integrations/`.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Managed policy used as permissions boundary.
   * @default none
   */
  readonly permissionsBoundary?: IManagedPolicy;
  /**
   * What removing the user (from the code, or with `terraform destroy`) deletes. With `true`, the provider first
   * deletes everything that hangs on the user and that IAM would otherwise refuse the deletion for
   * (DeleteConflict): access keys (also ones made outside Terraform), the login profile, MFA devices (deactivated;
   * virtual ones deleted), SSH public keys, signing certificates and service-specific credentials. Nothing of it
   * outlives the user anyway: a deleted user's keys and password stop working.
   *
   * With `false`, the deletion fails while anything made outside Terraform hangs on the user; for a console
   * user that is always the case once the person has registered an MFA device.
   * @default true (changing it on an existing user is a state-only update, no AWS call)
   */
  readonly forceDestroy?: boolean;
  /**
   * Tags of the user (in addition to the stack's default tags).
   * @default no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Managed policies, attached through `policiesVia`, keyed by their stable `attachmentKey`.
   * @default none
   */
  readonly managedPolicies?: IManagedPolicy[];
  /**
   * Inline policies by name. On the user they may total 2,048 characters (non-whitespace); on a group 5,120.
   * @default none
   */
  readonly inlinePolicies?: Record<string, PolicyDocument>;
  /**
   * Where `managedPolicies` and `inlinePolicies` are attached: `"user"` (directly; visible on the user, counts
   * against the user's 10 managed / 2,048 inline limits) or `"group"` (a group this construct creates and the user
   * joins; 5,120 inline characters, and the group can take more members later).
   * @default "user"
   */
  readonly policiesVia?: "user" | "group";
  /**
   * The group created when `policiesVia` is `"group"`.
   * @default name "<user name>-policies", the user's path
   */
  readonly group?: ServiceUserGroupProps;
  /**
   * Existing groups (names, or references to `aws_iam_group.name`) the user joins, through
   * `aws_iam_user_group_membership` (non-exclusive: memberships made elsewhere are left alone).
   * @default none
   */
  readonly groups?: string[];
  /**
   * Managed policies the user (or its group) may carry: 10 by default, up to 20 after a quota increase.
   * @default 10
   */
  readonly managedPolicyQuota?: number;
  /**
   * Access keys. Off unless given.
   * @default no access key
   */
  readonly accessKey?: ServiceUserAccessKeyProps;
  /**
   * Console access for a human user: login profile with a PGP-encrypted initial password and, by default,
   * the MFA-enforcement inline policy.
   * @default no console access
   */
  readonly console?: ConsoleAccessProps;
}

/** Options of {@link ServiceUser.credentialsReaderPolicy}. */
export interface CredentialsReaderOptions {
  /**
   * Account id of the parameters: the policy then names them by literal ARN, usable in any stack or account.
   * @default the parameters' `arn` attributes (references: exact, no account needed, same stack only)
   */
  readonly accountId?: string;
}

/** An IAM user for an integration outside AWS. */
export class ServiceUser extends Construct {
  /** The `aws_iam_user`. */
  readonly user: IamUser;
  /** The user name as given. */
  readonly userName: string;
  /** The group created for the policies, when `policiesVia` is `"group"`. */
  readonly group?: IamGroup;
  /** The group membership, when the user joins any group. */
  readonly groupMembership?: IamUserGroupMembership;
  /** The managed policy attachments (on the user or on the group). */
  readonly managedPolicyAttachments: ManagedPolicyAttachments;
  /** The inline policies (on the user or on the group). */
  readonly inlinePolicies: InlinePolicies;
  /** The access key slots, when access keys are on. */
  readonly accessKey?: RotatingAccessKey;
  /** The SSM parameter holding the newest key id (SSM mode). */
  readonly accessKeyIdParameter?: SsmParameter;
  /** The SSM parameter holding the newest secret (SSM mode). */
  readonly secretAccessKeyParameter?: SsmParameter;
  /** Outputs of PGP mode: key id, encrypted secret, PGP key fingerprint. */
  readonly pgpOutputs?: { accessKeyId: TerraformOutput; encryptedSecretAccessKey: TerraformOutput; keyFingerprint: TerraformOutput };
  /** Console access, when on. */
  readonly console?: ConsoleAccess;
  /** The SSM store, in SSM mode. */
  readonly store?: SsmStore;
  /** ARN of the KMS key encrypting the parameters (a reference or literal); undefined with the aws/ssm opt-in. */
  readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: ServiceUserProps) {
    super(scope, id);
    const stack = IamStack.of(this);
    const problems = new Problems(this.node.path);
    const p = props ?? ({} as ServiceUserProps);
    if (typeof p.name !== "string") {
      problems.add("name", p.name, "A service user needs a name.", 'Set `name`, for example "sekoia-iam-reader".');
    }
    checkIamName(problems, "name", p.name, "user", isReference);
    checkIamPath(problems, "path", p.path, isReference);
    checkTags(problems, "tags", p.tags);
    const via = p.policiesVia ?? "user";
    if (via !== "user" && via !== "group") {
      problems.add("policiesVia", via, 'Policies are attached to the "user" or to a "group".', 'Use "user" (the default) or "group".');
    }
    if (p.group !== undefined && via !== "group") {
      problems.add("group", p.group, "`group` describes the group created when `policiesVia` is \"group\".", 'Set `policiesVia: "group"`, or use `groups` to join existing groups.');
    }
    const groupName = p.group?.name ?? (typeof p.name === "string" && !isReference(p.name) ? `${p.name}-policies` : undefined);
    if (via === "group") {
      checkIamName(problems, "group.name", groupName, "group", isReference);
      checkIamPath(problems, "group.path", p.group?.path, isReference);
    }
    (p.groups ?? []).forEach((g, i) => checkIamName(problems, `groups[${i}]`, g, "group", isReference));
    const quota = checkManagedPolicyQuota(problems, "managedPolicyQuota", p.managedPolicyQuota);

    const key = p.accessKey;
    if (key !== undefined) {
      if (key.rotation !== undefined && !(key.rotation instanceof Rotation)) {
        problems.add("accessKey.rotation", key.rotation, "`rotation` takes a Rotation.", "Write `Rotation.generation(0)` (raise the number by one to rotate).");
      } else {
        key.rotation?.check(problems, "accessKey.rotation");
      }
      if (key.storeIn !== undefined && key.pgpKey !== undefined) {
        problems.add(
          "accessKey",
          "storeIn and pgpKey",
          "`storeIn` (SSM) and `pgpKey` (encrypted output) are two exclusive ways to hand over the secret; with both, the secret would leave Terraform twice.",
          "Keep `storeIn` for consumers that read SSM, or `pgpKey` for a person who decrypts the output, not both.",
        );
      } else if (key.storeIn === undefined && key.pgpKey === undefined) {
        problems.add(
          "accessKey",
          "{}",
          "An access key needs a destination: without one the secret would exist only in Terraform state.",
          "Set `storeIn: SsmStore.secure({ prefix })`, or `pgpKey` for a PGP-encrypted output.",
        );
      }
      if (key.pgpKey !== undefined) checkPgpKey(problems, "accessKey.pgpKey", key.pgpKey);
      if (key.storeIn !== undefined) {
        if (typeof key.storeIn.check !== "function") {
          problems.add("accessKey.storeIn", key.storeIn, "This is not an SSM store.", "Use `SsmStore.secure({ prefix, kmsKeyArn })`.");
        } else {
          key.storeIn.check(problems, "accessKey.storeIn", stack.region, stack.partition);
          if (typeof p.name === "string" && isReference(p.name)) {
            problems.add("name", p.name, "The SSM parameter names are built from the user name, which must then be known at synth time.", "Give the user a literal name.");
          } else if (typeof p.name === "string" && typeof key.storeIn.prefix === "string") {
            const names = key.storeIn.parameterNames(p.name);
            checkSsmParameterName(problems, "accessKey.storeIn.prefix (access-key-id parameter)", names.accessKeyId, stack);
            checkSsmParameterName(problems, "accessKey.storeIn.prefix (secret-access-key parameter)", names.secretAccessKey, stack);
          }
        }
      }
    }
    if (p.console !== undefined && (p.console === null || typeof p.console !== "object")) {
      problems.add("console", p.console, "`console` takes the console access settings.", "Give `{ pgpKey }`, or leave `console` out.");
    }
    let exposureOptOut: string | undefined;
    if (key?.exposureOptOut !== undefined) {
      const reason = (key.exposureOptOut as { reason?: unknown } | null)?.reason;
      if (typeof reason === "string" && reason.trim() !== "") exposureOptOut = reason.trim();
      else problems.add("accessKey.exposureOptOut.reason", reason, "Lifting the credential-exposure check needs a reason.", 'Give `exposureOptOut: { reason: "..." }`, or leave it out and fix the exposure the check reports.');
    }
    problems.throwIfAny(`Invalid ServiceUser "${id}"`);

    this.userName = p.name;
    if (typeof p.name === "string") recordFact(this, IAM_NAME, { kind: "user", name: p.name, field: "name" });
    this.user = new IamUser(this, "User", {
      name: p.name,
      ...(p.path !== undefined ? { path: p.path } : {}),
      ...(p.permissionsBoundary !== undefined ? { permissionsBoundary: p.permissionsBoundary.arnFor(this) } : {}),
      forceDestroy: p.forceDestroy ?? true,
      ...(p.tags && Object.keys(p.tags).length > 0 ? { tags: sortKeys(p.tags) } : {}),
    });

    // One reference to the user's name for every resource that names the user.
    const userName = attributeRef(this.user, "name");
    // Policies: on the user, or on a group the user joins.
    let holderName = userName;
    if (via === "group") {
      this.group = new IamGroup(this, "Group", { name: groupName as string, path: p.group?.path ?? p.path ?? "/" });
      if (typeof groupName === "string") recordFact(this, IAM_NAME, { kind: "group", name: groupName, field: "group.name" });
      holderName = this.group.name;
    }
    const joined = [...(this.group ? [this.group.name] : []), ...(p.groups ?? [])];
    if (joined.length > 0) {
      this.groupMembership = new IamUserGroupMembership(this, "GroupMembership", { user: userName, groups: joined });
    }
    this.managedPolicyAttachments = new ManagedPolicyAttachments(this, "ManagedPolicies", {
      holderKind: via,
      holderName,
      ownerPath: this.node.path,
      quota,
    });
    for (const policy of p.managedPolicies ?? []) this.managedPolicyAttachments.add(policy);
    this.inlinePolicies = new InlinePolicies(this, "InlinePolicies", {
      holderKind: via,
      holderName,
      owner: this,
      maxTotalSize: via === "group" ? PolicyLimits.groupInlineTotal : PolicyLimits.userInlineTotal,
    });
    for (const [name, doc] of Object.entries(p.inlinePolicies ?? {})) this.inlinePolicies.add(name, doc);

    if (p.console !== undefined) {
      this.console = new ConsoleAccess(this, "Console", { ...p.console, user: userName });
      if (p.console.enforceMfa ?? true) {
        this.inlinePolicies.add(MFA_POLICY_NAME, mfaEnforcementPolicy({ partition: stack.partition, userPath: p.path ?? "/" }));
      }
    }
    const late = new Problems(this.node.path);
    late.addAll(this.managedPolicyAttachments.problems());
    late.addAll(this.inlinePolicies.problems());
    late.throwIfAny(`Invalid ServiceUser "${id}"`);
    // For the credential-exposure rule: the user's (or its group's) policies, read at synth.
    const ownPolicies = () => policyFacts(this, this.managedPolicyAttachments, this.inlinePolicies);
    recordFact(this, PRINCIPAL_FACT, {
      kind: "user",
      name: typeof p.name === "string" && !isReference(p.name) ? p.name : this.node.path,
      nameRef: userName,
      ...(p.path !== undefined ? { path: p.path } : {}),
      policies: () => (via === "user" ? ownPolicies() : []),
      groups: joined,
    });
    if (this.group) {
      recordFact(this.group, PRINCIPAL_FACT, {
        kind: "group",
        name: typeof groupName === "string" && !isReference(groupName) ? groupName : this.group.node.path,
        nameRef: holderName,
        policies: ownPolicies,
      });
    }
    // What is added later (addManagedPolicy, addInlinePolicy) is checked again at synth.
    addConstructCheck(this, () => [...this.managedPolicyAttachments.problems(), ...this.inlinePolicies.problems()]);

    if (key !== undefined) {
      this.accessKey = new RotatingAccessKey(this, "AccessKey", {
        user: userName,
        ...(key.rotation !== undefined ? { rotation: key.rotation } : {}),
        ...(key.deactivatePrevious !== undefined ? { deactivatePrevious: key.deactivatePrevious } : {}),
        ...(key.pgpKey !== undefined ? { pgpKey: key.pgpKey } : {}),
      });
      if (key.storeIn !== undefined) {
        const store = key.storeIn;
        this.store = store;
        const names = store.parameterNames(p.name);
        // Safe by default: the stack's customer managed credentials key, unless another key is given or the AWS
        // managed aws/ssm key is chosen with a reason.
        const keyArn = store.kmsKeyArn ?? (store.awsManagedKeyReason !== undefined ? undefined : CredentialsKey.of(this).arn);
        if (keyArn !== undefined) this.kmsKeyArn = keyArn;
        const common = {
          type: "SecureString",
          tier: store.tier,
          ...(keyArn !== undefined ? { keyId: keyArn } : {}),
          ...(store.tags && Object.keys(store.tags).length > 0 ? { tags: sortKeys(store.tags) } : {}),
        };
        this.accessKeyIdParameter = new SsmParameter(this, "AccessKeyIdParameter", {
          ...common,
          name: names.accessKeyId,
          description: store.description ?? `Access key id of IAM user ${p.name} (written by Terraform)`,
          value: this.accessKey.newestId,
        });
        const secret = this.accessKey.newestSecret();
        const secretDescription = store.description ?? `Secret access key of IAM user ${p.name} (written by Terraform)`;
        this.secretAccessKeyParameter = new SsmParameter(this, "SecretAccessKeyParameter", {
          ...common,
          name: names.secretAccessKey,
          description: secretDescription,
          ...(store.writeOnly ? { valueWo: secret, valueWoVersion: store.writeOnlyVersion(this.accessKey.version, secretDescription, keyArn, this.accessKey.newestId, `${this.node.path}/SecretAccessKeyParameter (value_wo_version)`) } : { value: secret }),
        });
        if (store.awsManagedKeyReason !== undefined) {
          // For the review: why this secret uses aws/ssm (Terraform ignores "//" comments).
          this.secretAccessKeyParameter.addOverride("//.iam-cdktf.awsManagedKeyReason", store.awsManagedKeyReason);
        }
        const secretParam = this.secretAccessKeyParameter;
        recordFact(this, STORED_CREDENTIAL_FACT, {
          id: this.node.path,
          parameterAddress: `aws_ssm_parameter.${secretParam.friendlyUniqueId}`,
          parameterName: names.secretAccessKey,
          region: stack.region,
          partition: stack.partition,
          kmsKey: keyArn === undefined ? "aws/ssm" : String(renderForAnalysis(this, keyArn)),
          ...(store.awsManagedKeyReason !== undefined ? { awsManagedKeyReason: store.awsManagedKeyReason } : {}),
          ...(exposureOptOut !== undefined ? { exposureOptOut } : {}),
        });
        if (store.writeOnly) stack.addOverride("terraform.required_version", WRITE_ONLY_TERRAFORM_CONSTRAINT);
      } else {
        this.pgpOutputs = {
          accessKeyId: new TerraformOutput(this, "access_key_id", {
            value: this.accessKey.newestId,
            description: `Newest access key id of IAM user ${p.name}.`,
          }),
          encryptedSecretAccessKey: new TerraformOutput(this, "encrypted_secret_access_key", {
            value: this.accessKey.newestEncryptedSecret,
            description: `Newest secret access key of IAM user ${p.name}, encrypted with the PGP key (decrypt: base64 -d | gpg -d).`,
          }),
          keyFingerprint: new TerraformOutput(this, "pgp_key_fingerprint", {
            value: this.accessKey.newestKeyFingerprint,
            description: "Fingerprint of the PGP key that encrypted the secret.",
          }),
        };
      }
    }
  }

  /** Attaches a managed policy (to the user, or to its group) under its stable key. Checked at synth. */
  addManagedPolicy(policy: IManagedPolicy, key?: string): this {
    this.managedPolicyAttachments.add(policy, key);
    return this;
  }

  /** Adds an inline policy (to the user, or to its group), counted in the size budget. Checked at synth. */
  addInlinePolicy(name: string, document: PolicyDocument): this {
    this.inlinePolicies.add(name, document);
    return this;
  }

  /** ARN of the user (a reference). */
  get userArn(): string {
    return this.user.arn;
  }

  /**
   * The identity policy a consumer needs to read this user's access key from SSM, and nothing more:
   * `ssm:GetParameter` and `ssm:GetParameters` on the two parameters, and, with a customer KMS key,
   * `kms:Decrypt` on that key only when called by SSM in the stack's region (`kms:ViaService`) for these
   * parameters (`kms:EncryptionContext:PARAMETER_ARN`). Throws when the keys are not stored in SSM.
   */
  credentialsReaderPolicy(options: CredentialsReaderOptions = {}): PolicyDocument {
    const idParam = this.accessKeyIdParameter;
    const secretParam = this.secretAccessKeyParameter;
    const store = this.store;
    if (!idParam || !secretParam || !store) {
      throw new ValidationError([
        {
          path: this.node.path,
          field: "accessKey.storeIn",
          value: this.accessKey ? "pgpKey" : "undefined",
          rule: "credentialsReaderPolicy() grants reading the access key from SSM, but this user's keys are not stored in SSM.",
          fix: "Set `accessKey: { storeIn: SsmStore.secure({ prefix }) }`, or do not ask for a reader policy.",
        },
      ]);
    }
    const stack = IamStack.of(this);
    let arns: string[];
    if (options.accountId !== undefined) {
      const problems = new Problems(this.node.path);
      checkAccountId(problems, "credentialsReaderPolicy.accountId", options.accountId, isReference);
      problems.throwIfAny();
      const names = store.parameterNames(this.userName);
      arns = [names.accessKeyId, names.secretAccessKey].map((n) => ssmParameterArn(stack.partition, stack.region, options.accountId as string, n));
    } else {
      arns = [idParam.arn, secretParam.arn];
    }
    const statements: StatementProps[] = [
      { sid: "ReadServiceUserAccessKey", actions: ["ssm:GetParameter", "ssm:GetParameters"], resources: arns },
    ];
    if (this.kmsKeyArn !== undefined) {
      statements.push({
        sid: "DecryptServiceUserAccessKey",
        actions: ["kms:Decrypt"],
        resources: [this.kmsKeyArn],
        conditions: [
          Condition.stringEquals("kms:ViaService", `ssm.${stack.region}.amazonaws.com`),
          Condition.stringEquals("kms:EncryptionContext:PARAMETER_ARN", arns),
        ],
      });
    }
    const document = new PolicyDocument({ statements });
    markReaderPolicy(document, this.node.path);
    return document;
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k] as string]));
}
