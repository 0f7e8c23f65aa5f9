/**
 * Changes that replace (or rename) a fixed-name IAM entity, applied for real against the local AWS stand-in
 * (__tests__/support/aws-standin, which refuses a second entity of the same name, ignoring case, and a DeleteRole
 * while policies or an instance profile still hold the role, as IAM does).
 *
 * Every scenario is an independent set of resources of ONE stack, half of them declared in a config file and half
 * through the TypeScript API: one apply of configuration A creates them all, then one saved plan of configuration
 * B is read (what Terraform replaces, updates, and whether with create-before-destroy) and applied. At the end each
 * role holds its policies, each instance profile carries its role, and a new plan is empty.
 */
import { loadConfigText } from "../../modules/config";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { UserGroup } from "../../modules/constructs/user-group";
import type { App } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { standInForBlock } from "../support/aws-standin/client";
import { describeTerraform } from "../support/terraform";

const STACK = "replace";
jest.setTimeout(5 * 60 * 1000);

const SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const doc = (action: string) => new PolicyDocument({ statements: [{ actions: [action], resources: ["*"] }] });

/** The config-file half: a role whose path changes, a managed policy whose path changes, a group renamed. */
function configText(step: 0 | 1): string {
  return `
version: 1
policies:
  - id: CfgPolicy
    name: cfg-policy
    path: ${step === 0 ? "/" : "/v2/"}
    statements:
      - actions: [ec2:DescribeInstances]
        resources: ["*"]
roles:
  - id: CfgRole
    name: cfg-role
    path: ${step === 0 ? "/" : "/apps/"}
    managedPolicies: [CfgPolicy, AmazonSSMManagedInstanceCore]
    inlinePolicies:
      metrics:
        statements:
          - actions: [cloudwatch:PutMetricData]
            resources: ["*"]
groups:
  - id: CfgGroup
    name: ${step === 0 ? "cfg-group" : "cfg-group-renamed"}
    path: ${step === 0 ? "/" : "/teams/"}
    managedPolicies: [CfgPolicy]
`;
}

function build(step: 0 | 1) {
  return (app: App): void => {
    const [stack] = loadConfigText(app, configText(step), "iam.config.yaml", { stackName: STACK, stackProps: { region: "eu-west-1", offline: true } });
    const s = stack!;
    const b = step === 1;
    const shared = new ManagedPolicy(s, "Shared", { name: "ts-shared", document: doc("s3:ListAllMyBuckets") });
    const ssm = AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore");
    // A role whose path changes; its profile is named after it.
    new Ec2InstanceRole(s, "RolePath", { name: "ts-role-path", path: b ? "/apps/" : "/", managedPolicies: [shared, ssm], inlinePolicies: { own: doc("sqs:ListQueues") } });
    // A role renamed; its profile keeps its own name.
    new Ec2InstanceRole(s, "RoleName", { name: b ? "ts-role-new" : "ts-role-old", managedPolicies: [shared], inlinePolicies: { own: doc("sqs:ListQueues") }, instanceProfile: { name: "ts-role-name-profile" } });
    // Only the profile's path changes.
    new Ec2InstanceRole(s, "ProfilePath", { name: "ts-profile-path", managedPolicies: [shared], instanceProfile: { path: b ? "/p/" : "/" } });
    // Only the profile's name changes.
    new Ec2InstanceRole(s, "ProfileName", { name: "ts-profile-name", managedPolicies: [shared], instanceProfile: { name: b ? "ts-profile-b" : "ts-profile-a" } });
    // A generated name: the path change replaces with create-before-destroy (no downtime).
    new Ec2InstanceRole(s, "Prefixed", { namePrefix: "ts-prefixed-", path: b ? "/apps/" : "/", managedPolicies: [shared] });
    // Managed policies: name, path, description.
    const holder = new Ec2InstanceRole(s, "PolicyHolder", { name: "ts-policy-holder", instanceProfile: false });
    holder.addManagedPolicy(new ManagedPolicy(s, "PolicyName", { name: b ? "ts-policy-new" : "ts-policy-old", document: doc("ec2:DescribeImages") }));
    holder.addManagedPolicy(new ManagedPolicy(s, "PolicyPath", { name: "ts-policy-path", path: b ? "/v2/" : "/", document: doc("ec2:DescribeRegions") }));
    holder.addManagedPolicy(new ManagedPolicy(s, "PolicyDescription", { name: "ts-policy-description", description: b ? "after" : "before", document: doc("ec2:DescribeVpcs") }));
    // Users and groups: renamed and moved.
    new ServiceUser(s, "UserName", { name: b ? "ts-user-new" : "ts-user-old", managedPolicies: [shared], inlinePolicies: { own: doc("sqs:ListQueues") } });
    new ServiceUser(s, "UserPath", { name: "ts-user-path", path: b ? "/moved/" : "/", managedPolicies: [shared] });
    new UserGroup(s, "GroupName", { name: b ? "ts-group-new" : "ts-group-old", path: b ? "/teams/" : "/", managedPolicies: [shared] });
  };
}

type Change = { address: string; change: { actions: string[] } };

/**
 * What Terraform does (AWS provider 5.100) for each change, by the plan: a replacement destroys first (`delete,create`)
 * unless the name is generated (`create,delete`); users and groups are renamed and moved in place.
 */
