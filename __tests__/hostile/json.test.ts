/**
 * Kind 5 of issue 11: JSON text with duplicate keys. JSON readers keep the last of two equal keys, so
 * `{"Effect":"Deny","Effect":"Allow"}` would silently become Allow; every JSON text a user hands us is refused
 * when a key repeats: PolicyDocument.fromJson, and config files (YAML mappings and JSON files).
 */
import { PolicyDocument } from "../../modules/policy";
import { expectAccepted, expectRefused, viaCode, viaConfig } from "./support";

const S = (body: string) => `{"Version":"2012-10-17","Statement":[{${body}}]}`;
const DUPLICATES: [string, string, string][] = [
  ["Effect twice", S('"Effect":"Deny","Effect":"Allow","Action":"s3:GetObject","Resource":"*"'), "Effect"],
  ["Resource twice", S('"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*","Resource":"*"'), "Resource"],
  ["Action twice", S('"Effect":"Allow","Action":"s3:GetObject","Action":"s3:*","Resource":"*"'), "Action"],
  ["NotAction twice", S('"Effect":"Deny","NotAction":"iam:*","NotAction":"s3:*","Resource":"*"'), "NotAction"],
  ["Sid twice", S('"Sid":"A","Sid":"B","Effect":"Allow","Action":"s3:GetObject","Resource":"*"'), "Sid"],
  ["Version twice", '{"Version":"2008-10-17","Version":"2012-10-17","Statement":[]}', "Version"],
  ["Statement twice", '{"Version":"2012-10-17","Statement":[],"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', "Statement"],
  ["Principal type twice", S('"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::123456789012:root","AWS":"*"}'), "AWS"],
  ["condition operator twice", S('"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"StringEquals":{"aws:SourceVpc":"vpc-1"}}'), "StringEquals"],
  ["condition key twice", S('"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","aws:PrincipalOrgID":"o-zzzzzzzzzz"}}'), "aws:PrincipalOrgID"],
  ["pretty-printed, Effect twice", '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Deny",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}', "Effect"],
  ["escaped key spelling", S('"Effect":"Deny","\\u0045ffect":"Allow","Action":"s3:GetObject","Resource":"*"'), "Effect"],
];

describe("duplicate keys in JSON text are refused", () => {
  it.each(DUPLICATES)("code: PolicyDocument.fromJson, %s", (_name, text, key) => {
    expectRefused(viaCode(() => PolicyDocument.fromJson(text)), { where: "PolicyDocument.fromJson", what: key, rule: /appears twice/, fix: /Keep one of each key/ }, "code");
  });

  it.each(DUPLICATES)("code: fromJson with a path names it, %s", (_name, text, key) => {
    expectRefused(viaCode(() => PolicyDocument.fromJson(text, { path: "app/s/pasted" })), { where: "app/s/pasted", what: key, rule: /silently lost/ }, "code");
  });

  it.each(DUPLICATES)("config: a JSON config file whose policy has %s", (_name, text, key) => {
    const file = `{"policies":[{"name":"p","json":${text}}]}`;
    expectRefused(viaConfig(file), { where: /hostile\.yaml:\d+:\d+/, what: "", rule: /[Dd]uplicate|unique|twice/, fix: /duplicate key|Fix the YAML\/JSON syntax/ }, "config");
    void key;
  });

  it.each(["Effect", "Resource", "Action"])("config: a YAML mapping with %s twice", (key) => {
    const text = `policies:\n  - name: p\n    json:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: "*"\n          ${key}: ${key === "Effect" ? "Deny" : '"*"'}\n`;
    expectRefused(viaConfig(text), { where: /hostile\.yaml:9:\d+/, rule: /[Dd]uplicate|unique|twice/ }, "config");
  });
});

describe("JSON without duplicates is accepted (must pass)", () => {
  it.each([
    ["compact", S('"Effect":"Allow","Action":"s3:GetObject","Resource":"*"')],
    ["whitespace-padded", `  \n\t${S('"Effect" : "Allow" , "Action" : [ "s3:GetObject" ] , "Resource" : "*"')}  \n`],
    ["same key in two statements", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}'],
    ["a value that looks like a key", S('"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::Effect/*"')],
    ["policy variable", S('"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}/*"')],
  ])("code: %s", (_name, text) => {
    expectAccepted(viaCode(() => PolicyDocument.fromJson(text)));
  });
});
