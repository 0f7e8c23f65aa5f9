/**
 * Ec2InstanceRole: the role an EC2 instance runs as, with its instance profile.
 *
 * One construct replaces the console routine "create a role for the EC2 service, attach policies, attach the role
 * to the instance":
 *
 * - `aws_iam_role` whose trust policy lets only the EC2 service principal of the stack's partition call
 *   `sts:AssumeRole` (more trusted principals only through `additionalTrustStatements`, validated as a trust policy);
 * - one `aws_iam_role_policy_attachment` per managed policy, keyed by the policy's stable key, counted against the
 *   quota;
 * - inline policies as `aws_iam_role_policy` resources (never the deprecated `inline_policy` /
 *   `managed_policy_arns` arguments), their total size checked;
 * - the `aws_iam_instance_profile` (create-before-destroy), with helpers to wire it into an `aws_instance` or an
 *   `aws_launch_template` of the same stack.
 *
 * Props are checked when the construct is created (every problem at once); what is added later through
 * `addToPolicy`, `addInlinePolicy` and `addManagedPolicy` is checked at synth.
 */
import { recordFact } from "../checks/registry";
import { IAM_NAME } from "../checks/facts";
import { PRINCIPAL_FACT } from "../checks/credential-facts";
import { policyFacts } from "./principal-facts";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Instance } from "@cdktf/provider-aws/lib/instance";
import type { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { Problem } from "../core/errors";
import { addConstructCheck } from "../checks/registry";
import { Problems, ValidationError } from "../core/errors";
import { checkIamName, checkIamPath, checkNaming, checkTags } from "../core/iam-names";
import { Aspects, Construct, TerraformResource, Token } from "../internal/cdktf";
import type { IConstruct } from "../internal/cdktf";
import { Condition, PolicyDocument, PolicyHardLimits, PolicyLimits, Principal, Statement, policySize } from "../policy";
import type { StatementProps } from "../policy";
import { IamStack } from "../stack/iam-stack";
import { InlinePolicies, ManagedPolicyAttachments, checkManagedPolicyQuota } from "./attachments";
import { InstanceProfile } from "./instance-profile";
import { allowedReason, recordReplaceable } from "./create-before-destroy";
import type { AllowCreateBeforeDestroy } from "./create-before-destroy";
import type { IManagedPolicy } from "./managed-policy";
import { policyToTerraform, recordOptOutReasons, validatePolicy } from "./policy-terraform";
import { attributeRef } from "../internal/attribute-ref";

const isReference = (s: string): boolean => Token.isUnresolved(s);

/** Shortest and longest session an IAM role allows (seconds). */
export const MIN_SESSION_DURATION = 3600;
export const MAX_SESSION_DURATION = 43200;

/** Sid of the trust statement that lets EC2 assume the role. */
export const EC2_TRUST_SID = "TrustEc2Service";

/** Name of the inline policy that {@link Ec2InstanceRole.addToPolicy} fills, unless `ownPolicyName` is given. */
export const DEFAULT_OWN_POLICY_NAME = "default-policy";

/**
 * The EC2 service principal of a partition: `ec2.amazonaws.com.cn` in China (`aws-cn`), the form AWS documents
 * for the China regions; `ec2.amazonaws.com` everywhere else. Where a partition needs another form, pass
 * `trustedService` to {@link Ec2InstanceRole}.
 */
export function ec2ServicePrincipal(partition: string): string {
  return partition === "aws-cn" ? "ec2.amazonaws.com.cn" : "ec2.amazonaws.com";
}

/** Options of the instance profile an {@link Ec2InstanceRole} creates. */
export interface Ec2InstanceProfileOptions {
  /**
   * Name of the instance profile (1 to 128 characters).
   * @default the role's name (its literal `name`, or the name Terraform generated for the role)
   */
  readonly name?: string;
  /**
   * IAM path of the instance profile.
   * @default the role's path ("/" when none is given)
   */
  readonly path?: string;
  /**
   * Tags of the instance profile, added to the role's tags (only these with `inheritRoleTags: false`).
   * @default the role's tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Whether the profile also carries the role's tags. `false` keeps an existing profile's tags as they are when it is
   * adopted (`npm run adopt`): the console tags the role, not its profile.
   * @default true
   */
  readonly inheritRoleTags?: boolean;
}

/** Properties of an {@link Ec2InstanceRole}. */
export interface Ec2InstanceRoleProps {
  /**
   * Role name (1 to 64 letters, digits and `+=,.@_-`). Exclusive with `namePrefix`.
   * @default Terraform generates a unique name
   */
  readonly name?: string;
  /**
   * Prefix of a generated unique role name (at most 38 characters). Exclusive with `name`.
   * @default none
   */
  readonly namePrefix?: string;
  /**
   * IAM path of the role, for example "/instances/".
   * @default "/"
   */
  readonly path?: string;
  /**
   * Description of the role (at most 1,000 characters).
   * @default none
   */
  readonly description?: string;
  /**
   * Longest session, in seconds, from 3,600 (1 hour) to 43,200 (12 hours). EC2 itself refreshes instance
   * credentials on its own schedule; this only limits other principals you add to the trust policy.
   * @default 3600 (AWS's default; the argument is left out)
   */
  readonly maxSessionDuration?: number;
  /**
   * Permissions boundary: a ManagedPolicy, an AWS managed policy (`AwsManagedPolicy.fromName(...)`), or a policy ARN.
   * @default none
   */
  readonly permissionsBoundary?: IManagedPolicy | string;
  /**
   * Keeps the role and its instance profile create-before-destroy knowingly when another resource of the stack makes
   * them so (Terraform extends `create_before_destroy` to what a resource depends on, for example from a launch
   * template that names the profile) while their names are fixed: a later change of the role's name or path (or the
   * profile's) then needs two steps, or a new name. Without it the synth-time check refuses that combination.
   * @default none (refused)
   */
  readonly allowCreateBeforeDestroy?: AllowCreateBeforeDestroy;
  /**
   * Tags of the role (and, by default, of its instance profile), merged with the provider's default tags.
   * @default no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Managed policies to attach, one `aws_iam_role_policy_attachment` each, keyed by the policy's stable
   * `attachmentKey` (so reordering the list changes nothing).
   * @default none
   */
  readonly managedPolicies?: IManagedPolicy[];
  /**
   * The managed-policy quota of the account (10 by default; AWS raises it to at most 20 on request).
   * @default 10
   */
  readonly managedPolicyQuota?: number;
  /**
   * Inline policies by name, each an `aws_iam_role_policy`. All inline policies of the role (with the one
   * `addToPolicy` fills) total at most 10,240 characters, not counting whitespace.
   * @default none
   */
  readonly inlinePolicies?: Record<string, PolicyDocument>;
  /**
   * Name of the inline policy that {@link Ec2InstanceRole.addToPolicy} fills.
   * @default "default-policy"
   */
  readonly ownPolicyName?: string;
  /**
   * Service principal trusted to assume the role. Override only for a partition whose EC2 principal differs from
   * what {@link ec2ServicePrincipal} returns; it must be an EC2 principal (`ec2.` followed by a DNS suffix).
   * @default ec2ServicePrincipal(stack.partition): "ec2.amazonaws.com" ("ec2.amazonaws.com.cn" in aws-cn)
   */
  readonly trustedService?: string;
  /**
   * More trust statements, for principals other than EC2 (for example a role of a CI account). Each is validated as
   * a trust policy statement; an Allow to anyone (`"*"` or NotPrincipal) without a condition is rejected.
   * @default none: only EC2 may assume the role
   */
  readonly additionalTrustStatements?: Array<Statement | StatementProps>;
  /**
   * The whole trust policy, replacing the EC2 statement: for a role brought under management as it is in the account
   * (adoption, `npm run adopt`) whose trust names other principals (Lambda, another account, a federated provider),
   * or whose EC2 statement has no Sid. Validated as a trust policy (only `sts:AssumeRole`-family actions, a Principal
   * in every statement; anyone without a condition is refused). Cannot be combined with `trustedService` or
   * `additionalTrustStatements`.
   * @default one statement: `sts:AssumeRole` by the EC2 service principal of the stack's partition
   */
  readonly trustPolicy?: PolicyDocument;
  /**
   * The role trust policy length quota of the account (2,048 characters by default; raisable to 4,096).
   * @default 2048
   */
  readonly trustPolicyQuota?: number;
  /**
   * The instance profile: options, or `false` for a role without one.
   * @default an instance profile named after the role
   */
  readonly instanceProfile?: Ec2InstanceProfileOptions | false;
}

/** Options of {@link Ec2InstanceRole.grantPassRole}. */
export interface GrantPassRoleOptions {
  /**
   * Statement id.
   * @default none
   */
  readonly sid?: string;
}

/** A role for EC2 instances, its policies, and its instance profile. */
export class Ec2InstanceRole extends Construct {
  /** The `aws_iam_role` resource. */
  readonly resource: IamRole;
  /** The service principal the trust policy names (and `iam:PassedToService` of {@link grantPassRole}). */
  readonly trustedService: string;
  /** The trust policy, as a document. */
  readonly trustPolicy: PolicyDocument;
  /** The managed policy attachments. */
  readonly managedPolicyAttachments: ManagedPolicyAttachments;
  /** The inline policies. */
  readonly inlinePolicies: InlinePolicies;

  private readonly profile?: InstanceProfile;
  private readonly ownPolicyName: string;
  private ownPolicy?: PolicyDocument;

  constructor(scope: Construct, id: string, props: Ec2InstanceRoleProps = {}) {
    super(scope, id);
    const stack = IamStack.of(this);
    const problems = new Problems(this.node.path);

    checkNaming(problems, props, "role", isReference);
    checkSessionDuration(problems, props.maxSessionDuration);
    const quota = checkManagedPolicyQuota(problems, "managedPolicyQuota", props.managedPolicyQuota);
    const trustQuota = checkTrustQuota(problems, props.trustPolicyQuota);
    const boundaryArn = this.boundaryArn(problems, props.permissionsBoundary, stack.partition);

    const customTrust = props.trustPolicy;
    this.trustedService = props.trustedService ?? (customTrust ? soleService(customTrust) : undefined) ?? ec2ServicePrincipal(stack.partition);
    if (props.trustedService !== undefined) checkTrustedService(problems, props.trustedService, stack.partition);
    if (customTrust !== undefined) {
      for (const other of ["trustedService", "additionalTrustStatements"] as const) {
        if (props[other] !== undefined) problems.add(other, props[other], `\`${other}\` shapes the default EC2 trust, which \`trustPolicy\` replaces.`, `Put every trusted principal in \`trustPolicy\`, or remove \`trustPolicy\` and keep \`${other}\`.`);
      }
    }

    this.ownPolicyName = props.ownPolicyName ?? DEFAULT_OWN_POLICY_NAME;
    checkIamName(problems, "ownPolicyName", props.ownPolicyName, "policy", isReference);
    if (props.inlinePolicies && Object.prototype.hasOwnProperty.call(props.inlinePolicies, this.ownPolicyName)) {
      problems.add(`inlinePolicies[${JSON.stringify(this.ownPolicyName)}]`, this.ownPolicyName, "This inline policy name is taken by the policy addToPolicy() fills.", "Rename the inline policy, or set `ownPolicyName` to another name.");
    }
    if (props.instanceProfile !== undefined && props.instanceProfile !== false && (typeof props.instanceProfile !== "object" || props.instanceProfile === null)) {
      problems.add("instanceProfile", props.instanceProfile, "`instanceProfile` is an options object or `false`.", "Pass `{}` (or leave it out) for the default profile, `{ name, path, tags }` to customise it, or `false` for none.");
    }

    const extra = (props.additionalTrustStatements ?? []).map((s) => Statement.of(s));
    checkAdditionalTrust(problems, extra);
    if (customTrust !== undefined) {
      if (!(customTrust instanceof PolicyDocument) || customTrust.statements.length === 0) {
        problems.add("trustPolicy", customTrust instanceof PolicyDocument ? "no statements" : typeof customTrust, "`trustPolicy` is a PolicyDocument with at least one statement.", "Pass PolicyDocument.fromJson(<the role's AssumeRolePolicyDocument>), or leave `trustPolicy` out for the EC2 trust.");
      } else {
        problems.addAll(validatePolicy(this, customTrust, "trust", "trustPolicy", { limit: false }));
        checkAdditionalTrust(problems, [...customTrust.statements], "trustPolicy");
      }
    }
    this.trustPolicy =
      customTrust instanceof PolicyDocument && customTrust.statements.length > 0
        ? customTrust
        : new PolicyDocument({
            statements: [
              new Statement({ sid: EC2_TRUST_SID, effect: "Allow", principals: [Principal.service(this.trustedService)], actions: ["sts:AssumeRole"] }),
              ...extra,
            ],
          });
    if (extra.length > 0) {
      // Validated on their own so that problems name `additionalTrustStatements[i]` with the index the caller used.
      problems.addAll(validatePolicy(this, new PolicyDocument({ statements: extra }), "trust", "additionalTrustStatements", { limit: false }));
      extra.forEach((s, i) => {
        if (s.sid === EC2_TRUST_SID) problems.add(`additionalTrustStatements.statements[${i}].sid`, s.sid, `The Sid "${EC2_TRUST_SID}" is taken by the EC2 trust statement.`, "Give the statement another Sid.");
      });
    }
    const trustSize = policySize(this.trustPolicy.toJsonString({ partition: stack.partition }));
    if (trustSize > trustQuota) {
      problems.add(customTrust !== undefined ? "trustPolicy" : "additionalTrustStatements", `${trustSize} characters`, `The trust policy may be at most ${trustQuota} characters, not counting whitespace (the account's role trust policy length quota).`, `Trust fewer principals, or raise the quota in Service Quotas (up to ${PolicyHardLimits.trust}) and declare it with \`trustPolicyQuota\`.`);
    }
    if (typeof props.name === "string") recordFact(this, IAM_NAME, { kind: "role", name: props.name, field: "name" });
    recordFact(this, PRINCIPAL_FACT, {
      kind: "role",
      name: typeof props.name === "string" && !isReference(props.name) ? props.name : this.node.path,
      ...(props.path !== undefined ? { path: props.path } : {}),
      policies: () => policyFacts(this, this.managedPolicyAttachments, this.inlinePolicies),
    });
    this.resource = new IamRole(this, "Resource", {
      assumeRolePolicy: policyToTerraform(this.trustPolicy, this),
      ...(props.name !== undefined ? { name: props.name } : {}),
      ...(props.namePrefix !== undefined ? { namePrefix: props.namePrefix } : {}),
      ...(props.path !== undefined ? { path: props.path } : {}),
      ...(props.description !== undefined ? { description: props.description } : {}),
      ...(props.maxSessionDuration !== undefined ? { maxSessionDuration: props.maxSessionDuration } : {}),
      ...(boundaryArn !== undefined ? { permissionsBoundary: boundaryArn } : {}),
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: sortKeys(props.tags) } : {}),
    });

    this.managedPolicyAttachments = new ManagedPolicyAttachments(this, "ManagedPolicies", {
      holderKind: "role",
      holderName: this.followRef,
      ownerPath: this.node.path,
      field: "managedPolicies",
      quota,
    });
    for (const policy of props.managedPolicies ?? []) this.managedPolicyAttachments.add(policy);

    this.inlinePolicies = new InlinePolicies(this, "InlinePolicies", {
      holderKind: "role",
      holderName: this.followRef,
      owner: this,
      maxTotalSize: PolicyLimits.roleInlineTotal,
      field: "inlinePolicies",
    });
    for (const name of Object.keys(props.inlinePolicies ?? {}).sort()) {
      this.inlinePolicies.add(name, (props.inlinePolicies as Record<string, PolicyDocument>)[name] as PolicyDocument);
    }

    const profileOpts = props.instanceProfile === false ? undefined : typeof props.instanceProfile === "object" && props.instanceProfile !== null ? props.instanceProfile : {};
    if (profileOpts) {
      checkIamName(problems, "instanceProfile.name", profileOpts.name, "instance profile", isReference);
      checkIamPath(problems, "instanceProfile.path", profileOpts.path, isReference);
      checkTags(problems, "instanceProfile.tags", profileOpts.tags);
    }

    // Everything given in props is checked now, all at once; what is added later is checked again at synth.
    problems.addAll([...this.managedPolicyAttachments.problems(), ...this.inlinePolicies.problems()]);
    const optOut = allowedReason(problems, "allowCreateBeforeDestroy", props.allowCreateBeforeDestroy);
    problems.throwIfAny(`Invalid Ec2InstanceRole "${id}"`);
    recordReplaceable(this, { kind: "role", resource: this.resource, ...(optOut !== undefined ? { optOut } : {}) });
    // The review shows the reason next to the role.
    if (optOut !== undefined) recordOptOutReasons(this.resource, undefined, [`allowCreateBeforeDestroy: ${optOut}`]);
    addConstructCheck(this, () => this.problems());

    if (profileOpts) {
      const opts = profileOpts;
      const tags = { ...(opts.inheritRoleTags === false ? {} : (props.tags ?? {})), ...(opts.tags ?? {}) };
      this.profile = new InstanceProfile(this, "InstanceProfile", {
        roleName: this.followRef,
        name: opts.name ?? (props.name !== undefined && !isReference(props.name) ? props.name : this.name),
        // Only a profile named after a generated role name is created before it is destroyed: see InstanceProfileProps.
        createBeforeDestroy: props.name === undefined && opts.name === undefined,
        ...(props.allowCreateBeforeDestroy !== undefined ? { allowCreateBeforeDestroy: props.allowCreateBeforeDestroy } : {}),
        ...((opts.path ?? props.path) !== undefined ? { path: opts.path ?? props.path } : {}),
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
      });
    }
  }

  // Attribute references are made once, on first use, without cdktf's stack trace (internal/attribute-ref.ts).
  private nameRef?: string;
  private arnRef?: string;
  /** Instances and launch templates wired with attachTo()/attachToLaunchTemplate(). */
  private readonly dependents = new Set<TerraformResource>();

  /** The role's name, as a reference. */
  get name(): string {
    return (this.nameRef ??= attributeRef(this.resource, "name"));
  }

  private followRefValue?: string;
  /**
   * The role's name as its dependents (policy attachments, inline policies, the instance profile) take it: the
   * `id` attribute (which is the name). Unlike `name`, which a fixed-name role keeps in the plan, `id` is unknown
   * when the role is replaced, so Terraform replaces the attachments and inline policies too (their `role` forces a
   * new resource) and updates the profile's `role` in place: after a destroy-then-create replacement (a path or
   * name change), the new role has its policies and the profile carries it. The profile itself is not replaced.
   */
  private get followRef(): string {
    return (this.followRefValue ??= attributeRef(this.resource, "id"));
  }

  /** The role's ARN, as a reference. */
  get arn(): string {
    return (this.arnRef ??= attributeRef(this.resource, "arn"));
  }

  /** True when the role has an instance profile (the default). */
  get hasInstanceProfile(): boolean {
    return this.profile !== undefined;
  }

  /** The instance profile: `.name` and `.arn` (references), `forInstance()`, `forLaunchTemplate()`. */
  get instanceProfile(): InstanceProfile {
    if (!this.profile) {
      throw new ValidationError(
        [{ path: this.node.path, field: "instanceProfile", value: "false", rule: "This role was created without an instance profile.", fix: "Leave `instanceProfile` out (or pass options) to create one." }],
        "No instance profile",
      );
    }
    return this.profile;
  }

  /** Attaches a managed policy under its stable key (`key`, or the policy's `attachmentKey`). Checked at synth. */
  addManagedPolicy(policy: IManagedPolicy, key?: string): this {
    this.managedPolicyAttachments.add(policy, key);
    return this;
  }

  /** Adds an inline policy (`aws_iam_role_policy` named `name`). Checked at synth. */
  addInlinePolicy(name: string, document: PolicyDocument): this {
    this.inlinePolicies.add(name, document);
    return this;
  }

  /**
   * Adds statements to the role's own inline policy (named `ownPolicyName`, "default-policy" by default), created on
   * first use. The statements are validated as an identity policy at synth.
   */
  addToPolicy(...statements: Array<Statement | StatementProps>): this {
    if (statements.length === 0) return this;
    if (!this.ownPolicy) {
      this.ownPolicy = new PolicyDocument();
      this.inlinePolicies.add(this.ownPolicyName, this.ownPolicy);
    }
    this.ownPolicy.addStatements(...statements);
    return this;
  }

  /**
   * The statement whoever launches the instances needs: `iam:PassRole` on this role's ARN only, on condition that the
   * role is passed to EC2 (`iam:PassedToService` = the trusted EC2 principal, `ec2.amazonaws.com` by default). Add it
   * to the launcher's policy (a ManagedPolicy, a ServiceUser, a CI role...).
   */
  grantPassRole(opts: GrantPassRoleOptions = {}): Statement {
    return new Statement({
      ...(opts.sid !== undefined ? { sid: opts.sid } : {}),
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [this.arn],
      conditions: [Condition.stringEquals("iam:PassedToService", this.trustedService)],
    });
  }

  /**
   * Sets the instance profile on an `aws_instance` of the same stack (`iam_instance_profile` = profile name), and
   * makes the instance depend on every managed policy attachment and inline policy of the role (also the ones
   * added after this call), so that it boots only once its permissions exist.
   */
  attachTo(instance: Instance): this {
    this.instanceProfile.attachTo(instance);
    this.waitForPolicies(instance);
    return this;
  }

  /**
   * Sets the instance profile (by ARN) on an `aws_launch_template` of the same stack, and makes the template
   * depend on every managed policy attachment and inline policy of the role (instances launched from it find
   * their permissions in place).
   */
  attachToLaunchTemplate(template: LaunchTemplate): this {
    this.instanceProfile.attachToLaunchTemplate(template);
    this.waitForPolicies(template);
    return this;
  }

  /** The `aws_iam_role_policy_attachment` and `aws_iam_role_policy` resources of the role, as they are now. */
  policyResources(): TerraformResource[] {
    return [...this.managedPolicyAttachments.node.findAll(), ...this.inlinePolicies.node.findAll()].filter((c): c is TerraformResource => c instanceof TerraformResource);
  }

  /** Adds the role's policy resources to `target`'s `depends_on` at synth, when every policy is known. */
  private waitForPolicies(target: TerraformResource): void {
    if (this.dependents.has(target)) return;
    this.dependents.add(target);
    const added = new Set<TerraformResource>();
    Aspects.of(target).add({
      visit: (node: IConstruct) => {
        if (node !== target) return;
        for (const r of this.policyResources()) {
          if (added.has(r)) continue;
          added.add(r);
          // The bare address: in the JSON syntax depends_on takes static references, not "${...}".
          target.dependsOn = [...(target.dependsOn ?? []), `${r.terraformResourceType}.${r.friendlyUniqueId}`];
        }
      },
    });
  }

  /** Every problem of the role's policies as they are now (attachments, inline policies and their total size). */
  problems(): Problem[] {
    return [...this.managedPolicyAttachments.problems(), ...this.inlinePolicies.problems()];
  }

  private boundaryArn(problems: Problems, boundary: IManagedPolicy | string | undefined, partition: string): string | undefined {
    if (boundary === undefined) return undefined;
    if (typeof boundary === "string") {
      if (isReference(boundary)) return boundary;
      const m = /^arn:([a-z-]+):iam::(\d{12}|aws):policy\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]+$/.exec(boundary);
      if (!m) {
        problems.add("permissionsBoundary", boundary, "A permissions boundary is a managed policy ARN (arn:<partition>:iam::<account or aws>:policy/<path><name>).", `Pass a ManagedPolicy, AwsManagedPolicy.fromName(...), or an ARN such as "arn:${partition}:iam::123456789012:policy/boundary".`);
      } else if (m[1] !== partition) {
        problems.add("permissionsBoundary", boundary, `The ARN is in partition "${m[1]}" but the stack is in "${partition}".`, `Use the policy's ARN in "${partition}".`);
      }
      return boundary;
    }
    if (typeof boundary === "object" && boundary !== null && typeof (boundary as IManagedPolicy).arnFor === "function") {
      return boundary.arnFor(this);
    }
    problems.add("permissionsBoundary", boundary, "A permissions boundary is a managed policy or its ARN.", "Pass a ManagedPolicy, AwsManagedPolicy.fromName(...), or a policy ARN string.");
    return undefined;
  }
}

