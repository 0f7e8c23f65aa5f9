/** credentialReaders(): who can read and decrypt a stored credential. */
import { buildPrincipal, credentialReaders, mayReadCredentials, parameterPathArns } from "../../modules/analysis";
import type { PrincipalInput } from "../../modules/analysis";
import { ACCOUNT, inline } from "./support";

const PARAM = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/integrations/sekoia/secret-access-key`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const role = (name: string, ...statements: Record<string, unknown>[]): PrincipalInput => ({ kind: "role", name, accountId: ACCOUNT, policies: statements.length ? [inline("p", ...statements)] : [] });
const read = (resource = PARAM, action = "ssm:GetParameter") => ({ Effect: "Allow", Action: action, Resource: resource });
const decrypt = (resource = KEY) => ({ Effect: "Allow", Action: "kms:Decrypt", Resource: resource });

test("parameter path ARNs, nearest first", () => {
  expect(parameterPathArns(PARAM)).toEqual([
    `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/integrations/sekoia`,
    `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/integrations`,
    `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/`,
  ]);
});

type Case = [title: string, principal: PrincipalInput, key: string | undefined, expected: "yes" | "conditional" | "no"];
const cases: Case[] = [
  ["reader with decrypt", role("reader", read(), decrypt()), KEY, "yes"],
  ["read without decrypt (customer key)", role("r", read()), KEY, "no"],
  ["read without decrypt (AWS managed key)", role("r", read()), undefined, "yes"],
  ["read via GetParameters", role("r", read(PARAM, "ssm:GetParameters"), decrypt()), KEY, "yes"],
  ["read via GetParameterHistory", role("r", read(PARAM, "ssm:GetParameterHistory"), decrypt()), KEY, "yes"],
  ["read via GetParametersByPath on the parent", role("r", read(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/integrations/sekoia`, "ssm:GetParametersByPath"), decrypt()), KEY, "yes"],
  ["GetParametersByPath higher up, Recursive denied", role("r", read(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/integrations`, "ssm:GetParametersByPath"), { Effect: "Deny", Action: "ssm:GetParametersByPath", Resource: "*", Condition: { StringEquals: { "ssm:Recursive": "true" } } }, decrypt()), KEY, "no"],
  ["ssm:* on * and kms:* on *", role("admin", { Effect: "Allow", Action: ["ssm:*", "kms:*"], Resource: "*" }), KEY, "yes"],
  ["AdministratorAccess", { kind: "role", name: "admin", policies: [{ kind: "aws-managed", name: "AdministratorAccess" }] }, KEY, "yes"],
  ["AmazonSSMManagedInstanceCore reads every parameter (AWS managed key)", { kind: "role", name: "ec2", policies: [{ kind: "aws-managed", name: "AmazonSSMManagedInstanceCore" }] }, undefined, "yes"],
  ["AmazonSSMManagedInstanceCore cannot decrypt a customer key", { kind: "role", name: "ec2", policies: [{ kind: "aws-managed", name: "AmazonSSMManagedInstanceCore" }] }, KEY, "no"],
  ["other parameter only", role("r", read(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/other/*`), decrypt()), KEY, "no"],
  ["decrypt only via another service", role("r", read(), { ...decrypt(), Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } }), KEY, "no"],
  ["decrypt via SSM", role("r", read(), { ...decrypt(), Condition: { StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } } }), KEY, "yes"],
  ["read under an undecidable condition", role("r", { ...read(), Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }, decrypt()), KEY, "conditional"],
  ["unreadable policy", { kind: "role", name: "r", policies: [{ kind: "managed", name: "computed", unreadable: "computed at apply time" }] }, KEY, "conditional"],
  ["nothing", role("r"), KEY, "no"],
];

test.each(cases)("%s", (_t, input, key, expected) => {
  const [access] = credentialReaders([buildPrincipal(input)], { parameterArn: PARAM, ...(key ? { kmsKey: key } : {}) });
  expect(access.access).toBe(expected);
});

describe("key policy", () => {
  const keyPolicy = (principalArn: string | undefined) => ({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }, Action: ["kms:Create*", "kms:Describe*", "kms:Put*"], Resource: "*" },
      ...(principalArn ? [{ Effect: "Allow", Principal: { AWS: principalArn }, Action: "kms:Decrypt", Resource: "*" }] : []),
    ],
  });
  test("without the root statement, only principals the key policy names can decrypt", () => {
    const [named, other] = credentialReaders([buildPrincipal(role("reader", read())), buildPrincipal(role("other", read(), decrypt()))], {
      parameterArn: PARAM,
      kmsKey: KEY,
      keyPolicy: keyPolicy(`arn:aws:iam::${ACCOUNT}:role/reader`),
    });
    expect([named.access, other.access]).toEqual(["yes", "no"]);
  });
  test("with the root statement, IAM policies decide", () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] });
    const [a, b] = credentialReaders([buildPrincipal(role("a", read(), decrypt())), buildPrincipal(role("b", read()))], { parameterArn: PARAM, kmsKey: KEY, keyPolicy: policy });
    expect([a.access, b.access]).toEqual(["yes", "no"]);
  });
});

describe("mayReadCredentials: the action-only upper bound callers use to skip principals", () => {
  it.each(cases)("never says no where credentialReaders says yes or conditional: %s", (_title, input, key, expected) => {
    const p = buildPrincipal(input);
    const bound = mayReadCredentials(p, key !== undefined);
    if (expected !== "no") expect(bound).toBe(true);
  });

  it.each([
    ["no SSM action at all", role("r", { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" }, decrypt()), false, false],
    ["read but no kms:Decrypt", role("r", read("*")), true, false],
    ["read and decrypt", role("r", read("*"), decrypt("*")), true, true],
    ["Allow with NotAction", role("r", { Effect: "Allow", NotAction: "iam:*", Resource: "*" }), true, true],
    ["a policy whose document is unknown", { kind: "role", name: "r", policies: [{ kind: "aws-managed", name: "NoSuchPolicyInTheData" }] } as PrincipalInput, true, true],
    ["only a Deny of reads", role("r", { Effect: "Deny", Action: "ssm:*", Resource: "*" }), false, false],
  ] as [string, PrincipalInput, boolean, boolean][])("%s", (_title, input, mayRead, mayReadAndDecrypt) => {
    const p = buildPrincipal(input);
    expect([mayReadCredentials(p, false), mayReadCredentials(p, true)]).toEqual([mayRead, mayReadAndDecrypt]);
  });
});
