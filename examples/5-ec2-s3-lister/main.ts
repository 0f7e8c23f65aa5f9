/**
 * Example 5: an EC2 instance that lists S3 buckets, with a role instead of access keys stored on the instance.
 *
 * Before: an access key in `~/.aws/credentials` on the instance (copied by hand, never rotated, readable by
 * anyone who gets a shell). After: the instance's role grants `s3:ListAllMyBuckets` (what `aws s3 ls` needs) and,
 * for the one bucket named here, `s3:ListBucket` (`aws s3 ls s3://<bucket>`), and nothing that reads data. The AWS
 * CLI and SDKs pick the role's temporary credentials from the instance metadata service (IMDSv2) on their own.
 *
 * The profile goes into a launch template (for an Auto Scaling group); `forInstance()` does the same for an
 * `aws_instance` (example 1). An instance Terraform does not manage cannot be given the profile by Terraform:
 * import it first (`import { to = aws_instance.x, id = "i-..." }`), or attach the profile with
 * `aws ec2 associate-iam-instance-profile`.
 *
 * Migration: deploy, check `aws sts get-caller-identity` on the instance shows the role, delete
 * `~/.aws/credentials` there, then deactivate and delete the old user's access key.
 *
 *   node scripts/run.js examples/5-ec2-s3-lister/main.ts      # writes cdktf.out/stacks/ec2-s3-lister/
 */
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Ec2ManagedPolicies } from "../../modules/constructs/common-managed-policies";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { TerraformVariable } from "../../modules/internal/cdktf";
import type { Construct } from "../../modules/internal/cdktf";
import { Presets } from "../../modules/presets";
import { IamStack } from "../../modules/stack";
import { runExample } from "../runner";
import type { ExampleOptions } from "../runner";

export type { ExampleOptions };

/** Builds the example's stack into `app`. */
export function build(app: Construct, { offline = false }: ExampleOptions = {}): IamStack {
  const stack = new IamStack(app, "ec2-s3-lister", { region: "eu-west-1", offline, defaultTags: { example: "5-ec2-s3-lister" } });
  const role = new Ec2InstanceRole(stack, "Lister", {
    name: "s3-lister",
    description: "Lists S3 buckets (replaces an access key stored on the instance).",
    managedPolicies: [Ec2ManagedPolicies.ssmManagedInstanceCore()], // shell access through Session Manager, no SSH key
    inlinePolicies: { "list-buckets": Presets.s3BucketLister({ buckets: ["reports-example"], partition: stack.partition }) },
  });
  const ami = new TerraformVariable(stack, "ami_id", { type: "string", description: "AMI of the instances.", default: "ami-0123456789abcdef0" });
  new LaunchTemplate(stack, "ListerTemplate", {
    name: "s3-lister",
    imageId: ami.stringValue,
    instanceType: "t3.micro",
    ...role.instanceProfile.forLaunchTemplate(), // iam_instance_profile { arn = the profile's ARN }
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
  });
  return stack;
}

runExample(__filename, build);
