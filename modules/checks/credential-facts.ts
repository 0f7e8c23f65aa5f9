/**
 * Facts about principals and stored credentials that constructs record for the credential-exposure rule
 * (./rules/credential-exposure.ts). Plain data and callbacks: nothing here knows a construct class.
 *
 * Policies are given as documents already rendered to JSON by the construct (tokens resolved to Terraform
 * expressions such as `${aws_ssm_parameter.X.arn}`), read when the rule runs, so that policies added after the
 * constructor count.
 */
import { factKey } from "./registry";

/** One policy of a principal, as the rule needs it. */
export interface PolicyFact {
  readonly kind: "inline" | "managed" | "aws-managed";
  /** Policy name (an AWS managed policy's name). */
  readonly name: string;
  /** ARN of an AWS managed policy given by ARN. */
  readonly arn?: string;
  /** The document as JSON (inline and customer managed policies), with Terraform expressions for references. */
  readonly document?: unknown;
  /** Ids of the stored credentials whose reader policy this document is (see {@link StoredCredentialFact.id}). */
  readonly readerOf?: readonly string[];
}

/** A role, user or group of the app and its policies. */
export interface PrincipalFact {
  readonly kind: "role" | "user" | "group";
  /** IAM name, when known at synth; otherwise the construct path stands in. */
  readonly name: string;
  /**
   * The name as given to the Terraform resource: a literal, or a reference (token) such as `group.name`. Group
   * memberships that name the principal by reference are matched through it.
   * @default `name`
   */
  readonly nameRef?: string;
  readonly path?: string;
  /** The principal's policies as they are when the rule runs. */
  readonly policies: () => readonly PolicyFact[];
  /**
   * Groups a user joins through its own membership resource: names or references (their policies come from the
   * groups' own facts). Memberships written as separate `aws_iam_user_group_membership` / `aws_iam_group_membership`
   * resources count too: the rule finds them in the app.
   */
  readonly groups?: readonly string[];
  /** The permissions boundary, when set. */
  readonly boundary?: () => PolicyFact | undefined;
}

/** A stored credential: the SSM parameter holding an access key secret. */
export interface StoredCredentialFact {
  /** Stable id of the credential (the owning construct's path). */
  readonly id: string;
  /** Terraform address of the secret parameter (`aws_ssm_parameter.<id>`): reader policies reference its ARN. */
  readonly parameterAddress: string;
  /** Parameter name, for example `/integrations/sekoia/sekoia-iam-reader/secret-access-key`. */
  readonly parameterName: string;
  readonly region: string;
  readonly partition: string;
  /** The KMS key: the AWS managed `aws/ssm` key, or a key ARN / Terraform expression of one. */
  readonly kmsKey: "aws/ssm" | string;
  /** Why the AWS managed key is used, when it is (the opt-in's reason). */
  readonly awsManagedKeyReason?: string;
  /** Set when the owner lifted the exposure check for this credential, with the reason. */
  readonly exposureOptOut?: string;
  /** How to fix an exposure in the owner's terms (TypeScript API or config file). */
  readonly fixHint?: string;
}

/** Principals of the app. */
export const PRINCIPAL_FACT = factKey<PrincipalFact>("iam-principal");
/** Stored credentials of the app. */
export const STORED_CREDENTIAL_FACT = factKey<StoredCredentialFact>("stored-credential");
