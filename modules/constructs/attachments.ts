/**
 * Generic helpers for IAM principals (roles, users, groups):
 *
 * - {@link ManagedPolicyAttachments}: attach managed policies, one attachment resource per policy, keyed by the
 *   policy's stable `attachmentKey` (never by list position), with the count checked against the quota.
 * - {@link InlinePolicies}: inline policies as separate `aws_iam_<kind>_policy` resources (never the deprecated
 *   `inline_policy` argument), each validated as an identity policy, their total size checked against a budget.
 *
 * Both are constructs placed under the principal's construct; their problems are reported with the owner's path
 * and field name (for example `app/stack/ControlPlane: managedPolicies[...]`).
 */
import { childId } from "../core/child-id";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import type { Problem } from "../core/errors";
import { Problems, showValue } from "../core/errors";
import { checkIamName } from "../core/iam-names";
import { Construct, Token } from "../internal/cdktf";
import { deferredString } from "../internal/deferred";
import { PolicyDocument, policySize } from "../policy";
import type { IManagedPolicy } from "./managed-policy";
import { partitionOf, policyToTerraform, recordOptOutReasons, validatePolicy } from "./policy-terraform";

/** Which kind of IAM principal policies are attached to. */
export type PolicyHolderKind = "role" | "user" | "group";

/** AWS default quota of managed policies attached to one role, user or group. */
export const DEFAULT_MANAGED_POLICY_QUOTA = 10;
/** The highest value AWS raises that quota to (Service Quotas). */
export const MAX_MANAGED_POLICY_QUOTA = 20;

const isReference = (s: string): boolean => Token.isUnresolved(s);

/** A construct id made from a stable key: letters, digits, `_` and `-` kept, anything else becomes `_`. */
export function idFromKey(key: string): string {
  return childId(key.replace(/[^A-Za-z0-9_-]/g, "_"));
}

/**
 * Checks a declared managed-policy quota (10 by default, raisable to 20) and returns the quota to use.
 * Adds a problem and returns the default when the declared value is not a whole number from 10 to 20.
 */
export function checkManagedPolicyQuota(problems: Problems, field: string, value: number | undefined): number {
  if (value === undefined) return DEFAULT_MANAGED_POLICY_QUOTA;
  if (!Number.isInteger(value) || value < DEFAULT_MANAGED_POLICY_QUOTA || value > MAX_MANAGED_POLICY_QUOTA) {
    problems.add(
      field,
      value,
      `The managed policy quota is ${DEFAULT_MANAGED_POLICY_QUOTA} attachments by default and AWS raises it to at most ${MAX_MANAGED_POLICY_QUOTA}.`,
      `Leave it out for the default, or declare the quota your account has (a whole number from ${DEFAULT_MANAGED_POLICY_QUOTA} to ${MAX_MANAGED_POLICY_QUOTA}) after raising it in Service Quotas.`,
    );
    return DEFAULT_MANAGED_POLICY_QUOTA;
  }
  return value;
}

/** Properties of {@link ManagedPolicyAttachments}. */
export interface ManagedPolicyAttachmentsProps {
  /** Kind of the principal: selects `aws_iam_role_policy_attachment`, `..._user_...` or `..._group_...`. Required. */
  readonly holderKind: PolicyHolderKind;
  /** Name of the role, user or group (a reference such as `role.name` keeps the creation order). Required. */
  readonly holderName: string;
  /** Construct path used in messages. Required (usually the owner's `node.path`). */
  readonly ownerPath: string;
  /**
   * Field name used in messages.
   * @default "managedPolicies"
   */
  readonly field?: string;
  /**
   * Number of managed policies the principal may carry.
   * @default 10 (the AWS default quota)
   */
  readonly quota?: number;
}

/** Managed policy attachments keyed by stable names. */
export class ManagedPolicyAttachments extends Construct {
  private readonly entries = new Map<string, { policy: IManagedPolicy; arn: string }>();
  private readonly duplicateProblems: Problem[] = [];
  private readonly props: ManagedPolicyAttachmentsProps;

  constructor(scope: Construct, id: string, props: ManagedPolicyAttachmentsProps) {
    super(scope, id);
    this.props = props;
  }

  /** The keys of the attached policies, in the order they were added. */
  get keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The attached policies, keyed by their stable key. */
  get policies(): ReadonlyMap<string, IManagedPolicy> {
    return new Map([...this.entries].map(([k, v]) => [k, v.policy]));
  }

