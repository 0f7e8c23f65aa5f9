/**
 * ManagedPolicy: a customer managed policy (`aws_iam_policy`) built from a validated {@link PolicyDocument}.
 */
import { recordFact } from "../checks/registry";
import { IAM_NAME } from "../checks/facts";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Problems } from "../core/errors";
import { addConstructCheck } from "../checks/registry";
import { checkNaming } from "../core/iam-names";
import { Construct } from "../internal/cdktf";
import { deferredString } from "../internal/deferred";
import type { IConstruct } from "../internal/cdktf";
import { PolicyDocument } from "../policy";
import { isReference, policyToTerraform, recordOptOutReasons, validatePolicy } from "./policy-terraform";
import { allowedReason, recordReplaceable } from "./create-before-destroy";
import type { AllowCreateBeforeDestroy } from "./create-before-destroy";
import { attributeRef } from "../internal/attribute-ref";

/** A managed policy that can be attached to roles, users and groups. */
export interface IManagedPolicy {
  /** ARN to attach in the given scope's stack (literal partition-aware ARN, or a reference). */
  arnFor(scope: IConstruct): string;
  /** Stable key used in attachment resource ids, for example "ReadOnlyAccess" or the ManagedPolicy's construct id. */
  readonly attachmentKey: string;
}

/** Properties of a {@link ManagedPolicy}. */
export interface ManagedPolicyProps {
  /**
   * Policy name (1 to 128 characters of letters, digits and `+=,.@_-`). Exclusive with `namePrefix`.
   * Changing it replaces the policy.
   * @default none: Terraform generates a unique name (or uses `namePrefix`)
   */
  readonly name?: string;
  /**
   * Prefix of a unique name Terraform generates (at most 102 characters). Exclusive with `name`.
   * @default none
   */
  readonly namePrefix?: string;
  /**
   * IAM path, starting and ending with `/`, for example `/integrations/`.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Description (at most 1,000 characters). Changing it replaces the policy.
   * @default none
   */
  readonly description?: string;
  /**
   * Tags of the policy (merged with the stack's default tags by the provider).
   * @default none
   */
  readonly tags?: Record<string, string>;
  /**
   * Keeps this policy create-before-destroy when another resource of the stack makes it so (Terraform extends
   * `create_before_destroy` to what a resource depends on), with a fixed `name`: a later change of its name, path or
   * description then needs two steps. Without it the synth-time check refuses that combination.
   * @default none (refused)
   */
  readonly allowCreateBeforeDestroy?: AllowCreateBeforeDestroy;
  /** The permissions, validated as an identity policy of at most 6,144 non-whitespace characters. Required. */
  readonly document: PolicyDocument;
  /**
   * Merge statements that can be merged without changing meaning before rendering (see PolicyDocument.merged()).
   * Useful to stay under the size limit.
   * @default false: statements are rendered as written
   */
  readonly mergeStatements?: boolean;
}

/**
 * A customer managed policy. The document is validated when the construct is made and again at synth (statements
 * may be added to the document in between); the `policy` argument is rendered at synth.
 */
export class ManagedPolicy extends Construct implements IManagedPolicy {
  /** The `aws_iam_policy` resource. */
  readonly resource: IamPolicy;
  /** The document (rendered at synth, so statements added later are included). */
  readonly document: PolicyDocument;
  /** Stable key used in attachment ids: the construct id. */
  readonly attachmentKey: string;
  private readonly merge: boolean;

  constructor(scope: Construct, id: string, props: ManagedPolicyProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    if (!props || typeof props !== "object") {
      problems.add("", props, "A ManagedPolicy needs props with at least a document.", "Pass { document: new PolicyDocument({ statements: [...] }) }.");
      problems.throwIfAny(`Invalid ManagedPolicy "${id}"`);
    }
    checkNaming(problems, props, "policy", isReference);
    if (props.document === undefined) {
      problems.add("document", undefined, "A ManagedPolicy needs a document.", "Pass document: new PolicyDocument({ statements: [...] }).");
    } else {
      problems.addAll(this.documentProblems(props.document, props.mergeStatements === true));
    }
    const optOut = allowedReason(problems, "allowCreateBeforeDestroy", props.allowCreateBeforeDestroy);
    problems.throwIfAny(`Invalid ManagedPolicy "${id}"`);

    this.document = props.document;
    this.merge = props.mergeStatements === true;
    this.attachmentKey = id;
    if (typeof props.name === "string") recordFact(this, IAM_NAME, { kind: "policy", name: props.name, field: "name" });
    this.resource = new IamPolicy(this, "Resource", {
      name: props.name,
      namePrefix: props.namePrefix,
      path: props.path,
      description: props.description,
      tags: props.tags,
      policy: deferredString(`${this.node.path}/Resource (policy document)`, () => policyToTerraform(this.rendered(), this)),
    });
    recordOptOutReasons(this.resource, () => this.document, optOut !== undefined ? [`allowCreateBeforeDestroy: ${optOut}`] : []);
    recordReplaceable(this, { kind: "policy", resource: this.resource, ...(optOut !== undefined ? { optOut } : {}) });
    addConstructCheck(this, () => this.documentProblems(this.document, this.merge));
  }

  /** ARN of the policy (a reference to the resource's `arn`). */
  get arn(): string {
    // One reference for every attachment (each `resource.arn` would make a new cdktf token, with a stack trace).
    this.arnRef ??= attributeRef(this.resource, "arn");
    return this.arnRef;
  }

  private arnRef?: string;

  /** Name of the policy (a reference; known after apply when generated). */
  get name(): string {
    return this.resource.name;
  }

  arnFor(_scope: IConstruct): string {
    return this.arn;
  }

  private rendered(): PolicyDocument {
    return this.merge ? this.document.merged() : this.document;
  }

  private documentProblems(doc: PolicyDocument, merge: boolean): ReturnType<typeof validatePolicy> {
    if (!(doc instanceof PolicyDocument) || !merge) return validatePolicy(this, doc, "identity", "document", { limit: "managed" });
    // Rules apply to the statements as written (fields name them); the size limit to what is rendered (merged).
    const problems = validatePolicy(this, doc, "identity", "document", { limit: false });
    const sized = validatePolicy(this, doc.merged(), "identity", "document", { limit: "managed" }).filter((p) => p.field === "document");
    return [...problems, ...sized];
  }
}
