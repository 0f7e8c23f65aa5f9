/**
 * AWS managed policies frequently attached to EC2 instance roles, offered by name.
 *
 * Each is `AwsManagedPolicy.fromName(...)`: checked against the catalog of AWS managed policies, rendered with the
 * stack's partition, and attached under its policy name as stable key.
 */
import { AwsManagedPolicy } from "./aws-managed-policy";

/** AWS managed policies an EC2 instance commonly needs. */
export class Ec2ManagedPolicies {
  /** `AmazonSSMManagedInstanceCore`: Systems Manager agent (Session Manager, Run Command, Patch Manager, inventory). */
  static ssmManagedInstanceCore(): AwsManagedPolicy {
    return AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore");
  }

  /** `CloudWatchAgentServerPolicy`: the CloudWatch agent publishes metrics and logs (and reads its SSM configuration). */
  static cloudWatchAgentServer(): AwsManagedPolicy {
    return AwsManagedPolicy.fromName("CloudWatchAgentServerPolicy");
  }

  /** `AmazonSSMPatchAssociation`: Patch Manager associations for the instance. */
  static ssmPatchAssociation(): AwsManagedPolicy {
    return AwsManagedPolicy.fromName("AmazonSSMPatchAssociation");
  }

  /** `AmazonEC2ContainerRegistryReadOnly`: pull container images from ECR. */
  static ecrReadOnly(): AwsManagedPolicy {
    return AwsManagedPolicy.fromName("AmazonEC2ContainerRegistryReadOnly");
  }

  /** `AWSXRayDaemonWriteAccess`: the X-Ray daemon uploads traces. */
  static xrayDaemonWrite(): AwsManagedPolicy {
    return AwsManagedPolicy.fromName("AWSXRayDaemonWriteAccess");
  }

  /** `AmazonSSMDirectoryServiceAccess`: SSM joins the instance to an AWS Directory Service domain. */
  static ssmDirectoryServiceAccess(): AwsManagedPolicy {
    return AwsManagedPolicy.fromName("AmazonSSMDirectoryServiceAccess");
  }

  /** The names offered here, for documentation and tests. */
  static readonly names: readonly string[] = Object.freeze([
    "AmazonSSMManagedInstanceCore",
    "CloudWatchAgentServerPolicy",
    "AmazonSSMPatchAssociation",
    "AmazonEC2ContainerRegistryReadOnly",
    "AWSXRayDaemonWriteAccess",
    "AmazonSSMDirectoryServiceAccess",
  ]);
}