  /** Number of attachments. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Attaches a managed policy under its stable key (`key`, or the policy's `attachmentKey`). Adding the same policy
   * object twice is a no-op; two different policies with the same key, or the same literal ARN under two keys, are
   * recorded as problems (see {@link problems}).
   */
  add(policy: IManagedPolicy, key?: string): void {
    const field = this.props.field ?? "managedPolicies";
    if (!policy || typeof policy.arnFor !== "function") {
      this.duplicateProblems.push(
        problem(this.props.ownerPath, field, policy, "This is not a managed policy.", "Pass a ManagedPolicy, AwsManagedPolicy.fromName(...) or AwsManagedPolicy.fromArn(...)."),
      );
      return;
    }
    const k = key ?? policy.attachmentKey;
    const where = `${field}[${JSON.stringify(k)}]`;
    if (typeof k !== "string" || k.length === 0) {
      this.duplicateProblems.push(problem(this.props.ownerPath, field, k, "A managed policy attachment needs a non-empty stable key.", "Give the key explicitly."));
      return;
    }
    const existing = this.entries.get(k);
    if (existing) {
      if (existing.policy === policy) return;
      this.duplicateProblems.push(
        problem(this.props.ownerPath, where, k, "Two different managed policies share this attachment key; keys name the Terraform resources and must be unique.", "Give one of them another key (AwsManagedPolicy.fromArn(arn, key) or a different construct id)."),
      );
      return;
    }
    const arn = policy.arnFor(this);
    if (!isReference(arn)) {
      for (const [otherKey, other] of this.entries) {
        if (other.arn === arn) {
          this.duplicateProblems.push(
            problem(this.props.ownerPath, where, arn, `This policy is already attached under the key ${JSON.stringify(otherKey)}; two attachments of one policy fight each other on destroy.`, "Attach each policy once."),
          );
          return;
        }
      }
    }
    const id = idFromKey(k);
    const clash = [...this.entries.keys()].find((other) => idFromKey(other) === id);
    if (clash !== undefined) {
      this.duplicateProblems.push(
        problem(this.props.ownerPath, where, k, `The key gives the same resource id (${id}) as the key ${JSON.stringify(clash)}: only letters, digits, _ and - are kept in ids.`, "Give one of them a key that differs in letters or digits."),
      );
      return;
    }
    this.entries.set(k, { policy, arn });
    switch (this.props.holderKind) {
      case "role":
        new IamRolePolicyAttachment(this, id, { role: this.props.holderName, policyArn: arn });
        break;
      case "user":
        new IamUserPolicyAttachment(this, id, { user: this.props.holderName, policyArn: arn });
        break;
      case "group":
        new IamGroupPolicyAttachment(this, id, { group: this.props.holderName, policyArn: arn });
        break;
    }
  }

  /** Every problem: duplicate keys or policies, and more attachments than the quota. */
  problems(): Problem[] {
    const out = [...this.duplicateProblems];
    const quota = this.props.quota ?? DEFAULT_MANAGED_POLICY_QUOTA;
    if (this.entries.size > quota) {
      out.push(
        problem(
          this.props.ownerPath,
          this.props.field ?? "managedPolicies",
          `${this.entries.size} policies: ${this.keys.join(", ")}`,
          `A ${this.props.holderKind} carries at most ${quota} managed policies (the quota${quota === DEFAULT_MANAGED_POLICY_QUOTA ? ", AWS default" : " declared"}); this one would carry ${this.entries.size}.`,
          quota < MAX_MANAGED_POLICY_QUOTA
            ? `Merge policies into fewer customer managed policies, or raise the quota in Service Quotas (up to ${MAX_MANAGED_POLICY_QUOTA}) and declare it with \`managedPolicyQuota\`.`
            : "Merge policies into fewer customer managed policies.",
        ),
      );
    }
    return out;
  }
}

/** Properties of {@link InlinePolicies}. */
export interface InlinePoliciesProps {
  /** Kind of the principal: selects `aws_iam_role_policy`, `aws_iam_user_policy` or `aws_iam_group_policy`. Required. */
  readonly holderKind: PolicyHolderKind;
  /** Name of the role, user or group (a reference such as `role.name` keeps the creation order). Required. */
  readonly holderName: string;
  /** Construct of the owner: messages name its path, and references are resolved in its stack. Required. */
  readonly owner: Construct;
  /** Total size budget of all inline policies together (non-whitespace characters), e.g. `PolicyLimits.roleInlineTotal`. Required. */
  readonly maxTotalSize: number;
  /**
   * Field name used in messages.
   * @default "inlinePolicies"
   */
  readonly field?: string;
}

