/**
 * The review benchmark's stack: N principal sets of a realistic IAM stack, built with this library's constructs:
 * an EC2 instance role with AWS managed attachments and an inline S3 policy, a service user with its key in SSM
 * (customer managed KMS key), a reader role for that key (credentialsReaderPolicy), and every tenth set a CI role
 * with PassRole on its instance role plus ec2:RunInstances, and a group of operators.
 * Env: BENCH_N sets, CDKTF_OUTDIR output folder.
 */
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";

const n = Number(process.env.BENCH_N || "1");
const app = new App();
const stack = new IamStack(app, "bench", { region: "eu-west-1" });
const key = new KmsKey(stack, "CredentialsKey", { description: "service user credentials" });
const trust = (service: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
for (let i = 0; i < n; i++) {
  const role = new Ec2InstanceRole(stack, `p${i}_role`, {
    name: `bench-role-${i}`,
    managedPolicies: [AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore"), AwsManagedPolicy.fromName("CloudWatchAgentServerPolicy")],
  });
  new IamRolePolicy(stack, `p${i}_objects`, {
    name: "objects",
    role: role.resource.name,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::bench-data-${i}/*` }] }),
  });
  const user = new ServiceUser(stack, `p${i}_user`, { name: `bench-user-${i}`, accessKey: { storeIn: SsmStore.secure({ prefix: `/bench/${i}`, kmsKeyArn: key.arn }) } });
  const reader = new IamRole(stack, `p${i}_reader`, { name: `bench-reader-${i}`, assumeRolePolicy: trust("lambda.amazonaws.com") });
  const readerPolicy = new ManagedPolicy(stack, `p${i}_reader_policy`, { name: `bench-reader-${i}`, document: user.credentialsReaderPolicy() });
  new IamRolePolicyAttachment(stack, `p${i}_reader_attach`, { role: reader.name, policyArn: readerPolicy.resource.arn });
  if (i % 10 === 0) {
    const ci = new IamRole(stack, `p${i}_ci`, { name: `bench-ci-${i}`, assumeRolePolicy: trust("codebuild.amazonaws.com") });
    new IamRolePolicy(stack, `p${i}_ci_launch`, {
      name: "launch",
      role: ci.name,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }] }),
    });
    const ops = new IamGroup(stack, `p${i}_ops`, { name: `bench-ops-${i}` });
    new IamGroupPolicyAttachment(stack, `p${i}_ops_ro`, { group: ops.name, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
  }
}
app.synth();