function checkSessionDuration(problems: Problems, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < MIN_SESSION_DURATION || value > MAX_SESSION_DURATION) {
    problems.add("maxSessionDuration", value, `The maximum session duration is a whole number of seconds from ${MIN_SESSION_DURATION} (1 hour) to ${MAX_SESSION_DURATION} (12 hours).`, "Give seconds, for example 3600 for 1 hour or 14400 for 4 hours.");
  }
}

function checkTrustQuota(problems: Problems, value: number | undefined): number {
  if (value === undefined) return PolicyLimits.trust;
  if (!Number.isInteger(value) || value < PolicyLimits.trust || value > PolicyHardLimits.trust) {
    problems.add("trustPolicyQuota", value, `The role trust policy length quota is ${PolicyLimits.trust} characters by default and AWS raises it to at most ${PolicyHardLimits.trust}.`, `Leave it out, or declare the quota your account has (a whole number from ${PolicyLimits.trust} to ${PolicyHardLimits.trust}).`);
    return PolicyLimits.trust;
  }
  return value;
}

function checkTrustedService(problems: Problems, value: string, partition: string): void {
  if (typeof value !== "string" || !/^ec2\.[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value)) {
    problems.add("trustedService", value, "The trusted service of an EC2 instance role is an EC2 service principal: `ec2.` followed by the partition's DNS suffix.", `Leave \`trustedService\` out for "${ec2ServicePrincipal(partition)}", or give the EC2 principal of your partition; trust other principals through \`additionalTrustStatements\`.`);
   } else {
    // The partition's form: ec2.amazonaws.com.cn in China only, the isolated partitions' suffixes in theirs only.
    const china = value.endsWith(".amazonaws.com.cn");
    const isolated = /\.(c2s\.ic\.gov|sc2s\.sgov\.gov)$/.test(value);
    if (china !== (partition === "aws-cn") || (isolated && !partition.startsWith("aws-iso"))) {
      problems.add("trustedService", value, `This is not the EC2 service principal of partition "${partition}" (the stack's); AWS would refuse the trust policy.`, `Leave \`trustedService\` out for "${ec2ServicePrincipal(partition)}", the EC2 principal of ${partition}.`);
    }
  }
}

