/**
 * InstanceProfile: the `aws_iam_instance_profile` that carries a role to EC2 instances.
 *
 * EC2 does not take a role directly: an instance (or a launch template) names an
 * instance profile, and the profile holds exactly one role.
 *
 * Replacement: a change of `name` or `path` replaces the profile. By default Terraform
 * destroys the old profile, then creates the new one (a short window in which instances
 * that use it have no credentials). `create_before_destroy` (zero downtime) is only
 * possible when the profile's name is generated: IAM names are unique, so a new profile
 * cannot be created while the old one still holds the name, and Terraform extends
 * create-before-destroy to the role the profile depends on, whose name must then be
 * generated too. The synth-time check `fixed-name-create-before-destroy`
 * (modules/checks/rules/fixed-name-replacement.ts) refuses it on a fixed name.
 *
 * Wiring: `forInstance()` / `forLaunchTemplate()` return props to spread into
 * `new Instance(...)` / `new LaunchTemplate(...)`; `attachTo()` /
 * `attachToLaunchTemplate()` set them on resources that already exist. Both only
 * work for resources Terraform manages in the same stack. Terraform has no resource
 * that attaches a profile to an instance it does not manage: import the instance
 * first (`terraform import aws_instance.x i-...` or an `import` block), see
 * docs/ec2-instance-role.md.
 */
import { recordFact } from "../checks/registry";
import { IAM_NAME } from "../checks/facts";
import { allowedReason, recordReplaceable } from "./create-before-destroy";
import type { AllowCreateBeforeDestroy } from "./create-before-destroy";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import type { Instance } from "@cdktf/provider-aws/lib/instance";
import type { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Problems, ValidationError } from "../core/errors";
import { checkIamName, checkIamPath, checkTags } from "../core/iam-names";
import { Construct, Token } from "../internal/cdktf";
import type { IConstruct } from "../internal/cdktf";
import { IamStack } from "../stack/iam-stack";
import { attributeRef } from "../internal/attribute-ref";

const isReference = (s: string): boolean => Token.isUnresolved(s);

/** Properties of an {@link InstanceProfile}. */
export interface InstanceProfileProps {
  /** Name of the role the profile carries (a literal or a reference such as `role.name`). Required. */
  readonly roleName: string;
  /**
   * Name of the instance profile (1 to 128 characters).
   * @default Terraform generates a unique name
   */
  readonly name?: string;
  /**
   * IAM path of the instance profile.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Tags of the instance profile (merged with the provider's default tags).
   * @default no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Whether a replacement creates the new profile before it destroys the old one (`lifecycle.create_before_destroy`:
   * instances move to the new profile without a window without credentials). Only for a generated name: the
   * profile's `name` left out, or a reference to the generated name of a role made with `namePrefix` (and that role
   * then has a generated name too, since Terraform extends the setting to it). On a fixed name IAM refuses the new
   * profile (EntityAlreadyExists) and the synth-time check refuses the stack.
   * @default false (destroy, then create)
   */
  readonly createBeforeDestroy?: boolean;
  /**
   * Keeps create-before-destroy on a fixed name knowingly (set here, or extended by Terraform from a resource that
   * depends on the profile, such as a launch template with `create_before_destroy`): a later change of the name or
   * path then needs two steps. Without it the synth-time check refuses that combination.
   * @default none (refused)
   */
  readonly allowCreateBeforeDestroy?: AllowCreateBeforeDestroy;
}

/** The props of an `aws_instance` that wire this profile in: `{ iamInstanceProfile: <profile name> }`. */
export interface InstanceProfileForInstance {
  /** The instance profile's name (the `iam_instance_profile` argument of `aws_instance`). */
  readonly iamInstanceProfile: string;
}

/** The props of an `aws_launch_template` that wire this profile in: `{ iamInstanceProfile: { arn } }`. */
export interface InstanceProfileForLaunchTemplate {
  /** The `iam_instance_profile` block of `aws_launch_template`, by ARN. */
  readonly iamInstanceProfile: { readonly arn: string };
}

/** An `aws_iam_instance_profile` holding one role. */
export class InstanceProfile extends Construct {
  /** The Terraform resource. */
  readonly resource: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceProfileProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    checkIamName(problems, "name", props.name, "instance profile", isReference);
    checkIamPath(problems, "path", props.path, isReference);
    checkTags(problems, "tags", props.tags);
    if (typeof props.roleName !== "string" || props.roleName === "") {
      problems.add("roleName", props.roleName, "An instance profile needs the name of the role it carries.", "Pass the role's name, for example `role.name`.");
    }
    const optOut = allowedReason(problems, "allowCreateBeforeDestroy", props.allowCreateBeforeDestroy);
    problems.throwIfAny(`Invalid InstanceProfile "${id}"`);