const EXPECTED_ACTIONS: Record<string, string> = {
  // Role path (config and TypeScript): the role is replaced; its profile follows the role's path, so it is replaced too.
  "aws_iam_role.CfgRole_6D0946F9": "delete,create",
  "aws_iam_instance_profile.CfgRole_InstanceProfile_36B81FC6": "delete,create",
  "aws_iam_role.RolePath_F5F1697A": "delete,create",
  "aws_iam_instance_profile.RolePath_InstanceProfile_B80A9B8A": "delete,create",
  // Role name: the role is replaced; the profile (own name) only carries the new role: updated in place.
  "aws_iam_role.RoleName_F4CEC257": "delete,create",
  "aws_iam_instance_profile.RoleName_InstanceProfile_173979F9": "update",
  // Profile path or name: the profile is replaced.
  "aws_iam_instance_profile.ProfilePath_InstanceProfile_9E7F4425": "delete,create",
  "aws_iam_instance_profile.ProfileName_InstanceProfile_BD9879AF": "delete,create",
  // Generated name: replaced with create-before-destroy, role and profile.
  "aws_iam_role.Prefixed_4C90C12F": "create,delete",
  "aws_iam_instance_profile.Prefixed_InstanceProfile_72A6584C": "create,delete",
  // Managed policy name, path, description (config and TypeScript): replaced.
  "aws_iam_policy.CfgPolicy_0F63EBBF": "delete,create",
  "aws_iam_policy.PolicyName_2EBC7934": "delete,create",
  "aws_iam_policy.PolicyPath_F5B57A7A": "delete,create",
  "aws_iam_policy.PolicyDescription_22471221": "delete,create",
  // User and group name and path: in place.
  "aws_iam_user.UserName_User_D7A1F2CE": "update",
  "aws_iam_user.UserPath_User_058E1A75": "update",
  "aws_iam_group.CfgGroup_33671033": "update",
  "aws_iam_group.GroupName_Group_F6DCA1C8": "update",
};

describeTerraform("replacing fixed-name IAM entities applies against a local AWS stand-in", () => {
  const stand = standInForBlock();

  it("every name and path change applies, and leaves each role with its policies and each profile with its role", async () => {
    const s = stand.harness().scenario(STACK);
    await s.apply(build(0));
    const { plan, log } = await s.planAndApply(build(1));

    const actions = new Map((plan.resource_changes as Change[]).map((rc) => [rc.address, rc.change.actions.join(",")]));
    for (const [address, expected] of Object.entries(EXPECTED_ACTIONS)) expect({ address, action: actions.get(address) }).toEqual({ address, action: expected });
    // Whatever hangs on a replaced role, user, group or policy follows it: attachments and inline policies are recreated.
    // Those of a holder that is not renamed or replaced stay.
    const dependents = [...actions].filter(([address]) => /^aws_iam_(role|user|group)_policy/.test(address));
    expect(dependents.length).toBeGreaterThan(15);
    for (const [address, action] of dependents) {
      const follows = /\.(CfgRole|RolePath|RoleName|Prefixed|UserName|CfgGroup|GroupName|PolicyHolder)_/.test(address);
      expect({ address, action }).toEqual({ address, action: follows ? "delete,create" : "no-op" });
    }
    // The provider's DeleteRole takes the role out of its instance profiles; the profile's update then finds it gone.
    expect(log.filter((r) => r.status !== 200 && !(r.action === "RemoveRoleFromInstanceProfile" && /^NoSuchEntity/.test(r.error ?? "")))).toEqual([]);

    const end = await stand.standIn().state();
    const policy = (path: string, name: string) => `arn:aws:iam::123456789012:policy${path}${name}`;
    const shared = policy("/", "ts-shared");
    const [prefixed, ...more] = Object.keys(end.roles).filter((n) => n.startsWith("ts-prefixed-"));
    expect(more).toEqual([]);
    expect(end.roles).toEqual({
      "cfg-role": { path: "/apps/", roleId: expect.any(String), attached: [policy("/v2/", "cfg-policy"), SSM_CORE], inline: ["metrics"] },
      "ts-role-path": { path: "/apps/", roleId: expect.any(String), attached: [shared, SSM_CORE], inline: ["own"] },
      "ts-role-new": { path: "/", roleId: expect.any(String), attached: [shared], inline: ["own"] },
      "ts-profile-path": { path: "/", roleId: expect.any(String), attached: [shared], inline: [] },
      "ts-profile-name": { path: "/", roleId: expect.any(String), attached: [shared], inline: [] },
      [prefixed!]: { path: "/apps/", roleId: expect.any(String), attached: [shared], inline: [] },
      "ts-policy-holder": { path: "/", roleId: expect.any(String), attached: [policy("/", "ts-policy-description"), policy("/", "ts-policy-new"), policy("/v2/", "ts-policy-path")], inline: [] },
    });
    expect(end.profiles).toEqual({
      "cfg-role": { path: "/apps/", role: "cfg-role" },
      "ts-role-path": { path: "/apps/", role: "ts-role-path" },
      "ts-role-name-profile": { path: "/", role: "ts-role-new" },
      "ts-profile-path": { path: "/p/", role: "ts-profile-path" },
      "ts-profile-b": { path: "/", role: "ts-profile-name" },
      [prefixed!]: { path: "/apps/", role: prefixed },
    });
    expect(end.policies["ts-policy-description"].description).toBe("after");
    expect(end.groups).toEqual({
      "cfg-group-renamed": { path: "/teams/", attached: [policy("/v2/", "cfg-policy")] },
      "ts-group-new": { path: "/teams/", attached: [shared] },
    });
    const nonEmpty = (m: Record<string, string[]>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v.length > 0));
    expect({ users: end.users.sort(), attached: nonEmpty(end.userAttachments), inline: nonEmpty(end.userPolicies) }).toEqual({
      users: ["ts-user-new", "ts-user-path"],
      attached: { "ts-user-new": [shared], "ts-user-path": [shared] },
      inline: { "ts-user-new": ["own"] },
    });
  });
});
