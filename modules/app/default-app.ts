/**
 * The default app: what `npm run synth` builds on a fresh clone.
 *
 * It shows the library at work on a small, realistic setup. Replace it with
 * your own stacks (or, later, a config file) for real use.
 */
import { Rotation } from "../constructs/access-key-rotation";
import { AwsManagedPolicy } from "../constructs/aws-managed-policy";
import { Ec2ManagedPolicies } from "../constructs/common-managed-policies";
import { Ec2InstanceRole } from "../constructs/ec2-instance-role";
import { TerraformOutput } from "../internal/cdktf";
import type { Construct } from "../internal/cdktf";
import { ServiceUser } from "../constructs/service-user";
import { SsmStore } from "../constructs/ssm-store";
import { PolicyDocument } from "../policy";
import { IamStack } from "../stack/iam-stack";
import { readAppSettings } from "./settings";
import type { AppSettings } from "./settings";

/** Builds the default app's stacks into `app`. */
export function buildDefaultApp(app: Construct, settings: AppSettings = readAppSettings(app)): IamStack[] {
  const stack = new IamStack(app, settings.stackName, {
    ...settings.stackProps,
    defaultTags: { "managed-by": "iam-cdktf", ...(settings.stackProps.defaultTags ?? {}) },
  });

  const controlPlane = new Ec2InstanceRole(stack, "ControlPlane", {
    name: "plakar-control-plane",
    description: "EC2 instances of the plakar control plane",
    managedPolicies: [Ec2ManagedPolicies.ssmManagedInstanceCore(), Ec2ManagedPolicies.cloudWatchAgentServer()],
    inlinePolicies: {
      "read-config": new PolicyDocument({
        statements: [{ sid: "ReadConfig", actions: ["ssm:GetParameter", "ssm:GetParametersByPath"], resources: [`arn:${stack.partition}:ssm:${stack.region}:*:parameter/plakar/*`] }],
      }),
    },
  });
  new TerraformOutput(stack, "ControlPlaneInstanceProfile", {
    value: controlPlane.instanceProfile.name,
    description: "Instance profile for aws_instance.iam_instance_profile or a launch template",
  });

  // An integration outside AWS: its keys go to SSM only, rotated by raising the generation.
  new ServiceUser(stack, "SekoiaConnector", {
    name: "sekoia-iam-reader",
    path: "/integrations/",
    managedPolicies: [AwsManagedPolicy.fromName("IAMReadOnlyAccess")],
    accessKey: {
      storeIn: SsmStore.secure({ prefix: "/integrations/sekoia" }),
      rotation: Rotation.generation(0), // raise by one to rotate: docs/service-user.md
    },
  });
  return [stack];
}
