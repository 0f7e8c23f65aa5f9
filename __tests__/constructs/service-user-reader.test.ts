/**
 * Semantics of ServiceUser.credentialsReaderPolicy() under an IAM evaluator (@cloud-copilot/iam-simulate, a dev
 * dependency): the consumer can read its own two parameters (and decrypt them through SSM), and nothing else.
 */
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import type { EvaluationResult } from "@cloud-copilot/iam-simulate";
import { Testing } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";

// The unsafe engine loads the resource policy (the KMS key policy) without a name, then reads its name; give it one.
jest.mock("@cloud-copilot/iam-policy", () => {
  const actual = jest.requireActual("@cloud-copilot/iam-policy");
  return { ...actual, loadPolicy: (policy: unknown, meta?: object) => actual.loadPolicy(policy, meta ?? { name: "key-policy" }) };
});

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999abcd-12ab-34cd-56ef-1234567890ab`;
const CONSUMER = `arn:aws:iam::${ACCOUNT}:role/sekoia-provisioner`;
const param = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/integrations/${name}`;
const OWN_ID = param("sekoia/sekoia-iam-reader/access-key-id");
const OWN_SECRET = param("sekoia/sekoia-iam-reader/secret-access-key");
const SIBLING_SECRET = param("sekoia/sekoia-iam-writer/secret-access-key");

function readerPolicies(kmsKeyArn?: string): { reader: object; sibling: ServiceUser } {
  const app = Testing.app();
  const stack = new IamStack(app, "reader", { region: REGION, offline: true });
  const store = SsmStore.secure({ prefix: "/integrations/sekoia", ...(kmsKeyArn ? { kmsKeyArn } : { awsManagedKey: { reason: "test of the aws/ssm opt-in" } }) });
  const own = new ServiceUser(stack, "Reader", { name: "sekoia-iam-reader", accessKey: { storeIn: store } });
  const sibling = new ServiceUser(stack, "Writer", { name: "sekoia-iam-writer", accessKey: { storeIn: store } });
  return { reader: own.credentialsReaderPolicy({ accountId: ACCOUNT }).toJSON(), sibling };
}

/** The default key policy of a KMS key: it delegates to IAM policies of the account. */
const DEFAULT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
};