/**
 * An Allow to anyone (`"*"`) without any condition lets every AWS account, and anonymous callers, assume the role.
 * The policy model already rejects `"*"` without a written reason (and NotPrincipal in trust policies); this adds the
 * trust-specific rule: even with a reason, `"*"` must be narrowed by a condition.
 */
function checkAdditionalTrust(problems: Problems, statements: Statement[], field = "additionalTrustStatements"): void {
  statements.forEach((s, i) => {
    const p = s.props;
    if (p.effect !== "Allow") return;
    const anyone = (p.principals ?? []).findIndex((pr) => pr instanceof Principal && pr.isAnyone && (pr.reason ?? "").trim() !== "");
    if (anyone >= 0 && (p.conditions ?? []).length === 0) {
      problems.add(
        `${field}.statements[${i}].principals[${anyone}]`,
        "*",
        "This trust statement lets anyone (every AWS account, and anonymous callers) assume the role: a trust policy that lets anyone in is never accepted, reason or not.",
        "Name the trusted accounts or roles with Principal.account(...) / Principal.arn(...), or narrow Principal.anyone(...) with a condition such as Condition.stringEquals(\"aws:PrincipalOrgID\", \"o-...\").",
      );
    }
  });
}

/** The service principal of a trust policy whose Allow statements all name one and the same service, else undefined. */
function soleService(doc: PolicyDocument): string | undefined {
  if (!(doc instanceof PolicyDocument)) return undefined;
  const services = new Set<string>();
  for (const s of doc.statements) {
    if (s.props.effect === "Deny") continue;
    for (const p of s.props.principals ?? []) {
      if (!(p instanceof Principal) || p.kind !== "Service") return undefined;
      services.add(p.value);
    }
  }
  return services.size === 1 ? [...services][0] : undefined;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k] as string]));
}
