/**
 * Ec2InstanceRole through real Terraform: a stack with the profile wired into an `aws_instance` and a launch
 * template passes `terraform validate` and `terraform plan` (offline: no data source, nothing calls AWS).
 */
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Ec2ManagedPolicies } from "../../modules/constructs/common-managed-policies";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { PolicyDocument } from "../../modules/policy";
import { IamStack } from "../../modules/stack/iam-stack";
import { describeTerraform, initValidatePlan, synthToDir } from "../support/terraform";

const AMI = "ami-0123456789abcdef0";

type Change = { address: string; type: string; change: { actions: string[]; after: Record<string, any>; after_unknown: Record<string, any> } };

describeTerraform("Ec2InstanceRole with terraform validate and plan", () => {
  let changes: Change[];

  beforeAll(() => {
    const out = synthToDir((app) => {
      const stack = new IamStack(app, "ec2role", { region: "eu-west-1", offline: true, defaultTags: { owner: "platform" } });
      const launcher = new ManagedPolicy(stack, "Inventory", {
        name: "web-inventory",
        document: new PolicyDocument({ statements: [{ actions: ["ec2:DescribeInstances"], resources: ["*"] }] }),
      });
      const role = new Ec2InstanceRole(stack, "Web", {
        name: "web-server",
        path: "/instances/",
        maxSessionDuration: 7200,
        permissionsBoundary: Ec2ManagedPolicies.ssmManagedInstanceCore(),
        managedPolicies: [Ec2ManagedPolicies.ssmManagedInstanceCore(), Ec2ManagedPolicies.cloudWatchAgentServer(), launcher],
        inlinePolicies: {
          backups: new PolicyDocument({ statements: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::web-backups/${aws:username}/*"] }] }),
        },
        tags: { app: "web" },
      });
      role.addToPolicy({ actions: ["ssm:GetParameter"], resources: ["arn:aws:ssm:eu-west-1:123456789012:parameter/web/*"] });
      new ManagedPolicy(stack, "Launch", { name: "web-launch", document: new PolicyDocument({ statements: [role.grantPassRole({ sid: "PassWebRole" })] }) });

      const instance = new Instance(stack, "Server", { ami: AMI, instanceType: "t3.micro" });
      role.attachTo(instance);
      const template = new LaunchTemplate(stack, "Template", { name: "web", imageId: AMI, instanceType: "t3.micro" });
      role.attachToLaunchTemplate(template);
    });
    const result = initValidatePlan(out.stackDir("ec2role"));
    expect(result.validate.valid).toBe(true);
    changes = (result.plan.resource_changes ?? []) as unknown as Change[];
  });

  const ofType = (type: string) => changes.filter((c) => c.type === type);

  it("plans to create the role, its profile, attachments and inline policies", () => {
    expect(changes.every((c) => c.change.actions.join() === "create")).toBe(true);
    const [role] = ofType("aws_iam_role");
    expect(role?.change.after).toMatchObject({ name: "web-server", path: "/instances/", max_session_duration: 7200, permissions_boundary: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
    expect(JSON.parse(role?.change.after.assume_role_policy).Statement).toEqual([
      { Sid: "TrustEc2Service", Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com"] }, Action: ["sts:AssumeRole"] },
    ]);
    expect(role?.change.after.tags_all).toEqual({ app: "web", owner: "platform" });

    const [profile] = ofType("aws_iam_instance_profile");
    expect(profile?.change.after).toMatchObject({ name: "web-server", path: "/instances/" });
    // The profile takes the role by its id, known once the role exists (and unknown again whenever it is replaced).
    expect(profile?.change.after_unknown.role).toBe(true);

    const attachments = ofType("aws_iam_role_policy_attachment");
    expect(attachments).toHaveLength(3);
    expect(attachments.map((a) => a.change.after.policy_arn).filter(Boolean).sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
    // The customer managed policy's ARN is known only after apply.
    expect(attachments.filter((a) => a.change.after_unknown.policy_arn === true)).toHaveLength(1);

    const inline = ofType("aws_iam_role_policy");
    expect(inline.map((p) => p.change.after.name).sort()).toEqual(["backups", "default-policy"]);
    const backups = inline.find((p) => p.change.after.name === "backups");
    // Terraform hands IAM the policy variable unchanged.
    expect(JSON.parse(backups?.change.after.policy).Statement[0].Resource).toEqual(["arn:aws:s3:::web-backups/${aws:username}/*"]);
  });

  it("wires the profile into the instance and the launch template", () => {
    const [instance] = ofType("aws_instance");
    expect(instance?.change.after.ami).toBe(AMI);
    // The profile's name is its literal name; Terraform knows it at plan time.
    expect(instance?.change.after.iam_instance_profile).toBe("web-server");
    const [template] = ofType("aws_launch_template");
    expect(template?.change.after_unknown.iam_instance_profile).toEqual([{ arn: true }]);
  });
});
