/** Ec2InstanceRole: synthesized resources and properties, wiring helpers, and every error case. */
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { ValidationError } from "../../modules/core/errors";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Ec2ManagedPolicies } from "../../modules/constructs/common-managed-policies";
import { Ec2InstanceRole, ec2ServicePrincipal } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { Condition, PolicyDocument, Principal } from "../../modules/policy";
import { IamStack } from "../../modules/stack/iam-stack";
import { errorOf, newStack, only, resources, synth } from "./ec2-instance-role.support";

const AMI = "ami-0123456789abcdef0";

function readDoc(body: Record<string, unknown>, key: string): any {
  return JSON.parse(body[key] as string);
}

function bucketPolicy(bucket = "example-bucket", partition = "aws"): PolicyDocument {
  return new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: [`arn:${partition}:s3:::${bucket}/*`] }] });
}

describe("Ec2InstanceRole: synthesized resources", () => {
  it("creates a role trusted only by EC2, and an instance profile named after it", () => {
    const { stack } = newStack();
    new Ec2InstanceRole(stack, "Web", { name: "web-server" });
    const json = synth(stack);

    const role = only(json, "aws_iam_role");
    expect(role.body.name).toBe("web-server");
    expect(role.body).not.toHaveProperty("inline_policy");
    expect(role.body).not.toHaveProperty("managed_policy_arns");
    expect(role.body).not.toHaveProperty("max_session_duration");
    expect(readDoc(role.body, "assume_role_policy")).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "TrustEc2Service", Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com"] }, Action: ["sts:AssumeRole"] }],
    });

    const profile = only(json, "aws_iam_instance_profile");
    expect(profile.body.name).toBe("web-server");
    // By the role's id (its name, unknown when the role is replaced): the profile follows a replaced role in place.
    expect(profile.body.role).toBe(`\${aws_iam_role.${role.id}.id}`);
    // A fixed name: a replacement destroys first (IAM names are unique), never create-before-destroy.
    expect(profile.body).not.toHaveProperty("lifecycle");
    expect(profile.body).not.toHaveProperty("path");

    expect(resources(json, "aws_iam_role_policy_attachment")).toEqual({});
    expect(resources(json, "aws_iam_role_policy")).toEqual({});
  });

  it("writes name prefix, path, description, session duration, boundary and tags", () => {
    const { stack } = newStack();
    new Ec2InstanceRole(stack, "Worker", {
      namePrefix: "worker-",
      path: "/instances/",
      description: "Batch workers",
      maxSessionDuration: 14400,
      permissionsBoundary: "arn:aws:iam::123456789012:policy/boundaries/instance-boundary",
      tags: { team: "platform", app: "batch" },
    });
    const json = synth(stack);
    const role = only(json, "aws_iam_role");
    expect(role.body).toMatchObject({
      name_prefix: "worker-",
      path: "/instances/",
      description: "Batch workers",
      max_session_duration: 14400,
      permissions_boundary: "arn:aws:iam::123456789012:policy/boundaries/instance-boundary",
      tags: { app: "batch", team: "platform" },
    });
    expect(role.body).not.toHaveProperty("name");
    const profile = only(json, "aws_iam_instance_profile");
    // The role's generated name is only known after apply: the profile takes it by reference.
    expect(profile.body.name).toBe(`\${aws_iam_role.${role.id}.name}`);
    // A generated name: replaced with create-before-destroy (Terraform extends it to the role, whose name is generated too).
    expect(profile.body.lifecycle).toEqual({ create_before_destroy: true });
    expect(profile.body.path).toBe("/instances/");
    expect(profile.body.tags).toEqual({ app: "batch", team: "platform" });
  });

  it("takes a permissions boundary as an AWS managed policy or a ManagedPolicy", () => {
    const { stack } = newStack("us-gov-west-1");
    new Ec2InstanceRole(stack, "A", { name: "a", permissionsBoundary: AwsManagedPolicy.fromName("PowerUserAccess") });
    const boundary = new ManagedPolicy(stack, "Boundary", { name: "boundary", document: bucketPolicy("example-bucket", "aws-us-gov") });
    new Ec2InstanceRole(stack, "B", { name: "b", permissionsBoundary: boundary });
    const roles = Object.values(resources(synth(stack), "aws_iam_role"));
    const byName = Object.fromEntries(roles.map((r) => [r.name, r.permissions_boundary]));
    expect(byName.a).toBe("arn:aws-us-gov:iam::aws:policy/PowerUserAccess");
    expect(byName.b).toMatch(/^\$\{aws_iam_policy\.[A-Za-z0-9_]+\.arn\}$/);
  });

  it("attaches managed policies one resource each, keyed by stable names", () => {
    const build = (order: "forward" | "reverse") => {
      const { stack } = newStack();
      const inventory = new ManagedPolicy(stack, "Inventory", { name: "inventory", document: bucketPolicy() });
      const list = [inventory, Ec2ManagedPolicies.ssmManagedInstanceCore(), Ec2ManagedPolicies.cloudWatchAgentServer()];
      new Ec2InstanceRole(stack, "Web", { name: "web", managedPolicies: order === "forward" ? list : [...list].reverse() });
      return resources(synth(stack), "aws_iam_role_policy_attachment");
    };
    const forward = build("forward");
    const reverse = build("reverse");
    expect(Object.keys(forward)).toHaveLength(3);
    // Reordering the list keeps every address and every attachment.
    expect(Object.keys(reverse).sort()).toEqual(Object.keys(forward).sort());
    for (const id of Object.keys(forward)) expect(reverse[id]).toEqual(forward[id]);

    const arns = Object.values(forward).map((a) => a.policy_arn as string);
    expect(arns).toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    expect(arns).toContain("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");
    expect(arns.some((a) => /^\$\{aws_iam_policy\.[A-Za-z0-9_]+\.arn\}$/.test(a))).toBe(true);
    for (const a of Object.values(forward)) expect(a.role).toMatch(/^\$\{aws_iam_role\.[A-Za-z0-9_]+\.id\}$/);
    const ids = Object.keys(forward);
    expect(ids.some((id) => id.includes("AmazonSSMManagedInstanceCore"))).toBe(true);
    expect(ids.some((id) => id.includes("CloudWatchAgentServerPolicy"))).toBe(true);
  });

  it("uses the partition of the stack for the trust principal and AWS managed policy ARNs", () => {
    const { stack } = newStack("cn-north-1");
    new Ec2InstanceRole(stack, "Web", { name: "web", managedPolicies: [Ec2ManagedPolicies.ssmManagedInstanceCore()] });
    const json = synth(stack);
    const trust = readDoc(only(json, "aws_iam_role").body, "assume_role_policy");
    expect(trust.Statement[0].Principal).toEqual({ Service: ["ec2.amazonaws.com.cn"] });
    expect(only(json, "aws_iam_role_policy_attachment").body.policy_arn).toBe("arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore");
    expect(ec2ServicePrincipal("aws")).toBe("ec2.amazonaws.com");
    expect(ec2ServicePrincipal("aws-us-gov")).toBe("ec2.amazonaws.com");
  });

  it("lets the EC2 principal be overridden, and trusts extra principals only when asked", () => {
    const { stack } = newStack("us-isob-east-1");
    new Ec2InstanceRole(stack, "Web", {
      name: "web",
      trustedService: "ec2.sc2s.sgov.gov",
      additionalTrustStatements: [
        {
          sid: "CiAccount",
          principals: [Principal.account("444455556666")],
          actions: ["sts:AssumeRole"],
          conditions: [Condition.stringEquals("sts:ExternalId", "ci-deploy")],
        },
      ],
    });
    const trust = readDoc(only(synth(stack), "aws_iam_role").body, "assume_role_policy");
    expect(trust.Statement).toHaveLength(2);
    expect(trust.Statement[0].Principal).toEqual({ Service: ["ec2.sc2s.sgov.gov"] });
    expect(trust.Statement[1]).toMatchObject({ Sid: "CiAccount", Effect: "Allow", Principal: { AWS: ["arn:aws-iso-b:iam::444455556666:root"] }, Action: ["sts:AssumeRole"] });
  });

  it("writes inline policies as aws_iam_role_policy, with the role's own policy filled by addToPolicy", () => {
    const { stack } = newStack();
    const role = new Ec2InstanceRole(stack, "Web", { name: "web", inlinePolicies: { backups: bucketPolicy("backups") } });
    role.addToPolicy({ sid: "OwnPrefix", actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::home"], conditions: [Condition.stringLike("s3:prefix", "${aws:username}/*")] });
    role.addToPolicy({ actions: ["ssm:GetParameter"], resources: ["arn:aws:ssm:eu-west-1:123456789012:parameter/web/*"] });
    const json = synth(stack);
    const roleId = only(json, "aws_iam_role").id;
    const policies = Object.values(resources(json, "aws_iam_role_policy"));
    expect(policies.map((p) => p.name).sort()).toEqual(["backups", "default-policy"]);
    for (const p of policies) expect(p.role).toBe(`\${aws_iam_role.${roleId}.id}`);

    const own = policies.find((p) => p.name === "default-policy") as Record<string, unknown>;
    const text = own.policy as string;
    // A policy variable reaches Terraform escaped, so Terraform writes it literally.
    expect(text).toContain("$${aws:username}/*");
    const doc = JSON.parse(text.replace(/\$\$\{/g, "${"));
    expect(doc.Statement.map((s: { Action: string[] }) => s.Action[0])).toEqual(["s3:ListBucket", "ssm:GetParameter"]);
    const backups = JSON.parse((policies.find((p) => p.name === "backups") as Record<string, unknown>).policy as string);
    expect(backups.Statement[0].Resource).toEqual(["arn:aws:s3:::backups/*"]);
  });

  it("returns the iam:PassRole statement scoped to the role and to EC2", () => {
    const { stack } = newStack();
    const role = new Ec2InstanceRole(stack, "Web", { name: "web" });
    const statement = role.grantPassRole({ sid: "PassWebRole" });
    const launcher = new ManagedPolicy(stack, "Launcher", { name: "launcher", document: new PolicyDocument({ statements: [statement] }) });
    expect(launcher).toBeDefined();
    const json = synth(stack);
    const roleId = only(json, "aws_iam_role").id;
    const policy = only(json, "aws_iam_policy").body.policy as string;
    expect(policy).toContain(`aws_iam_role.${roleId}.arn`);
    const st = statement.toJSON();
    expect(st.Action).toEqual(["iam:PassRole"]);
    expect(st.Resource).toEqual([role.arn]);
    expect(st.Condition).toEqual({ StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } });
  });

  it("wires the profile into an aws_instance and a launch template of the same stack", () => {
    const { stack } = newStack();
    const role = new Ec2InstanceRole(stack, "Web", { name: "web" });
    const attached = new Instance(stack, "Attached", { ami: AMI, instanceType: "t3.micro" });
    role.attachTo(attached);
    role.attachTo(attached); // idempotent
    new Instance(stack, "Spread", { ami: AMI, instanceType: "t3.micro", ...role.instanceProfile.forInstance() });
    const lt = new LaunchTemplate(stack, "Template", { imageId: AMI, instanceType: "t3.micro" });
    role.attachToLaunchTemplate(lt);
    role.attachToLaunchTemplate(lt); // idempotent
    new LaunchTemplate(stack, "SpreadTemplate", { imageId: AMI, ...role.instanceProfile.forLaunchTemplate() });

    const json = synth(stack);
    const profileId = only(json, "aws_iam_instance_profile").id;
    for (const instance of Object.values(resources(json, "aws_instance"))) {
      expect(instance.iam_instance_profile).toBe(`\${aws_iam_instance_profile.${profileId}.name}`);
    }
    for (const template of Object.values(resources(json, "aws_launch_template"))) {
      expect(template.iam_instance_profile).toEqual({ arn: `\${aws_iam_instance_profile.${profileId}.arn}` });
    }
    expect(Object.keys(resources(json, "aws_instance"))).toHaveLength(2);
    expect(Object.keys(resources(json, "aws_launch_template"))).toHaveLength(2);
  });

  it("honours instance profile options, or creates none", () => {
    const { stack } = newStack();
    new Ec2InstanceRole(stack, "Named", { name: "named", path: "/a/", tags: { app: "x" }, instanceProfile: { name: "named-profile", path: "/profiles/", tags: { extra: "y" } } });
    const none = new Ec2InstanceRole(stack, "None", { name: "none", instanceProfile: false });
    const json = synth(stack);
    const profile = only(json, "aws_iam_instance_profile");
    expect(profile.body).toMatchObject({ name: "named-profile", path: "/profiles/", tags: { app: "x", extra: "y" } });
    expect(none.hasInstanceProfile).toBe(false);
    expect(errorOf(() => none.instanceProfile)).toContain("created without an instance profile");
  });

  it("synthesizes byte-identical JSON for the same input", () => {
    const build = () => {
      const { stack } = newStack();
      const role = new Ec2InstanceRole(stack, "Web", { name: "web", managedPolicies: [Ec2ManagedPolicies.ssmManagedInstanceCore()], inlinePolicies: { b: bucketPolicy("b"), a: bucketPolicy("a") } });
      role.addToPolicy({ actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::a"] });
      return JSON.stringify(synth(stack));
    };
    expect(build()).toBe(build());
  });

  it("offers frequently attached AWS managed policies by name", () => {
    const { stack } = newStack();
    const all = [
      Ec2ManagedPolicies.ssmManagedInstanceCore(),
      Ec2ManagedPolicies.cloudWatchAgentServer(),
      Ec2ManagedPolicies.ssmPatchAssociation(),
      Ec2ManagedPolicies.ecrReadOnly(),
      Ec2ManagedPolicies.xrayDaemonWrite(),
      Ec2ManagedPolicies.ssmDirectoryServiceAccess(),
    ];
    new Ec2InstanceRole(stack, "Web", { name: "web", managedPolicies: all });
    const arns = Object.values(resources(synth(stack), "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);
    expect(arns.sort()).toEqual(Ec2ManagedPolicies.names.map((n) => `arn:aws:iam::aws:policy/${n}`).sort());
  });
});

describe("Ec2InstanceRole: errors", () => {
  const make = (props: ConstructorParameters<typeof Ec2InstanceRole>[2], region?: string) => {
    const { stack } = newStack(region);
    return errorOf(() => new Ec2InstanceRole(stack, "Web", props));
  };

  it("rejects bad names, prefixes, paths and descriptions, all at once", () => {
    const message = make({ name: "web server", namePrefix: "x".repeat(40), path: "instances", description: "d".repeat(1001) });
    expect(message).toContain('Invalid Ec2InstanceRole "Web" (5 problems)');
    expect(message).toContain("`name` and `namePrefix` are mutually exclusive.");
    expect(message).toContain('name = "web server": An IAM role name may contain only letters');
    expect(message).toContain("An IAM role name prefix must be 1 to 38 characters long");
    expect(message).toContain('path = "instances": An IAM path must start and end with `/`');
    expect(message).toContain("A description may be at most 1000 characters");
  });

  it("reports problems of props, attachments, inline policies and the profile in one error", () => {
    const message = make({
      name: "web server",
      managedPolicies: [AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/a", "k"), AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/b", "k")],
      inlinePolicies: { "bad name": bucketPolicy() },
      instanceProfile: { name: "p".repeat(129), path: "nope" },
    });
    expect(message).toContain('Invalid Ec2InstanceRole "Web" (5 problems)');
    expect(message).toContain("name = \"web server\"");
    expect(message).toContain('managedPolicies["k"]');
    expect(message).toContain('inlinePolicies["bad name"]');
    expect(message).toContain("instanceProfile.name = ");
    expect(message).toContain("An IAM instance profile name must be 1 to 128 characters long");
    expect(message).toContain('instanceProfile.path = "nope"');
  });

  it("rejects a name longer than 64 characters", () => {
    expect(make({ name: "r".repeat(65) })).toContain("An IAM role name must be 1 to 64 characters long (this one has 65).");
  });

  it.each([3599, 43201, 3600.5])("rejects maxSessionDuration %p", (value) => {
    expect(make({ maxSessionDuration: value })).toContain(`maxSessionDuration = ${value}: The maximum session duration is a whole number of seconds from 3600 (1 hour) to 43200 (12 hours).`);
  });

  it.each([3600, 43200])("accepts maxSessionDuration %p", (value) => {
    const { stack } = newStack();
    new Ec2InstanceRole(stack, "Web", { maxSessionDuration: value });
    expect(only(synth(stack), "aws_iam_role").body.max_session_duration).toBe(value);
  });

  it.each([9, 21, 12.5])("rejects managedPolicyQuota %p", (value) => {
    expect(make({ managedPolicyQuota: value })).toContain("The managed policy quota is 10 attachments by default and AWS raises it to at most 20.");
  });

  it("rejects more managed policies than the quota, and accepts them under a declared raised quota", () => {
    const names = ["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy", "AmazonSSMPatchAssociation", "AmazonEC2ContainerRegistryReadOnly", "AWSXRayDaemonWriteAccess", "AmazonSSMDirectoryServiceAccess", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "ReadOnlyAccess", "SecurityAudit", "ViewOnlyAccess"];
    const policies = () => names.map((n) => AwsManagedPolicy.fromName(n));
    const message = make({ managedPolicies: policies() });
    expect(message).toContain("managedPolicies = \"11 policies: AmazonSSMManagedInstanceCore");
    expect(message).toContain("A role carries at most 10 managed policies (the quota, AWS default); this one would carry 11.");
    expect(message).toContain("raise the quota in Service Quotas (up to 20) and declare it with `managedPolicyQuota`");

    const { stack } = newStack();
    new Ec2InstanceRole(stack, "Web", { managedPolicies: policies(), managedPolicyQuota: 11 });
    expect(Object.keys(resources(synth(stack), "aws_iam_role_policy_attachment"))).toHaveLength(11);
  });

  it("rejects two policies under one key, and one policy under two keys", () => {
    const { stack } = newStack();
    const message = errorOf(
      () =>
        new Ec2InstanceRole(stack, "Web", {
          managedPolicies: [
            AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/a", "shared"),
            AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/b", "shared"),
            AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/a", "again"),
          ],
        }),
    );
    expect(message).toContain('managedPolicies["shared"] = "shared": Two different managed policies share this attachment key');
    expect(message).toContain('managedPolicies["again"] = "arn:aws:iam::123456789012:policy/a": This policy is already attached under the key "shared"');
  });

  it("rejects managed policies added later beyond the quota, at synth", () => {
    const { stack } = newStack();
    const role = new Ec2InstanceRole(stack, "Web", { name: "web" });
    for (let i = 0; i < 11; i++) role.addManagedPolicy(AwsManagedPolicy.fromArn(`arn:aws:iam::123456789012:policy/p${i}`, `p${i}`));
    expect(errorOf(() => synth(stack))).toContain("A role carries at most 10 managed policies");
  });

  it("rejects bad inline policy names and an inline total over 10,240 characters", () => {
    const big = (i: number) =>
      new PolicyDocument({
        statements: [{ actions: ["s3:GetObject"], resources: Array.from({ length: 60 }, (_, j) => `arn:aws:s3:::bucket-${i}-${j}-${"x".repeat(40)}/*`) }],
      });
    const message = make({ inlinePolicies: { "bad name": bucketPolicy(), one: big(1), two: big(2), three: big(3) } });
    expect(message).toContain('inlinePolicies["bad name"] = "bad name": An IAM policy name may contain only letters');
    expect(message).toMatch(/inlinePolicies = "\d+ characters \(one: \d+, three: \d+, two: \d+\)": The inline policies of a role may total at most 10240 characters/);
    expect(message).toContain("Move statements into customer managed policies");
  });

  it("rejects an invalid statement added with addToPolicy, at synth", () => {
    const { stack } = newStack();
    const role = new Ec2InstanceRole(stack, "Web", { name: "web" });
    role.addToPolicy({ actions: ["s3:GetObjekt"], resources: ["*"] });
    const message = errorOf(() => synth(stack));
    expect(message).toContain("iam/Web");
    expect(message).toContain('inlinePolicies["default-policy"]');
    expect(message).toContain("s3:GetObjekt");
  });

  it("rejects an inline policy named like the role's own policy", () => {
    expect(make({ inlinePolicies: { "default-policy": bucketPolicy() } })).toContain("This inline policy name is taken by the policy addToPolicy() fills.");
  });

  it("rejects a trust statement that lets anyone in, even with a reason", () => {
    const message = make({ additionalTrustStatements: [{ principals: [Principal.anyone({ reason: "partners" })], actions: ["sts:AssumeRole"] }] });
    expect(message).toContain("additionalTrustStatements.statements[0].principals[0] = \"*\"");
    expect(message).toContain("lets anyone (every AWS account, and anonymous callers) assume the role");
  });

  it("rejects anyone without a reason, NotPrincipal, resources and non-STS actions in trust statements", () => {
    const message = make({
      additionalTrustStatements: [
        { principals: [Principal.anyone({ reason: "" })], actions: ["sts:AssumeRole"], conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-abcdefghij")] },
        { notPrincipals: [Principal.account("444455556666")], actions: ["sts:AssumeRole"] },
        { principals: [Principal.account("444455556666")], actions: ["s3:GetObject"], resources: ["*"] },
      ],
    });
    expect(message).toContain("additionalTrustStatements.statements[0].principals[0]");
    expect(message).toContain("needs an explicit opt-in with a written reason");
    expect(message).not.toContain("lets anyone (every AWS account"); // reported once, by the policy model
    expect(message).toContain("A trust policy cannot use notPrincipals.");
    expect(message).toContain("A trust policy has no resources");
  });

  it("accepts anyone narrowed by a condition, with a reason", () => {
    const { stack } = newStack();
    new Ec2InstanceRole(stack, "Web", {
      additionalTrustStatements: [{ principals: [Principal.anyone({ reason: "any role of our organization" })], actions: ["sts:AssumeRole"], conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-abcdefghij")] }],
    });
    const trust = readDoc(only(synth(stack), "aws_iam_role").body, "assume_role_policy");
    expect(trust.Statement[1]).toMatchObject({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-abcdefghij"] } } });
  });

  it("rejects a reused EC2 trust Sid and a trust policy over the quota", () => {
    const many = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::444455556666:role/deployer-${String(i).padStart(3, "0")}`);
    const message = make({
      additionalTrustStatements: [
        { sid: "TrustEc2Service", principals: [Principal.account("444455556666")], actions: ["sts:AssumeRole"] },
        { principals: many.map((a) => Principal.arn(a)), actions: ["sts:AssumeRole"] },
      ],
    });
    expect(message).toContain('The Sid "TrustEc2Service" is taken by the EC2 trust statement.');
    expect(message).toMatch(/The trust policy may be at most 2048 characters/);
    expect(make({ trustPolicyQuota: 5000 })).toContain("The role trust policy length quota is 2048 characters by default and AWS raises it to at most 4096.");
  });

  it("rejects a trusted service that is not an EC2 principal", () => {
    expect(make({ trustedService: "lambda.amazonaws.com" })).toContain('trustedService = "lambda.amazonaws.com": The trusted service of an EC2 instance role is an EC2 service principal');
  });

  it("rejects a malformed boundary ARN, and one from another partition", () => {
    expect(make({ permissionsBoundary: "boundary" })).toContain('permissionsBoundary = "boundary": A permissions boundary is a managed policy ARN');
    expect(make({ permissionsBoundary: "arn:aws:iam::123456789012:policy/b" }, "cn-north-1")).toContain('The ARN is in partition "aws" but the stack is in "aws-cn".');
  });

  it("rejects bad tags", () => {
    expect(make({ tags: { "aws:owner": "me" } })).toContain("Tag keys starting with `aws:` are reserved for AWS.");
  });

  it("throws a ValidationError listing each problem with path, field, rule and fix", () => {
    const { stack } = newStack();
    try {
      new Ec2InstanceRole(stack, "Web", { maxSessionDuration: 1 });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const [p] = (e as ValidationError).problems;
      expect(p).toMatchObject({ path: "iam/Web", field: "maxSessionDuration", value: "1" });
      expect(p?.fix).toContain("Give seconds");
    }
  });

  it("refuses to wire the profile into another stack's instance, or an instance with another profile", () => {
    const { app, stack } = newStack();
    const other = new IamStack(app, "other", { region: "eu-west-1", offline: true });
    const role = new Ec2InstanceRole(stack, "Web", { name: "web" });
    const foreign = new Instance(other, "Vm", { ami: AMI, instanceType: "t3.micro" });
    expect(errorOf(() => role.attachTo(foreign))).toContain("attachTo() wires the profile into a resource of the same stack as the profile (iam).");
    const foreignLt = new LaunchTemplate(other, "Lt", { imageId: AMI });
    expect(errorOf(() => role.attachToLaunchTemplate(foreignLt))).toContain("attachToLaunchTemplate() wires the profile");

    const taken = new Instance(stack, "Taken", { ami: AMI, instanceType: "t3.micro", iamInstanceProfile: "someone-else" });
    expect(errorOf(() => role.attachTo(taken))).toContain('iamInstanceProfile = "someone-else": The instance already names another instance profile');
    const takenLt = new LaunchTemplate(stack, "TakenLt", { imageId: AMI, iamInstanceProfile: { name: "someone-else" } });
    expect(errorOf(() => role.attachToLaunchTemplate(takenLt))).toContain("The launch template already names another instance profile");
  });
});
