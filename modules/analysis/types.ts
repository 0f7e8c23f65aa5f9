/**
 * The neutral input shape of the effective-permission model: what a principal is and which policies apply to it.
 * Built by the synth-time checks (from recorded facts) and by the review (from synthesized JSON or a plan); nothing
 * here knows about cdktf or Terraform.
 */

/** A policy document: JSON text or the parsed object (`{ Version?, Statement }`). */
export type DocumentInput = string | { readonly [key: string]: unknown };

/** One policy that applies to a principal (or a group, or a boundary). */
export interface PolicyInput {
  /**
   * - `inline`: an inline policy of the principal (or group); `document` required.
   * - `managed`: a customer managed policy; `document` required (undefined when it cannot be read: see `unreadable`).
   * - `aws-managed`: an AWS managed policy given by `name` (for example `AmazonSSMManagedInstanceCore`) or `arn`;
   *   its document is the current default version from the committed data (see `awsManagedPolicyDocument`).
   */
  readonly kind: "inline" | "managed" | "aws-managed";
  /** Policy name. For `aws-managed`, the policy name or omitted when `arn` is given. */
  readonly name?: string;
  /** ARN or another stable id (a Terraform address) of a managed policy. Optional. */
  readonly arn?: string;
  /** The document (inline and customer managed policies). */
  readonly document?: DocumentInput;
  /**
   * Why the document is unknown (for example "computed at apply time from ${data.x.json}"). An unreadable policy may
   * grant anything: decisions that it could change become `conditional` and name it in `unknown`.
   */
  readonly unreadable?: string;
  /** Label used in explanations. Default: built from kind, name and holder, e.g. `inline policy backups of role app`. */
  readonly source?: string;
}

/** A group the principal (a user) belongs to. */
export interface GroupInput {
  readonly name: string;
  readonly arn?: string;
  /** Inline and attached policies of the group. Default: none. */
  readonly policies?: readonly PolicyInput[];
}

/** A role, user or group, with everything that decides what it may do. */
export interface PrincipalInput {
  readonly kind: "role" | "user" | "group";
  /** IAM name (for a user, the value of `${aws:username}`). */
  readonly name: string;
  /** Stable id: the ARN, or a construct path / Terraform address. Default: `arn` when set, else `<kind>/<name>`. */
  readonly id?: string;
  /** ARN when known (the value of `aws:PrincipalArn`). Default: built from `accountId`/`partition`/`path`/`name` when `accountId` is set. */
  readonly arn?: string;
  /** IAM path, `/` by default. */
  readonly path?: string;
  /** Account id when known (`aws:PrincipalAccount`). */
  readonly accountId?: string;
  /** Partition, `aws` by default. */
  readonly partition?: string;
  /** Tags of the principal (`aws:PrincipalTag/<key>`). Undefined = unknown (conditions on them are undecidable); `{}` = no tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Inline policies and attached managed policies (customer or AWS). Default: none. */
  readonly policies?: readonly PolicyInput[];
  /** Groups the user belongs to (users only). Default: none. */
  readonly groups?: readonly GroupInput[];
  /** Permissions boundary, when set. Undefined = none. Use `{ kind: "managed", unreadable: "..." }` when set but unknown. */
  readonly boundary?: PolicyInput;
  /** Trust (assume-role) policy of a role. */
  readonly trustPolicy?: DocumentInput;
}

/** Values of request context keys. `null` means "known to be absent". Keys are case-insensitive. */
export type RequestContext = Readonly<Record<string, string | readonly string[] | boolean | number | null>>;

/** Where a statement comes from. */
export interface StatementRef {
  /** Label of the policy, e.g. `AWS managed policy AmazonSSMManagedInstanceCore`, `inline policy x of role y`. */
  readonly source: string;
  /** Statement index in its document (0-based). */
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** True when the statement applies only under conditions that could not be decided (its `Condition`, or variables). */
  readonly uncertain?: boolean;
  /** Context keys whose values were unknown (lower case) when `uncertain`. */
  readonly unknownKeys?: readonly string[];
  /** True when the statement comes from the permissions boundary. */
  readonly boundary?: boolean;
}

/**
 * The answer to "may this principal do this action on this resource?", identity-based policies only:
 * - `allowed`: an Allow applies for certain and no Deny might apply (and the boundary, when known, allows it).
 * - `denied`: an explicit Deny applies for certain (identity policies or boundary).
 * - `implicit-deny`: nothing allows it.
 * - `conditional`: an upper bound: allowed only under conditions the model cannot decide (conditions on unknown
 *   context keys, unknown variables, an unreadable policy or boundary, a Deny that might apply).
 */
export type DecisionKind = "allowed" | "denied" | "implicit-deny" | "conditional";

export interface Decision {
  readonly decision: DecisionKind;
  /** Allow statements that grant it (certainly, or under conditions when `conditional`). */
  readonly allowedBy: readonly StatementRef[];
  /** Deny statements that take it back (certainly when `denied`, possibly when `conditional`). */
  readonly deniedBy: readonly StatementRef[];
  /** Policies whose documents are unknown and might change the answer (their labels and reasons). */
  readonly unknown: readonly string[];
}
