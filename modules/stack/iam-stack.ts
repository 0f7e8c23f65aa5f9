/**
 * IamStack: one Terraform stack with the AWS provider, a version constraint and
 * a state backend, ready to hold the IAM constructs of this library.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { STACK_TARGET, recordFact, runChecks } from "../checks";
import { Problems } from "../core/errors";
import { checkAccountId, checkTags } from "../core/iam-names";
import { TerraformStack } from "../internal/cdktf";
import { prepareStackFast, renderStackFast } from "../internal/stack-render";
import { StackJsonSynthesizer, synthesizerOptions } from "../internal/stack-synthesizer";
import type { Construct, IConstruct } from "../internal/cdktf";
import { Backend } from "./backend";
import { knownPartitions, partitionOfRegion, regionProblem, regionsByPartition } from "./partition";
import { awsProviderConstraintFor, awsProviderVersionOf } from "./provider-version";

/**
 * Version constraint written for `hashicorp/aws` with the provider bindings this repository builds with
 * (@cdktf/provider-aws 20.1, generated for AWS provider 5.100.0). A stack writes the constraint of the bindings
 * it actually runs with ({@link IamStack.awsProviderConstraint}): `~> 6.<minor>` under @cdktf/provider-aws 21.
 */
export const AWS_PROVIDER_CONSTRAINT = "~> 5.100";

/** Terraform CLI versions the synthesized JSON is written for (S3 lock files need 1.10, write-only arguments such as the SSM parameter's value_wo need 1.11). */
export const TERRAFORM_CONSTRAINT = ">= 1.11";

/** The role Terraform assumes to deploy the stack. */
export interface DeployRole {
  /** ARN of the role to assume. Required. */
  readonly roleArn: string;
  /**
   * Session name, visible in CloudTrail.
   * @default chosen by the provider
   */
  readonly sessionName?: string;
  /**
   * External id the role's trust policy requires.
   * @default none
   */
  readonly externalId?: string;
  /**
   * Session duration, for example "1h".
   * @default the provider's default (15 minutes)
   */
  readonly duration?: string;
}

/** Properties of an {@link IamStack}. */
export interface IamStackProps {
  /** AWS region of the provider, for example "eu-west-1". Required; IAM is global, but SSM parameters and KMS keys are regional. */
  readonly region: string;
  /**
   * Where Terraform keeps this stack's state.
   * @default Backend.local(): "terraform.<stack>.tfstate" in the project folder (never under cdktf.out)
   */
  readonly backend?: Backend;
  /**
   * Tags the provider adds to every taggable resource of the stack.
   * @default no default tags
   */
  readonly defaultTags?: Record<string, string>;
  /**
   * Role the provider assumes to deploy (for example a CI deployment role).
   * @default none: the credentials Terraform runs with
   */
  readonly assumeRole?: DeployRole;
  /**
   * Account ids the provider may act on; any other account fails the plan. Protects against deploying with the wrong profile.
   * @default any account
   */
  readonly allowedAccountIds?: string[];
  /**
   * AWS partition of ARNs the stack writes.
   * @default derived from `region` ("aws", "aws-cn", "aws-us-gov", ...)
   */
  readonly partition?: string;
  /**
   * Plan without AWS: the provider skips credential validation, account id lookup
   * and the metadata API check. For tests and offline reviews only; run Terraform
   * with dummy credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) then.
   * @default false
   */
  readonly offline?: boolean;
}

const STACK_MARK = Symbol.for("iam-cdktf.IamStack");

/** A Terraform stack for IAM: AWS provider, version constraints and backend. */
export class IamStack extends TerraformStack {
  /** The IamStack a construct belongs to; throws when there is none. */
  static override of(construct: IConstruct): IamStack {
    let current: IConstruct | undefined = construct;
    while (current) {
      if (IamStack.isIamStack(current)) return current;
      current = current.node.scope;
    }
    throw new Error(`${construct.node.path}: this construct must be created inside an IamStack. Fix: create it with an IamStack (or one of its children) as scope.`);
  }

  /** True when a construct is an IamStack (works across copies of this library). */
  static isIamStack(x: unknown): x is IamStack {
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[STACK_MARK] === true;
  }

  /** The stack's AWS region. */
  readonly region: string;
  /** The AWS partition of the stack ("aws", "aws-cn", ...), a literal string. */
  readonly partition: string;
  /** The state backend. */
  readonly backend: Backend;
  /** The AWS provider of the stack. */
  readonly provider: AwsProvider;
  /**
   * The `hashicorp/aws` constraint written to `required_providers`: `~> <major>.<minor>` of the AWS provider
   * version the installed @cdktf/provider-aws bindings were generated for ("~> 5.100" with 20.x, "~> 6.<n>" with 21.x).
   */
  readonly awsProviderConstraint: string;

