/** UserGroup: an IAM group with its policies and, on request, MFA enforcement for its members. */
import { UserGroup } from "../../modules/config";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ValidationError } from "../../modules/core/errors";
import { Testing } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { IamStack } from "../../modules/stack";

function stack(region = "eu-west-1"): IamStack {
  return new IamStack(Testing.app(), "groups", { region, offline: true });
}

describe("UserGroup", () => {
  it("makes the group, one attachment per managed policy and the MFA policy for members of its path", () => {
    const s = stack("cn-north-1");
    new UserGroup(s, "Developers", { name: "developers", path: "/humans/", managedPolicies: [AwsManagedPolicy.fromName("ViewOnlyAccess")], enforceMfa: true });
    const res = JSON.parse(Testing.synth(s, true)).resource;
    expect(Object.values(res.aws_iam_group)).toEqual([{ name: "developers", path: "/humans/" }]);
    expect(Object.values(res.aws_iam_group_policy_attachment).map((a: any) => a.policy_arn)).toEqual(["arn:aws-cn:iam::aws:policy/job-function/ViewOnlyAccess"]); // eslint-disable-line @typescript-eslint/no-explicit-any
    const mfa = Object.values(res.aws_iam_group_policy)[0] as { name: string; policy: string };
    expect(mfa.name).toBe("enforce-mfa");
    expect(mfa.policy).toContain("arn:aws-cn:iam::*:user/humans/$${aws:username}");
  });

  it("enforces MFA only when asked", () => {
    const s = stack();
    new UserGroup(s, "Ops", { name: "ops", inlinePolicies: { read: new PolicyDocument({ statements: [{ actions: ["s3:ListAllMyBuckets"], resources: ["*"] }] }) } });
    const res = JSON.parse(Testing.synth(s, true)).resource;
    expect(Object.values(res.aws_iam_group_policy).map((p: any) => p.name)).toEqual(["read"]); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it("reports every problem of its props at once", () => {
    try {
      new UserGroup(stack(), "Bad", { name: "bad name", path: "humans", managedPolicyQuota: 30, enforceMfa: true, inlinePolicies: { "enforce-mfa": new PolicyDocument() } });
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems.map((p) => p.field)).toEqual(["name", "path", "managedPolicyQuota", 'inlinePolicies["enforce-mfa"]']);
    }
  });
});
