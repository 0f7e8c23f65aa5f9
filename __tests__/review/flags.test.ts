/** Risk rules not covered by the before/after fixture, each on a small synthesized stack. */
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformOutput } from "../../modules/internal/cdktf";
import { reviewApp, RULES, type Flag } from "../../modules/review";
import { IamStack } from "../../modules/stack";
import { synthToDir } from "../support/terraform";

const doc = (...Statement: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement });
const ec2 = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });

let flags: Flag[];

beforeAll(() => {
  const out = synthToDir((app) => {
    const s = new IamStack(app, "rules", { region: "eu-west-1", offline: true });
    const role = (id: string, trust = ec2, policy?: string): IamRole => {
      const r = new IamRole(s, id, { name: id.toLowerCase(), assumeRolePolicy: trust });
      if (policy) new IamRolePolicy(s, `${id}Policy`, { name: "p", role: r.id, policy });
      return r;
    };
    role("Admin", ec2, doc({ Effect: "Allow", Action: "*", Resource: "*" }));
    role("AnyoneTrust", doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }));
    role("OrgTrust", doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }));
    role("Oidc", doc({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }));
    role("Partner", doc({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x" } } }));
    role("NotAction", ec2, doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }));
    role("Hopper", ec2, doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }));
    role("ScopedPass", ec2, doc({ Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "arn:aws:iam::123456789012:role/worker" }));
    role("AllS3", ec2, doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data/*" }));
    role("Computed", ec2, "${data.aws_iam_policy_document.x.json}");
    const ext = role("External");
    new IamRolePolicyAttachment(s, "ExternalAttach", { role: ext.name, policyArn: "arn:aws:iam::123456789012:policy/shared/team-policy" });
    const power = role("Power");
    new IamRolePolicyAttachment(s, "PowerAttach", { role: power.name, policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" });
    const huge = new IamPolicy(s, "Huge", {
      name: "huge",
      policy: doc(...Array.from({ length: 60 }, (_, i) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::bucket-number-${i}-with-a-long-name/*` }))),
    });
    new IamRolePolicyAttachment(s, "HugeAttach", { role: role("HugeHolder").name, policyArn: huge.arn });
    const u = new IamUser(s, "Leaky", { name: "leaky" });
    new IamUserPolicy(s, "LeakyInline", { name: "p", user: u.name, policy: doc({ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:GetBucketPolicy"], Resource: "*" }) });
    const k = new IamAccessKey(s, "LeakyKey", { user: u.name });
    new SsmParameter(s, "PlainSecret", { name: "/leaky/secret", type: "String", value: k.secret });
    new TerraformOutput(s, "leaky_secret", { value: k.secret });
  });
  flags = [...reviewApp({ outDir: out.outdir }).stacks[0].flags];
});

const find = (rule: string, subject: string): Flag | undefined => flags.find((f) => f.rule === rule && f.subject === subject);

describe("risk rules", () => {
  it.each([
    ["admin-access", "admin", "critical", /every action on every resource/],
    ["trust-anyone", "anyonetrust", "critical", /can be assumed by anyone \(AWS:\*\)\./],
    ["trust-anyone", "orgtrust", "high", /under a condition/],
    ["trust-federated-unconditioned", "oidc", "high", /token\.actions\.githubusercontent\.com/],
    ["not-action", "notaction", "high", /everything except iam:\*/],
    ["assume-any-role", "hopper", "medium", /sts:AssumeRole on every role/],
    // The passed role is outside the stack: an upper bound (its power is unknown), below the default gate.
    ["escalation.lambda-create-invoke", "scopedpass", "medium", /passing arn:aws:iam::123456789012:role\/worker.*Upper bound: the passed role .* is not in this stack/],
    ["wildcard-action", "alls3", "medium", /all s3 actions \(s3:\*\) on arn:aws:s3:::data\/\*/],
    ["unreadable-policy", "computed", "low", /computed at apply time from \$\{data\.aws_iam_policy_document\.x\.json\}/],
    ["external-policy", "external", "info", /shared\/team-policy/],
    // AWS managed policies are judged by their documents: PowerUserAccess lets its holder take over compute.
    ["escalation.lambda-update-code", "power", "high", /from AWS managed policy PowerUserAccess/],
    ["policy-size", "aws_iam_policy.Huge", "high", /over the 6144 limit/],
    ["secret-not-encrypted", "/leaky/secret", "critical", /a String parameter, not encrypted/],
    ["secret-exposed", "output.leaky_secret", "critical", /flows to output\.leaky_secret;/],
    // s3:ListAllMyBuckets has no resource-level permissions (only `*` works): not counted.
    ["wildcard-resource", "leaky", "low", /may read or list \(s3:GetBucketPolicy\) on every resource/],
  ])("%s on %s is %s", (rule, subject, severity, message) => {
    const f = find(rule, subject);
    expect(f).toBeDefined();
    expect(f!.severity).toBe(severity);
    expect(f!.message).toMatch(message);
    expect(RULES[rule]).toBeDefined();
  });

  it("does not flag what is fine", () => {
    expect(find("trust-cross-account", "partner")).toBeUndefined(); // has sts:ExternalId
    expect(find("passrole-star", "scopedpass")).toBeUndefined();
    // An administrator is not also reported for every escalation action it implies.
    expect(flags.filter((f) => f.subject === "admin").map((f) => f.rule)).toEqual(["admin-access"]);
  });

  it("gives every flag a known rule and a one-line message", () => {
    for (const f of flags) {
      expect(RULES[f.rule]).toBeDefined();
      expect(f.message).not.toMatch(/\n/);
    }
  });
});
