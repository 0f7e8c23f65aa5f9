/**
 * A statement's JSON text is rendered once per partition and reused (issue 14): the document's text, its size and
 * the Terraform argument are made of these texts. They must be the bytes `JSON.stringify` writes for the JSON form,
 * in every partition, and nothing done to a rendered JSON form may reach a later text.
 */
import { policyToTerraform } from "../../modules/constructs/policy-terraform";
import { Condition, PolicyDocument, Principal, Statement, policySize } from "../../modules/policy";

const statements = () => [
  new Statement({ sid: "Read", actions: ["s3:GetObject", "s3:GetObject"], resources: ["arn:aws:s3:::b/${aws:username}/*"] }),
  new Statement({ effect: "Deny", notActions: ["iam:*"], notResources: ["*"], conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-a1b2c3d4e5"), Condition.of("NumericLessThan", "s3:max-keys", [10])] }),
  new Statement({ actions: ["sts:AssumeRole"], principals: [Principal.account("123456789012"), Principal.service("ec2.amazonaws.com")] }),
];

describe("statement texts", () => {
  it.each([undefined, "aws", "aws-cn", "aws-us-gov"])("are JSON.stringify of the JSON form (partition %s), every time", (partition) => {
    const opts = partition ? { partition } : {};
    for (const s of statements()) {
      const expected = JSON.stringify(s.toJSON(opts));
      expect(s.toJsonText(opts)).toBe(expected);
      expect(s.toJsonText(opts)).toBe(expected);
    }
    const doc = new PolicyDocument({ statements: statements(), id: "Doc-1" });
    expect(doc.toJsonString(opts)).toBe(JSON.stringify(doc.toJSON(opts)));
    const noId = new PolicyDocument({ statements: statements() });
    expect(noId.toJsonString(opts)).toBe(JSON.stringify(noId.toJSON(opts)));
    expect(new PolicyDocument().toJsonString(opts)).toBe(JSON.stringify(new PolicyDocument().toJSON(opts)));
  });

  it("keep one text per partition", () => {
    const s = new Statement({ actions: ["sts:AssumeRole"], principals: [Principal.account("123456789012")] });
    expect(s.toJsonText({ partition: "aws" })).toContain("arn:aws:iam::123456789012:root");
    expect(s.toJsonText({ partition: "aws-cn" })).toContain("arn:aws-cn:iam::123456789012:root");
    expect(s.toJsonText({ partition: "aws" })).toContain("arn:aws:iam::123456789012:root");
  });

  it("do not take up changes made to a rendered JSON form", () => {
    const doc = new PolicyDocument({ statements: statements() });
    const before = doc.toJsonString();
    const json = doc.toJSON();
    json.Statement[0]?.Action?.push("s3:DeleteObject");
    (json.Statement[1] as { Effect: string }).Effect = "Allow";
    expect(doc.toJsonString()).toBe(before);
    expect(JSON.stringify(doc.toJSON())).toBe(before);
  });

  it("follow statements added later", () => {
    const doc = new PolicyDocument({ statements: statements().slice(0, 1) });
    const size = policySize(doc.toJsonString());
    doc.addStatements({ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::b/*"] });
    expect(doc.toJsonString()).toBe(JSON.stringify(doc.toJSON()));
    expect(policySize(doc.toJsonString())).toBeGreaterThan(size);
  });

  it("give the literal Terraform argument the JSON form gives, policy variables escaped", () => {
    const doc = new PolicyDocument({ statements: statements() });
    expect(policyToTerraform(doc)).toBe(JSON.stringify(doc.toJSON()).replace(/\$\{/g, () => "$${"));
    expect(policyToTerraform(doc)).toContain("$${aws:username}");
  });
});
