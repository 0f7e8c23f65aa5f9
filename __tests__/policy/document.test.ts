/**
 * The pure model: plain data in, JSON out. Shapes of statements, principals and conditions; determinism;
 * fromJson round trips and its structural errors; the model folder imports no CDKTF.
 */
import * as fs from "fs";
import * as path from "path";
import { ValidationError, formatProblem } from "../../modules/core/errors";
import { Condition, PolicyDocument, Principal, Statement } from "../../modules/policy";

describe("JSON shape", () => {
  test("keys in a fixed order, lists de-duplicated, effect defaulted", () => {
    const s = new Statement({
      conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-1")],
      resources: ["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"],
      actions: ["s3:GetObject", "s3:GetObject", "s3:PutObject"],
      principals: [Principal.service("ec2.amazonaws.com")],
      sid: "Read",
    });
    expect(JSON.stringify(s)).toBe(
      '{"Sid":"Read","Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b/*"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-1"]}}}',
    );
  });

  test("principals: kinds in a fixed order, anyone alone is \"*\", accounts as root ARNs in the partition", () => {
    const doc = new PolicyDocument({
      statements: [
        {
          actions: ["sts:AssumeRole"],
          principals: [
            Principal.service("ec2.amazonaws.com"),
            Principal.federated("cognito-identity.amazonaws.com"),
            Principal.arn("arn:aws:iam::123456789012:role/ci"),
            Principal.account("123456789012"),
            Principal.account("210987654321", { partition: "aws-us-gov" }),
          ],
        },
        { actions: ["s3:GetObject"], resources: ["*"], principals: [Principal.anyone({ reason: "public" })] },
      ],
    });
    expect(doc.toJSON({ partition: "aws-cn" }).Statement.map((s) => s.Principal)).toEqual([
      {
        AWS: ["arn:aws:iam::123456789012:role/ci", "arn:aws-cn:iam::123456789012:root", "arn:aws-us-gov:iam::210987654321:root"],
        Federated: ["cognito-identity.amazonaws.com"],
        Service: ["ec2.amazonaws.com"],
      },
      "*",
    ]);
  });

  test("condition operators with modifiers, values as strings, operators and keys sorted", () => {
    const s = new Statement({
      actions: ["s3:GetObject"],
      resources: ["*"],
      conditions: [
        Condition.stringLike("aws:RequestTag/team", ["a*", "b*"]).forAllValues(),
        Condition.numericLessThanEquals("s3:max-keys", 100),
        Condition.arnLike("aws:SourceArn", "arn:aws:sns:*:*:t").ifExists(),
        Condition.dateGreaterThan("aws:CurrentTime", new Date(Date.UTC(2026, 0, 31))),
        Condition.bool("aws:MultiFactorAuthPresent", true),
        Condition.isNull("aws:TokenIssueTime", false),
        Condition.stringEquals("aws:PrincipalAccount", "123456789012").forAnyValue().ifExists(),
      ],
    });
    expect(s.toJSON().Condition).toEqual({
      ArnLikeIfExists: { "aws:SourceArn": ["arn:aws:sns:*:*:t"] },
      Bool: { "aws:MultiFactorAuthPresent": ["true"] },
      DateGreaterThan: { "aws:CurrentTime": ["2026-01-31T00:00:00Z"] },
      "ForAllValues:StringLike": { "aws:RequestTag/team": ["a*", "b*"] },
      "ForAnyValue:StringEqualsIfExists": { "aws:PrincipalAccount": ["123456789012"] },
      Null: { "aws:TokenIssueTime": ["false"] },
      NumericLessThanEquals: { "s3:max-keys": ["100"] },
    });
    expect(Object.keys(s.toJSON().Condition!)).toEqual(Object.keys(s.toJSON().Condition!).sort());
  });

  test("statements are immutable copies of their props", () => {
    const actions = ["s3:GetObject"];
    const s = new Statement({ actions, resources: ["*"] });
    actions.push("s3:PutObject");
    expect(s.toJSON().Action).toEqual(["s3:GetObject"]);
    expect(Object.isFrozen(s.props)).toBe(true);
  });

  test("documents: addStatements, isEmpty, combine", () => {
    const d = new PolicyDocument();
    expect(d.isEmpty).toBe(true);
    d.addStatements({ actions: ["s3:GetObject"], resources: ["*"] }, new Statement({ actions: ["s3:PutObject"], resources: ["*"] }));
    expect(d.isEmpty).toBe(false);
    expect(d.statements).toHaveLength(2);
    expect(PolicyDocument.combine(d, d).statements).toHaveLength(4);
  });
});