    if (typeof props.name === "string") recordFact(this, IAM_NAME, { kind: "instance profile", name: props.name, field: "name" });
    this.resource = new IamInstanceProfile(this, "Resource", {
      role: props.roleName,
      ...(props.name !== undefined ? { name: props.name } : {}),
      ...(props.path !== undefined ? { path: props.path } : {}),
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: sortKeys(props.tags) } : {}),
      ...(props.createBeforeDestroy === true ? { lifecycle: { createBeforeDestroy: true } } : {}),
    });
    recordReplaceable(this, { kind: "instance profile", resource: this.resource, ...(optOut !== undefined ? { optOut } : {}) });
  }

  // Attribute references are made on first use: each one costs cdktf a token with a full stack trace.
  private nameRef?: string;
  private arnRef?: string;

  /** The profile's name, as a reference (so that whatever uses it is created after the profile). */
  get name(): string {
    return (this.nameRef ??= attributeRef(this.resource, "name"));
  }

  /** The profile's ARN (a reference). */
  get arn(): string {
    return (this.arnRef ??= attributeRef(this.resource, "arn"));
  }

  /** Props to spread into `new Instance(scope, id, { ...profile.forInstance(), ami, instanceType })`. */
  forInstance(): InstanceProfileForInstance {
    return { iamInstanceProfile: this.name };
  }

  /** Props to spread into `new LaunchTemplate(scope, id, { ...profile.forLaunchTemplate(), imageId })`. */
  forLaunchTemplate(): InstanceProfileForLaunchTemplate {
    return { iamInstanceProfile: { arn: this.arn } };
  }

  /**
   * Sets this profile on an `aws_instance` of the same stack (its `iam_instance_profile` argument).
   * Throws when the instance is in another stack or already names another profile.
   */
  attachTo(instance: Instance): void {
    this.checkSameStack(instance, "attachTo");
    const current = instance.iamInstanceProfileInput;
    const mine = this.name;
    if (current !== undefined && current !== mine) {
      throw new ValidationError(
        [
          {
            path: instance.node.path,
            field: "iamInstanceProfile",
            value: JSON.stringify(current),
            rule: "The instance already names another instance profile; an instance carries one profile.",
            fix: `Remove \`iamInstanceProfile\` from the instance, or do not call attachTo() for ${this.node.path}.`,
          },
        ],
        "Cannot attach the instance profile",
      );
    }
    instance.iamInstanceProfile = mine;
  }

  /**
   * Sets this profile (by ARN) in the `iam_instance_profile` block of an `aws_launch_template` of the same stack.
   * Throws when the launch template is in another stack or already names another profile.
   */
  attachToLaunchTemplate(template: LaunchTemplate): void {
    this.checkSameStack(template, "attachToLaunchTemplate");
    const current = template.iamInstanceProfileInput as { arn?: string; name?: string } | undefined;
    if (current !== undefined && (current.arn !== this.arn || current.name !== undefined)) {
      throw new ValidationError(
        [
          {
            path: template.node.path,
            field: "iamInstanceProfile",
            value: JSON.stringify(current),
            rule: "The launch template already names another instance profile; a launch template carries one profile.",
            fix: `Remove \`iamInstanceProfile\` from the launch template, or do not call attachToLaunchTemplate() for ${this.node.path}.`,
          },
        ],
        "Cannot attach the instance profile",
      );
    }
    template.putIamInstanceProfile({ arn: this.arn });
  }

  private checkSameStack(target: IConstruct, method: string): void {
    let targetStack: IamStack | undefined;
    try {
      targetStack = IamStack.of(target);
    } catch {
      targetStack = undefined;
    }
    if (targetStack !== IamStack.of(this)) {
      throw new ValidationError(
        [
          {
            path: target.node.path,
            field: method,
            value: targetStack ? targetStack.node.path : "(no IamStack)",
            rule: `${method}() wires the profile into a resource of the same stack as the profile (${IamStack.of(this).node.path}).`,
            fix: "Create the instance or launch template in the profile's stack, or pass the profile's name/ARN to the other stack yourself.",
          },
        ],
        "Cannot attach the instance profile",
      );
    }
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k] as string]));
}