async function decide(policy: object, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<EvaluationResult> {
  const simulation = {
    request: { principal: CONSUMER, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
    identityPolicies: [{ name: "reader", policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(action.startsWith("kms:") ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
  };
  if (action.startsWith("kms:")) {
    // The validating engine drops `kms:EncryptionContext:<key>` from the request context (it only recognises
    // variable keys written with a `/`), which would make every Decrypt look denied; the unsafe engine evaluates
    // the context as given. The inputs here are fixed and well-formed.
    return runUnsafeSimulation(simulation, {});
  }
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  if (result.resultType === "single" && result.result.ignoredContextKeys?.length) {
    throw new Error(`the simulator ignored context keys ${result.result.ignoredContextKeys.join(", ")}`);
  }
  return result.overallResult;
}

describe("credentialsReaderPolicy under an IAM evaluator (customer KMS key)", () => {
  const { reader } = readerPolicies(KEY);
  const viaSsm = { "kms:ViaService": `ssm.${REGION}.amazonaws.com` };

  it.each([
    ["ssm:GetParameter", OWN_ID],
    ["ssm:GetParameter", OWN_SECRET],
    ["ssm:GetParameters", OWN_ID],
    ["ssm:GetParameters", OWN_SECRET],
  ])("allows %s on its own parameter %s", async (action, resource) => {
    expect(await decide(reader, action, resource)).toBe("Allowed");
  });

  it.each([
    ["ssm:GetParameter", SIBLING_SECRET],
    ["ssm:GetParameters", param("sekoia/sekoia-iam-writer/access-key-id")],
    ["ssm:GetParameter", param("other/sekoia-iam-reader/secret-access-key")],
    ["ssm:GetParametersByPath", param("sekoia")],
    ["ssm:GetParameterHistory", OWN_SECRET],
    ["ssm:PutParameter", OWN_SECRET],
    ["ssm:DeleteParameter", OWN_ID],
    ["ssm:LabelParameterVersion", OWN_SECRET],
    ["ssm:AddTagsToResource", OWN_SECRET],
  ])("denies %s on %s", async (action, resource) => {
    expect(await decide(reader, action, resource)).toBe("ImplicitlyDenied");
  });

  it("allows kms:Decrypt of its own parameter when SSM in the region calls KMS", async () => {
    expect(await decide(reader, "kms:Decrypt", KEY, { ...viaSsm, "kms:EncryptionContext:PARAMETER_ARN": OWN_SECRET })).toBe("Allowed");
  });

  it("denies kms:Decrypt called directly, through another region or service, for a sibling's parameter, or on another key", async () => {
    expect(await decide(reader, "kms:Decrypt", KEY, { "kms:EncryptionContext:PARAMETER_ARN": OWN_SECRET })).toBe("ImplicitlyDenied");
    expect(await decide(reader, "kms:Decrypt", KEY, { "kms:ViaService": "ssm.us-east-1.amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN": OWN_SECRET })).toBe("ImplicitlyDenied");
    expect(await decide(reader, "kms:Decrypt", KEY, { "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:EncryptionContext:PARAMETER_ARN": OWN_SECRET })).toBe("ImplicitlyDenied");
    expect(await decide(reader, "kms:Decrypt", KEY, { ...viaSsm, "kms:EncryptionContext:PARAMETER_ARN": SIBLING_SECRET })).toBe("ImplicitlyDenied");
    expect(await decide(reader, "kms:Decrypt", OTHER_KEY, { ...viaSsm, "kms:EncryptionContext:PARAMETER_ARN": OWN_SECRET })).toBe("ImplicitlyDenied");
  });

  it("denies every other KMS use of the key", async () => {
    for (const action of ["kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant"]) {
      expect(await decide(reader, action, KEY, { ...viaSsm, "kms:EncryptionContext:PARAMETER_ARN": OWN_SECRET })).toBe("ImplicitlyDenied");
    }
  });

  it("grants exactly two statements: two SSM read actions on two ARNs, kms:Decrypt on one key", () => {
    const statements = (reader as { Statement: Array<{ Action: string[]; Resource: string[] }> }).Statement;
    expect(statements.map((s) => s.Action)).toEqual([["ssm:GetParameter", "ssm:GetParameters"], ["kms:Decrypt"]]);
    expect(statements[0]?.Resource).toEqual([OWN_ID, OWN_SECRET]);
    expect(statements[1]?.Resource).toEqual([KEY]);
  });
});

describe("credentialsReaderPolicy with the aws/ssm key (opt-in with a reason)", () => {
  it("has no KMS statement (the aws/ssm key policy already lets SSM decrypt for the account) and still reads only its own parameters", async () => {
    const { reader } = readerPolicies(undefined);
    const statements = (reader as { Statement: Array<{ Action: string[] }> }).Statement;
    expect(statements).toHaveLength(1);
    expect(await decide(reader, "ssm:GetParameter", OWN_SECRET)).toBe("Allowed");
    expect(await decide(reader, "ssm:GetParameter", SIBLING_SECRET)).toBe("ImplicitlyDenied");
    expect(await decide(reader, "kms:Decrypt", KEY, { "kms:ViaService": `ssm.${REGION}.amazonaws.com` })).toBe("ImplicitlyDenied");
  });

  it("the sibling's own reader policy reads the sibling's parameters, not ours", async () => {
    const { sibling } = readerPolicies(undefined);
    const policy = sibling.credentialsReaderPolicy({ accountId: ACCOUNT }).toJSON();
    expect(await decide(policy, "ssm:GetParameter", SIBLING_SECRET)).toBe("Allowed");
    expect(await decide(policy, "ssm:GetParameter", OWN_SECRET)).toBe("ImplicitlyDenied");
  });
});