describe("determinism", () => {
  test("the same input gives the same bytes, across fresh builds", () => {
    const build = () =>
      JSON.stringify(
        new PolicyDocument({
          statements: [
            { sid: "A", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/${aws:username}/*"], conditions: [Condition.bool("aws:SecureTransport", true), Condition.stringEquals("aws:PrincipalOrgID", "o-1")] },
            { effect: "Deny", notActions: ["iam:*"], resources: ["*"] },
          ],
        }),
      );
    const first = build();
    for (let i = 0; i < 5; i++) expect(build()).toBe(first);
    expect(first).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/${aws:username}/*"],"Condition":{"Bool":{"aws:SecureTransport":["true"]},"StringEquals":{"aws:PrincipalOrgID":["o-1"]}}},{"Effect":"Deny","NotAction":["iam:*"],"Resource":["*"]}]}',
    );
  });
});

describe("fromJson", () => {
  test("round trip: the model renders what it read (normalised to lists)", () => {
    const json = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Trust", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com", AWS: ["123456789012"] }, Action: "sts:AssumeRole" },
        { Effect: "Deny", NotAction: "iam:*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": false } } },
      ],
    };
    const doc = PolicyDocument.fromJson(JSON.stringify(json));
    expect(doc.toJSON()).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Trust", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:root"], Service: ["ec2.amazonaws.com"] }, Action: ["sts:AssumeRole"] },
        { Effect: "Deny", NotAction: ["iam:*"], Resource: ["*"], Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } } },
      ],
    });
    expect(JSON.stringify(PolicyDocument.fromJson(doc.toJSON()))).toBe(JSON.stringify(doc));
  });

  test("structural problems are all reported at once", () => {
    let err: unknown;
    try {
      PolicyDocument.fromJson({ Version: "2008-10-17", Extra: 1, Statement: [{ Effect: "allow", Action: 3, Principal: { User: "x" }, Resources: "*" }] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems.map(formatProblem)).toEqual([
      'PolicyDocument.fromJson: Extra = 1: "Extra" is not a key of a policy document (Version, Id, Statement). Fix: Remove it.',
      'PolicyDocument.fromJson: Version = "2008-10-17": Version must be "2012-10-17" (older versions do not support policy variables). Fix: Set "Version": "2012-10-17".',
      'PolicyDocument.fromJson: Statement[0].Resources = "Resources": "Resources" is not a statement key (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition). Fix: Remove it or correct its spelling.',
      'PolicyDocument.fromJson: Statement[0].Effect = "allow": Effect is "Allow" or "Deny". Fix: Write "Allow" or "Deny".',
      "PolicyDocument.fromJson: Statement[0].Action = 3: Action is a string or a list of strings. Fix: Write strings.",
      'PolicyDocument.fromJson: Statement[0].Principal.User = "User": "User" is not a principal type (AWS, Service, Federated, CanonicalUser). Fix: Use one of those keys.',
    ]);
  });

  test("Id is kept", () => {
    const doc = PolicyDocument.fromJson({ Version: "2012-10-17", Id: "BucketPolicy", Statement: [] });
    expect(JSON.stringify(doc)).toBe('{"Version":"2012-10-17","Id":"BucketPolicy","Statement":[]}');
  });

  test("invalid JSON text", () => {
    expect(() => PolicyDocument.fromJson("{nope")).toThrow(/The text is not valid JSON/);
  });

  test('a "*" principal from JSON needs the opt-in like any other', () => {
    const json = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] };
    expect(PolicyDocument.fromJson(json).validate("resource", { path: "P" }).map((p) => p.field)).toEqual(["statements[0].principals[0]"]);
    expect(PolicyDocument.fromJson(json, { allowBroad: { reason: "public website" } }).validate("resource", { path: "P" })).toEqual([]);
  });
});

test("the policy model folder imports no CDKTF", () => {
  const dir = path.join(__dirname, "..", "..", "modules", "policy");
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    expect([f, /from "(cdktf|constructs|@cdktf\/[^"]*|\.\.\/internal\/[^"]*|\.\.\/constructs\/[^"]*)"/.test(text)]).toEqual([f, false]);
  }
});
