/**
 * The principals of the realistic benchmark stack (issue 14), shared by the benchmark app
 * (scripts/bench/realistic-app.ts) and the test that compares the fast rendering with cdktf's own
 * (__tests__/stack/fast-render.test.ts). N principals, each
 * - an EC2 instance role (Ec2InstanceRole) with a customer managed policy made from a preset
 *   (Presets.inventoryReader), an AWS managed attachment (AmazonSSMManagedInstanceCore), an inline policy
 *   (Presets.s3Bucket on the principal's own bucket) and an `addToPolicy` statement (its own SSM parameters);
 * - a service user (ServiceUser) with the same managed policy and an access key rotated in SSM.
 */
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import { Presets } from "../../modules/presets";
import type { IamStack } from "../../modules/stack";

/** Adds `n` realistic principals (`p<i>_policy`, `p<i>_role`, `p<i>_user`) to `stack`. */
export function addRealisticPrincipals(stack: IamStack, n: number): void {
  for (let i = 0; i < n; i++) {
    const policy = new ManagedPolicy(stack, `p${i}_policy`, { name: `bench-inventory-${i}`, document: Presets.inventoryReader() });
    const role = new Ec2InstanceRole(stack, `p${i}_role`, {
      name: `bench-role-${i}`,
      managedPolicies: [policy, AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore")],
      inlinePolicies: { data: Presets.s3Bucket({ bucket: `bench-data-${i}`, access: "source" }) },
    });
    role.addToPolicy({ actions: ["ssm:GetParameter"], resources: [`arn:aws:ssm:eu-west-1:111122223333:parameter/bench/p${i}/*`] });
    new ServiceUser(stack, `p${i}_user`, {
      name: `bench-user-${i}`,
      managedPolicies: [policy],
      accessKey: { storeIn: SsmStore.secure({ prefix: `/bench/p${i}` }), rotation: Rotation.generation(1) },
    });
  }
}