/**
 * Inline policies of one principal, each an `aws_iam_<kind>_policy` named after its key. Documents may keep growing
 * after they are added (for example a role's own policy): the `policy` argument is rendered at synth.
 */
export class InlinePolicies extends Construct {
  private readonly docs = new Map<string, PolicyDocument>();
  private readonly props: InlinePoliciesProps;
  private readonly early: Problem[] = [];

  constructor(scope: Construct, id: string, props: InlinePoliciesProps) {
    super(scope, id);
    this.props = props;
  }

  /** The names of the inline policies, in the order they were added. */
  get names(): string[] {
    return [...this.docs.keys()];
  }

  /** The document of one inline policy. */
  document(name: string): PolicyDocument | undefined {
    return this.docs.get(name);
  }

  /**
   * Adds an inline policy named `name` (the IAM policy name; also the stable resource key). A second policy with the
   * same name is recorded as a problem.
   */
  add(name: string, document: PolicyDocument): void {
    const field = `${this.props.field ?? "inlinePolicies"}[${JSON.stringify(name)}]`;
    const p = new Problems(this.props.owner.node.path);
    checkIamName(p, field, name, "policy", isReference);
    if (!(document instanceof PolicyDocument)) {
      p.add(field, document, "An inline policy must be a PolicyDocument.", "Build it with `new PolicyDocument({ statements: [...] })` or PolicyDocument.fromJson(...).");
    }
    if (this.docs.has(name)) {
      p.add(field, name, "Two inline policies have the same name.", "Give each inline policy its own name.");
    } else {
      const clash = [...this.docs.keys()].find((other) => idFromKey(other) === idFromKey(name));
      if (clash !== undefined) {
        p.add(field, name, `The name gives the same resource id (${idFromKey(name)}) as the inline policy ${JSON.stringify(clash)}: only letters, digits, _ and - are kept in ids.`, "Give one of them a name that differs in letters or digits.");
      }
    }
    if (!p.empty) {
      this.early.push(...p.list);
      return;
    }
    this.docs.set(name, document);
    const id = idFromKey(name);
    const policy = deferredString(`${this.node.path}/${id} (policy document)`, () => policyToTerraform(document, this.props.owner));
    let resource: IamRolePolicy | IamUserPolicy | IamGroupPolicy;
    switch (this.props.holderKind) {
      case "role":
        resource = new IamRolePolicy(this, id, { name, role: this.props.holderName, policy });
        break;
      case "user":
        resource = new IamUserPolicy(this, id, { name, user: this.props.holderName, policy });
        break;
      case "group":
        resource = new IamGroupPolicy(this, id, { name, group: this.props.holderName, policy });
        break;
    }
    recordOptOutReasons(resource, () => document);
  }

  /** Total size of all inline policies (non-whitespace characters; references count as their placeholder). */
  totalSize(): number {
    let total = 0;
    for (const doc of this.docs.values()) total += this.sizeOf(doc);
    return total;
  }

  /** Size of one document as IAM counts it, rendered in the owner's partition. */
  private sizeOf(doc: PolicyDocument): number {
    const partition = partitionOf(this.props.owner);
    return policySize(doc.toJsonString(partition ? { partition } : {}));
  }

  /** Every problem: bad names, invalid documents (as identity policies), and a total size over the budget. */
  problems(): Problem[] {
    const out = [...this.early];
    const field = this.props.field ?? "inlinePolicies";
    for (const [name, doc] of this.docs) {
      out.push(...validatePolicy(this.props.owner, doc, "identity", `${field}[${JSON.stringify(name)}]`, { limit: false }));
    }
    const total = this.totalSize();
    if (total > this.props.maxTotalSize) {
      const sizes = [...this.docs].map(([n, d]) => `${n}: ${this.sizeOf(d)}`).join(", ");
      out.push(
        problem(
          this.props.owner.node.path,
          field,
          `${total} characters (${sizes})`,
          `The inline policies of a ${this.props.holderKind} may total at most ${this.props.maxTotalSize} characters, not counting whitespace (a fixed AWS limit).`,
          "Move statements into customer managed policies (ManagedPolicy, up to 6,144 characters each) and attach them, or merge statements that share actions or resources.",
        ),
      );
    }
    return out;
  }
}

function problem(path: string, field: string, value: unknown, rule: string, fix: string): Problem {
  return { path, field, value: value === undefined ? undefined : showValue(value), rule, fix };
}
