/**
 * The generic helpers behind Ec2InstanceRole (shared with other principals): managed policy attachments keyed by
 * stable names, and inline policies with a total size budget, for users and groups as well as roles.
 */
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { InlinePolicies, ManagedPolicyAttachments, checkManagedPolicyQuota, idFromKey } from "../../modules/constructs/attachments";
import { Problems } from "../../modules/core/errors";
import { Construct } from "../../modules/internal/cdktf";
import { PolicyDocument, PolicyLimits } from "../../modules/policy";
import { newStack, resources, synth } from "./ec2-instance-role.support";

const doc = (n: number) =>
  new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }] });

describe("ManagedPolicyAttachments", () => {
  it.each([
    ["user", "aws_iam_user_policy_attachment", "user"],
    ["group", "aws_iam_group_policy_attachment", "group"],
    ["role", "aws_iam_role_policy_attachment", "role"],
  ] as const)("attaches to a %s with %s", (kind, type, argument) => {
    const { stack } = newStack();
    const owner = new Construct(stack, "Owner");
    const attachments = new ManagedPolicyAttachments(owner, "ManagedPolicies", { holderKind: kind, holderName: "holder", ownerPath: owner.node.path });
    attachments.add(AwsManagedPolicy.fromName("ReadOnlyAccess"));
    attachments.add(AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/team/custom"), "team/custom");
    expect(attachments.keys).toEqual(["ReadOnlyAccess", "team/custom"]);
    expect(attachments.problems()).toEqual([]);
    const out = resources(synth(stack), type);
    const ids = Object.keys(out);
    expect(ids).toHaveLength(2);
    expect(ids.some((id) => id.startsWith("Owner_ManagedPolicies_team_custom_"))).toBe(true);
    expect(Object.values(out).map((a) => a[argument])).toEqual(["holder", "holder"]);
  });

  it("reports keys that give the same resource id", () => {
    const { stack } = newStack();
    const owner = new Construct(stack, "Owner");
    const attachments = new ManagedPolicyAttachments(owner, "ManagedPolicies", { holderKind: "role", holderName: "r", ownerPath: owner.node.path });
    attachments.add(AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/a"), "team/a");
    attachments.add(AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/b"), "team.a");
    expect(attachments.keys).toEqual(["team/a"]);
    expect(attachments.problems().map((p) => p.rule)).toEqual(['The key gives the same resource id (team_a) as the key "team/a": only letters, digits, _ and - are kept in ids.']);
  });

  it("counts against the declared quota and names the owner in problems", () => {
    const { stack } = newStack();
    const owner = new Construct(stack, "Owner");
    const attachments = new ManagedPolicyAttachments(owner, "ManagedPolicies", { holderKind: "user", holderName: "u", ownerPath: owner.node.path, quota: 11 });
    for (let i = 0; i < 12; i++) attachments.add(AwsManagedPolicy.fromArn(`arn:aws:iam::123456789012:policy/p${i}`));
    const [problem, ...rest] = attachments.problems();
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ path: "iam/Owner", field: "managedPolicies" });
    expect(problem?.rule).toBe("A user carries at most 11 managed policies (the quota declared); this one would carry 12.");
  });

  it("turns keys into construct ids and checks declared quotas", () => {
    expect(idFromKey("service-role/AmazonEC2RoleforSSM")).toBe("service-role_AmazonEC2RoleforSSM");
    const problems = new Problems("p");
    expect(checkManagedPolicyQuota(problems, "q", undefined)).toBe(10);
    expect(checkManagedPolicyQuota(problems, "q", 20)).toBe(20);
    expect(problems.empty).toBe(true);
    expect(checkManagedPolicyQuota(problems, "q", 25)).toBe(10);
    expect(problems.list).toHaveLength(1);
  });
});

describe("InlinePolicies", () => {
  it("writes aws_iam_user_policy and checks the user budget of 2,048 characters", () => {
    const { stack } = newStack();
    const owner = new Construct(stack, "Owner");
    const inline = new InlinePolicies(owner, "InlinePolicies", { holderKind: "user", holderName: "u", owner, maxTotalSize: PolicyLimits.userInlineTotal });
    inline.add("small", doc(1));
    expect(inline.problems()).toEqual([]);
    expect(Object.values(resources(synth(stack), "aws_iam_user_policy")).map((p) => [p.name, p.user])).toEqual([["small", "u"]]);

    inline.add("large", doc(80));
    expect(inline.totalSize()).toBeGreaterThan(2048);
    const problems = inline.problems();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.rule).toBe("The inline policies of a user may total at most 2048 characters, not counting whitespace (a fixed AWS limit).");
  });

  it("writes aws_iam_group_policy, and reports duplicate names and invalid documents", () => {
    const { stack } = newStack();
    const owner = new Construct(stack, "Owner");
    const inline = new InlinePolicies(owner, "InlinePolicies", { holderKind: "group", holderName: "g", owner, maxTotalSize: PolicyLimits.groupInlineTotal, field: "policies" });
    inline.add("read", doc(1));
    inline.add("read", doc(2));
    inline.add("write_all", doc(2));
    inline.add("write.all", doc(2));
    inline.add("empty", new PolicyDocument());
    const problems = inline.problems();
    expect(problems.map((p) => p.field)).toEqual(['policies["read"]', 'policies["write.all"]', 'policies["empty"].statements']);
    expect(problems[0]?.rule).toBe("Two inline policies have the same name.");
    expect(problems[1]?.rule).toContain('The name gives the same resource id (write_all) as the inline policy "write_all"');
    expect(Object.keys(resources(synth(stack), "aws_iam_group_policy"))).toHaveLength(3);
  });
});
