/**
 * AwsManagedPolicy: a policy AWS maintains (`arn:<partition>:iam::aws:policy/<path><name>`), checked against the
 * catalog of AWS managed policies that exist (modules/catalog/data/aws-managed-policies.json).
 */
import { awsManagedPolicy, awsManagedPoliciesSource, closeMatches } from "../catalog";
import { Problems, ValidationError } from "../core/errors";
import { Token } from "../internal/cdktf";
import type { IConstruct } from "../internal/cdktf";
import { checkArn } from "../policy";
import type { IManagedPolicy } from "./managed-policy";
import { partitionOf } from "./policy-terraform";

/** An AWS managed policy, or any existing policy given by ARN. Not a construct: nothing is created. */
export class AwsManagedPolicy implements IManagedPolicy {
  /**
   * The AWS managed policy with this exact name, for example `ReadOnlyAccess` or `AmazonSSMManagedInstanceCore`.
   * The path (`/`, `/service-role/`, `/job-function/`, ...) comes from the catalog.
   * @throws ValidationError naming the unknown name and the closest existing names
   */
  static fromName(name: string): AwsManagedPolicy {
    const where = "AwsManagedPolicy.fromName";
    const problems = new Problems(where);
    if (typeof name !== "string" || name.length === 0) {
      problems.add("name", name, "An AWS managed policy name is a non-empty string.", 'Pass the policy name, for example "ReadOnlyAccess".');
      problems.throwIfAny("Unknown AWS managed policy");
    }
    const bare = name.replace(/^arn:[^:]+:iam::aws:policy\/(?:.*\/)?/, "");
    const info = awsManagedPolicy(bare);
    if (!info) {
      const close = closeMatches(bare);
      problems.add(
        "name",
        name,
        bare !== name
          ? "Pass the name of an AWS managed policy, not its ARN."
          : `No AWS managed policy has this name (catalog: ${awsManagedPoliciesSource}; names are case-sensitive).`,
        close.length
          ? `Did you mean ${close.map((c) => `"${c}"`).join(", ")}?`
          : "Check the name in the IAM console (Policies, type \"AWS managed\"), or use AwsManagedPolicy.fromArn for a policy the catalog does not know yet.",
      );
    } else if (bare !== name) {
      problems.add("name", name, "Pass the name of an AWS managed policy, not its ARN.", `Write AwsManagedPolicy.fromName(${JSON.stringify(bare)}).`);
    }
    problems.throwIfAny("Unknown AWS managed policy");
    return new AwsManagedPolicy(info!.name, info!.path);
  }

  /**
   * Any existing managed policy by ARN (an AWS managed policy the catalog does not know yet, or a customer
   * managed policy made elsewhere). The ARN is used as given: literal ARNs are shape-checked, references pass.
   * @param key stable attachment key. Default: the policy name (last part of the ARN), or "Policy" for a reference
   * @throws ValidationError when a literal ARN is not a policy ARN
   */
  static fromArn(arn: string, key?: string): IManagedPolicy {
    const problems = new Problems("AwsManagedPolicy.fromArn");
    if (typeof arn !== "string" || arn.length === 0) {
      problems.add("arn", arn, "A policy ARN is a non-empty string.", "Pass arn:<partition>:iam::<account or aws>:policy/<path><name>.");
      problems.throwIfAny("Invalid managed policy ARN");
    }
    const literal = !Token.isUnresolved(arn);
    if (literal) {
      for (const issue of checkArn(arn)) problems.add("arn", arn, issue.rule, issue.fix);
      if (problems.empty && !/^arn:[^:]+:iam::(aws|\d{12}):policy\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+$/.test(arn)) {
        problems.add("arn", arn, "A managed policy ARN looks like arn:aws:iam::<account or aws>:policy/<path><name>.", "Pass the ARN of a managed policy.");
      }
    }
    if (key !== undefined && !/^[A-Za-z0-9_-]+$/.test(key)) {
      problems.add("key", key, "An attachment key may contain only letters, digits, _ and -.", "Choose a short stable key.");
    }
    if (!literal && key === undefined) {
      problems.add("key", undefined, "A policy given by reference needs a stable attachment key.", "Pass a key, for example fromArn(policy.arn, \"Audit\").");
    }
    problems.throwIfAny("Invalid managed policy ARN");
    const attachmentKey = key ?? arn.slice(arn.lastIndexOf("/") + 1);
    const arnPartition = literal ? arn.split(":")[1] : undefined;
    return {
      attachmentKey,
      arnFor: (scope: IConstruct) => {
        // A literal ARN must be in the partition of the stack it is attached in (arn:aws: means nothing in China).
        const stackPartition = partitionOf(scope);
        if (arnPartition !== undefined && stackPartition !== undefined && arnPartition !== stackPartition) {
          const fixed = `arn:${stackPartition}:${arn.split(":").slice(2).join(":")}`;
          throw new ValidationError(
            [{ path: scope.node.path, field: "", value: JSON.stringify(arn), rule: `The policy ARN is in partition "${arnPartition}" but the stack is in partition "${stackPartition}"; the attachment would fail.`, fix: `Write the ARN in the stack's partition, ${JSON.stringify(fixed)}${/:iam::aws:policy\//.test(arn) ? `, or AwsManagedPolicy.fromName(${JSON.stringify(arn.slice(arn.lastIndexOf("/") + 1))}) (its ARN follows the stack's partition)` : ""}.` }],
            "Managed policy ARN in the wrong partition",
          );
        }
        return arn;
      },
    };
  }

  /** Stable key used in attachment ids: the policy name. */
  readonly attachmentKey: string;

  private constructor(
    /** Policy name, for example `ReadOnlyAccess`. */
    readonly name: string,
    /** IAM path, for example `/` or `/service-role/`. */
    readonly path: string,
  ) {
    this.attachmentKey = name;
  }

  /** The ARN in the partition of the stack around `scope` (`arn:aws-cn:iam::aws:policy/...` in China). */
  arnFor(scope: IConstruct): string {
    return this.arnInPartition(partitionOf(scope) ?? "aws");
  }

  /** The ARN in a given partition. */
  arnInPartition(partition: string): string {
    return `arn:${partition}:iam::aws:policy${this.path}${this.name}`;
  }
}