  constructor(scope: Construct, id: string, props: IamStackProps) {
    super(scope, checkStackId(scope, id));
    Object.defineProperty(this, STACK_MARK, { value: true });
    // cdktf's synthesis, with cdk.tf.json written by the engine's JSON.stringify (same text; stack-synthesizer.ts)
    this.synthesizer = new StackJsonSynthesizer(this, this.synthesizer, synthesizerOptions());
    const problems = new Problems(this.node.path);
    if (props === null || typeof props !== "object" || Array.isArray(props)) {
      problems.add("props", props, "IamStack needs its props: an object with at least `region`.", 'Call `new IamStack(app, "iam", { region: "eu-west-1" })`.');
      problems.throwIfAny(`Invalid IamStack "${id}"`);
    }
    const region = props.region;
    const regionRule = regionProblem(region);
    if (regionRule) {
      problems.add("region", region, `The stack needs an AWS region. ${regionRule}`, 'Set `region` to one of them, for example "eu-west-1" (for the default app: context `region` or the AWS_REGION environment variable).');
    }
    const partitions = knownPartitions();
    if (props.partition !== undefined && !partitions.includes(props.partition)) {
      problems.add("partition", props.partition, `Unknown AWS partition; known: ${partitions.join(", ")}.`, "Leave `partition` out to derive it from the region.");
    } else if (props.partition !== undefined && !regionRule && partitionOfRegion(region) !== props.partition) {
      problems.add("partition", props.partition, `Region "${region}" belongs to partition "${partitionOfRegion(region)}", not "${props.partition}": ARNs written for the wrong partition never match.`, `Leave \`partition\` out (it is derived from the region), or pick a region of ${props.partition}: ${(regionsByPartition().get(props.partition) ?? []).join(", ")}.`);
    }
    checkTags(problems, "defaultTags", props.defaultTags);
    for (const [i, account] of (props.allowedAccountIds ?? []).entries()) {
      checkAccountId(problems, `allowedAccountIds[${i}]`, account);
    }
    if (props.allowedAccountIds && props.allowedAccountIds.length === 0) {
      problems.add("allowedAccountIds", [], "An empty list of allowed accounts would make every plan fail.", "Leave `allowedAccountIds` out, or list at least one account id.");
    }
    if (props.assumeRole) {
      const r = props.assumeRole;
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(r.roleArn ?? "")) {
        problems.add("assumeRole.roleArn", r.roleArn, "This is not an IAM role ARN.", 'Give an ARN such as "arn:aws:iam::123456789012:role/terraform-deploy".');
      }
      if (r.sessionName !== undefined && !/^[\w+=,.@-]{2,64}$/.test(r.sessionName)) {
        problems.add("assumeRole.sessionName", r.sessionName, "A session name is 2 to 64 letters, digits and + = , . @ _ -.", 'Use a name such as "terraform-iam".');
      }
      if (r.duration !== undefined && !/^(\d+h)?(\d+m)?(\d+s)?$/.test(r.duration)) {
        problems.add("assumeRole.duration", r.duration, "A duration is written like \"1h\", \"30m\" or \"1h30m\".", "Write the duration with h, m and s units.");
      }
    }
    const backend = props.backend ?? Backend.local();
    backend.check(problems, region);
    problems.throwIfAny(`Invalid IamStack "${id}"`);

    this.region = region;
    this.partition = props.partition ?? partitionOfRegion(region);
    this.backend = backend;

    this.provider = new AwsProvider(this, "aws", {
      region,
      ...(props.allowedAccountIds ? { allowedAccountIds: props.allowedAccountIds } : {}),
      ...(props.defaultTags && Object.keys(props.defaultTags).length > 0 ? { defaultTags: [{ tags: sortKeys(props.defaultTags) }] } : {}),
      ...(props.assumeRole
        ? {
            assumeRole: [
              {
                roleArn: props.assumeRole.roleArn,
                ...(props.assumeRole.sessionName !== undefined ? { sessionName: props.assumeRole.sessionName } : {}),
                ...(props.assumeRole.externalId !== undefined ? { externalId: props.assumeRole.externalId } : {}),
                ...(props.assumeRole.duration !== undefined ? { duration: props.assumeRole.duration } : {}),
              },
            ],
          }
        : {}),
      ...(props.offline
        ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: "true", skipRegionValidation: true }
        : {}),
    });
    backend.apply(this, id, region);
    const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(props.assumeRole?.roleArn ?? "")?.[1];
    recordFact(this, STACK_TARGET, {
      accounts: [...new Set([...(props.allowedAccountIds ?? []), ...(roleAccount ? [roleAccount] : [])])],
      state: backend.stateLocation(id),
      stateField: "backend",
    });
    this.awsProviderConstraint = awsProviderConstraintFor(awsProviderVersionOf(this.provider));
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: this.awsProviderConstraint });
    this.addOverride("terraform.required_version", TERRAFORM_CONSTRAINT);
  }

  /**
   * Runs this library's synth-time checks (per construct and whole app, see modules/checks) before cdktf
   * prepares the stack. They run whatever `skipValidation` says; only the library's own opt-outs lift one.
   * @throws ValidationError listing every problem of the app
   */
  override prepareStack(): void {
    runChecks(this);
    try {
      prepareStackFast(this);
    } catch {
      super.prepareStack(); // cdktf's own path, for its own error message
    }
  }

  /**
   * Renders the stack, after the same checks as {@link prepareStack} (`Testing.synth` renders without preparing).
   * Renders as cdktf does, with a resolution that walks plain data once instead of through cdktf's generic
   * resolver (modules/internal/stack-render.ts); on an error, cdktf's own rendering reports it.
   */
  override toTerraform(): any {
    runChecks(this);
    try {
      return renderStackFast(this);
    } catch {
      return super.toTerraform();
    }
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k] as string]));
}

/**
 * A stack id names the stack's folder (cdktf.out/stacks/<id>) and its default state file: checked before cdktf
 * sees it, so `../../outside` cannot place them outside the project and cdktf's own errors do not surface.
 * @throws ValidationError naming the id
 */
function checkStackId(scope: Construct, id: string): string {
  if (typeof id === "string" && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id) && !id.includes("..")) return id;
  const problems = new Problems(scope?.node?.path ? `${scope.node.path}/${String(id)}` : String(id));
  problems.add("id", id, "A stack id names the stack's folder (cdktf.out/stacks/<id>) and its default state file, so it is 1 to 128 letters, digits, `.`, `_` and `-`, starting with a letter or digit, without `..` or `/`.", 'Give an id such as "iam" or "iam-production".');
  problems.throwIfAny(`Invalid IamStack "${String(id)}"`);
  return id;
}
