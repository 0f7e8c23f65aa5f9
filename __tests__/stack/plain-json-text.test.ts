/**
 * Policy documents without references are read for the credential-exposure analysis from their JSON text
 * (`parsePlainJsonText`, modules/internal/fast-resolve.ts) instead of being resolved value by value: the result must
 * be what the resolution gives, and every text holding something cdktf would resolve must go to the resolution.
 */
import { renderForAnalysis } from "../../modules/constructs/principal-facts";
import { App, Lazy, Token } from "../../modules/internal/cdktf";
import { parsePlainJsonText, resolveFast } from "../../modules/internal/fast-resolve";
import { Condition, PolicyDocument, Principal } from "../../modules/policy";
import { IamStack } from "../../modules/stack";
import { tempDir } from "../support/terraform";

const stack = () => new IamStack(new App({ outdir: tempDir("plain-json-") }), "s", { region: "cn-north-1" });

describe("plain JSON text", () => {
  it("parses to what the resolution of the parsed value gives", () => {
    const s = stack();
    const value = { Version: "2012-10-17", Statement: [{ Sid: "A", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/${aws:username}/*"], Condition: { NumericLessThan: { "s3:max-keys": ["10"] }, Bool: { "aws:SecureTransport": ["true"] } } }], Extra: [1, true, null, { a: [] }] };
    const text = JSON.stringify(value);
    expect(parsePlainJsonText(text)).toEqual(resolveFast(JSON.parse(text), { scope: s, preparing: false }));
  });

  it.each([
    ["a string token", () => `{"a":"${Token.asString(Lazy.stringValue({ produce: () => "x" }))}"}`],
    ["a list token", () => JSON.stringify({ a: Token.asList(Lazy.listValue({ produce: () => ["x"] })) })],
    ["an encoded number", () => JSON.stringify({ a: Token.asNumber(Lazy.numberValue({ produce: () => 1 })) })],
    ["an encoded number inside a string", () => JSON.stringify({ a: `n-${Token.asNumber(Lazy.numberValue({ produce: () => 1 }))}` })],
    ["a map token placeholder", () => JSON.stringify({ a: Token.STRING_MAP_TOKEN_VALUE })],
    ["a __proto__ key", () => '{"__proto__":{"x":1}}'],
  ])("leaves text holding %s to the resolution", (_name, text) => {
    expect(parsePlainJsonText(text())).toBeUndefined();
  });

  it("gives the analysis the same documents as the resolution, each call a new copy", () => {
    const s = stack();
    const doc = new PolicyDocument({
      statements: [
        { actions: ["sts:AssumeRole"], principals: [Principal.account("123456789012")], conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-a1b2c3d4e5")] },
        { actions: ["ssm:GetParameter"], resources: ["arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x/*"] },
      ],
    });
    const first = renderForAnalysis(s, doc) as { Statement: Array<{ Principal: { AWS: string[] } }> };
    expect(first).toEqual(resolveFast(doc.toJSON({ partition: "aws-cn" }), { scope: s, preparing: false }));
    expect(first.Statement[0]?.Principal.AWS).toEqual(["arn:aws-cn:iam::123456789012:root"]);
    first.Statement[0]?.Principal.AWS.push("changed");
    expect(renderForAnalysis(s, doc)).toEqual(resolveFast(doc.toJSON({ partition: "aws-cn" }), { scope: s, preparing: false }));
    const withRef = new PolicyDocument({ statements: [{ actions: ["ssm:GetParameter"], resources: [Token.asString(Lazy.stringValue({ produce: () => "${aws_ssm_parameter.p.arn}" }))] }] });
    expect(renderForAnalysis(s, withRef)).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:GetParameter"], Resource: ["${aws_ssm_parameter.p.arn}"] }] });
  });
});
