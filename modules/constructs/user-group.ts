/**
 * UserGroup: an IAM group (`aws_iam_group`) with managed policies, inline policies and, optionally, the
 * MFA-enforcement policy for the humans in it. Users join it with `ServiceUser`'s `groups: [group.name]`.
 *
 * Built on the attachment helpers of modules/constructs (one attachment per policy keyed by its stable key,
 * inline policies as `aws_iam_group_policy`, 5,120 inline characters in total).
 * (Lives here because the config front end needs it; a candidate for modules/constructs.)
 */
import { recordFact } from "../checks/registry";
import { IAM_NAME } from "../checks/facts";
import { PRINCIPAL_FACT } from "../checks/credential-facts";
import { policyFacts } from "./principal-facts";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { Problems, ValidationError } from "../core/errors";
import { checkIamName, checkIamPath } from "../core/iam-names";
import { Construct, Token } from "../internal/cdktf";
import { InlinePolicies, ManagedPolicyAttachments, checkManagedPolicyQuota } from "./attachments";
import type { IManagedPolicy } from "./managed-policy";
import { mfaEnforcementPolicy } from "./mfa-policy";
import { PolicyDocument, PolicyLimits } from "../policy";
import { IamStack } from "../stack/iam-stack";

const isReference = (s: string): boolean => Token.isUnresolved(s);

/** Name of the inline policy that enforces MFA on the group's members. */
export const GROUP_MFA_POLICY_NAME = "enforce-mfa";

/** Properties of a {@link UserGroup}. */
export interface UserGroupProps {
  /** Group name (1 to 128 letters, digits and `+=,.@_-`). Required. */
  readonly name: string;
  /**
   * IAM path of the group. The MFA policy matches members whose user path is this path.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Managed policies, one `aws_iam_group_policy_attachment` each, keyed by their stable `attachmentKey`.
   * @default none
   */
  readonly managedPolicies?: IManagedPolicy[];
  /**
   * The managed-policy quota of the account (10 by default, up to 20 on request).
   * @default 10
   */
  readonly managedPolicyQuota?: number;
  /**
   * Inline policies by name (`aws_iam_group_policy`), at most 5,120 characters together (non-whitespace).
   * @default none
   */
  readonly inlinePolicies?: Record<string, PolicyDocument>;
  /**
   * Add the MFA-enforcement inline policy (`enforce-mfa`): members without MFA in their session may only manage
   * their own password and MFA device. Members' user path must be the group's `path` (or give `memberPath`).
   * @default false
   */
  readonly enforceMfa?: boolean;
  /**
   * IAM path of the members, for the MFA policy's `user<path>${aws:username}` resource.
   * @default the group's path ("/" when none)
   */
  readonly memberPath?: string;
}

/** An IAM group and its policies. */
export class UserGroup extends Construct {
  /** The `aws_iam_group` resource. */
  readonly resource: IamGroup;
  /** The group's name (a reference, so that memberships are created after the group). */
  readonly name: string;
  /** The group's ARN (a reference). */
  readonly arn: string;
  /** The managed policy attachments. */
  readonly managedPolicyAttachments: ManagedPolicyAttachments;
  /** The inline policies. */
  readonly inlinePolicies: InlinePolicies;

  constructor(scope: Construct, id: string, props: UserGroupProps) {
    super(scope, id);
    const stack = IamStack.of(this);
    const problems = new Problems(this.node.path);
    const p = props ?? ({} as UserGroupProps);
    if (typeof p.name !== "string") problems.add("name", p.name, "A group needs a name.", 'Set `name`, for example "developers".');
    checkIamName(problems, "name", p.name, "group", isReference);
    checkIamPath(problems, "path", p.path, isReference);
    checkIamPath(problems, "memberPath", p.memberPath, isReference);
    const quota = checkManagedPolicyQuota(problems, "managedPolicyQuota", p.managedPolicyQuota);
    if (p.enforceMfa && p.inlinePolicies && Object.prototype.hasOwnProperty.call(p.inlinePolicies, GROUP_MFA_POLICY_NAME)) {
      problems.add(`inlinePolicies[${JSON.stringify(GROUP_MFA_POLICY_NAME)}]`, GROUP_MFA_POLICY_NAME, "This inline policy name is taken by the MFA-enforcement policy.", "Rename the inline policy.");
    }
    problems.throwIfAny(`Invalid UserGroup "${id}"`);

    this.resource = new IamGroup(this, "Group", { name: p.name, path: p.path ?? "/" });
    if (typeof p.name === "string") recordFact(this, IAM_NAME, { kind: "group", name: p.name, field: "name" });
    this.name = this.resource.name;
    this.arn = this.resource.arn;
    this.managedPolicyAttachments = new ManagedPolicyAttachments(this, "ManagedPolicies", { holderKind: "group", holderName: this.name, ownerPath: this.node.path, quota });
    for (const policy of p.managedPolicies ?? []) this.managedPolicyAttachments.add(policy);
    this.inlinePolicies = new InlinePolicies(this, "InlinePolicies", { holderKind: "group", holderName: this.name, owner: this, maxTotalSize: PolicyLimits.groupInlineTotal });
    for (const name of Object.keys(p.inlinePolicies ?? {}).sort()) this.inlinePolicies.add(name, (p.inlinePolicies as Record<string, PolicyDocument>)[name] as PolicyDocument);
    if (p.enforceMfa) {
      this.inlinePolicies.add(GROUP_MFA_POLICY_NAME, mfaEnforcementPolicy({ partition: stack.partition, userPath: p.memberPath ?? p.path ?? "/" }));
    }
    // For the credential-exposure rule: the group's policies (read at synth), which its members hold.
    recordFact(this, PRINCIPAL_FACT, {
      kind: "group",
      name: typeof p.name === "string" && !isReference(p.name) ? p.name : this.node.path,
      nameRef: this.name,
      ...(p.path !== undefined ? { path: p.path } : {}),
      policies: () => policyFacts(this, this.managedPolicyAttachments, this.inlinePolicies),
    });
    const late = [...this.managedPolicyAttachments.problems(), ...this.inlinePolicies.problems()];
    if (late.length > 0) throw new ValidationError(late, `Invalid UserGroup "${id}"`);
  }
}
