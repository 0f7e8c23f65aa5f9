/**
 * The stack's credentials key and the account-wide exposure check (issue 10, finding 1): for every stored access
 * key, no principal of the app other than its declared readers can both read the SSM parameter and decrypt it.
 * Decisions come from the effective-permission model (modules/analysis), AWS managed policies by their documents.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CONFIG_PATH, buildDefaultApp } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { buildPrincipal, credentialReaders } from "../../modules/analysis";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { CredentialsKey } from "../../modules/constructs/credentials-key";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import type { SsmSecureStoreProps } from "../../modules/constructs/ssm-store";
import type { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { synthToDir, tempDir } from "../support/terraform";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Setup {
  readonly store?: Partial<SsmSecureStoreProps>;
  readonly roleHas?: string[]; // AWS managed policies of an EC2 role of the same stack
  readonly reader?: "inline" | "managed" | "none";
  readonly optOut?: unknown;
}

function build(s: Setup) {
  return (app: App): void => {
    const stack = new IamStack(app, "creds", { region: "eu-west-1", offline: true });
    const user = new ServiceUser(stack, "Sekoia", {
      name: "sekoia-iam-reader",
      accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/sekoia", ...s.store }), ...(s.optOut !== undefined ? { exposureOptOut: s.optOut as { reason: string } } : {}) },
    });
    new Ec2InstanceRole(stack, "ControlPlane", { name: "plakar-control-plane", managedPolicies: (s.roleHas ?? ["AmazonSSMManagedInstanceCore"]).map((n) => AwsManagedPolicy.fromName(n)) });
    if (s.reader === "inline") new Ec2InstanceRole(stack, "Fetcher", { name: "key-fetcher", inlinePolicies: { read: user.credentialsReaderPolicy() } });
    if (s.reader === "managed") {
      const policy = new ManagedPolicy(stack, "Reader", { name: "sekoia-keys-reader", document: user.credentialsReaderPolicy() });
      new Ec2InstanceRole(stack, "Fetcher", { name: "key-fetcher", managedPolicies: [policy, AwsManagedPolicy.fromName("AmazonSSMManagedInstanceCore")] });
    }
  };
}

const synthError = (s: Setup): string => {
  try {
    synthToDir(build(s));
  } catch (e) {
    return (e as Error).message;
  }
  return "";
};

describe("the stack's credentials key", () => {
  it("encrypts stored credentials by default: one rotated customer managed key per stack, with an alias", () => {
    const json = synthToDir((app) => {
      build({})(app);
    }).json("creds");
    const keys = Object.entries(json.resource.aws_kms_key ?? {}) as [string, Json][];
    expect(keys).toHaveLength(1);
    const [keyId, key] = keys[0]!;
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(key.policy).toBeUndefined(); // KMS's default key policy: the account, so IAM policies decide; no lock-out
    expect(Object.values(json.resource.aws_kms_alias)).toEqual([expect.objectContaining({ name: "alias/iam-cdktf/creds/credentials", target_key_id: `\${aws_kms_key.${keyId}.key_id}` })]);
    for (const p of Object.values(json.resource.aws_ssm_parameter) as Json[]) expect(p.key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
  });

  it("grants readers kms:Decrypt on that key only through SSM and only for those parameters", () => {
    const json = synthToDir(build({ reader: "inline" })).json("creds");
    const keyId = Object.keys(json.resource.aws_kms_key)[0];
    const policy = String((Object.values(json.resource.aws_iam_role_policy) as Json[])[0]!.policy);
    expect(policy).toContain(`aws_kms_key.${keyId}.arn`);
    expect(policy).toContain("kms:ViaService");
    expect(policy).toContain("kms:EncryptionContext:PARAMETER_ARN");
  });

  it.each([
    [{ awsManagedKey: { reason: "" } }, /awsManagedKey\.reason.*needs a reason/],
    [{ awsManagedKey: {} }, /awsManagedKey\.reason/],
    [{ awsManagedKey: { reason: "legacy" }, kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, /choose two different keys/],
  ])("refuses a bad aws/ssm opt-in (%j)", (store, message) => {
    expect(synthError({ store: store as Partial<SsmSecureStoreProps> })).toMatch(message);
  });

  it("takes the AWS managed key only with a reason, kept for the review", () => {
    const json = synthToDir(build({ store: { awsManagedKey: { reason: "the SaaS reads it with an old SDK" } }, roleHas: [] })).json("creds");
    expect(json.resource.aws_kms_key).toBeUndefined();
    const secret = (Object.values(json.resource.aws_ssm_parameter) as Json[]).find((p) => String(p.name).endsWith("/secret-access-key"))!;
    expect(secret.key_id).toBeUndefined();
    expect(secret["//"]["iam-cdktf"]).toEqual({ awsManagedKeyReason: "the SaaS reads it with an old SDK" });
  });

  it("is one per stack", () => {
    expect(() =>
      synthToDir((app) => {
        const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
        new CredentialsKey(stack, "Mine", { alias: "alias/platform/credentials" });
        new CredentialsKey(stack, "Second");
      }),
    ).toThrow(/one credentials key/);
  });
});

describe("the credential-exposure check", () => {
  it("reproduces finding 1 with the aws/ssm key: the EC2 role with AmazonSSMManagedInstanceCore is named, with the grant and the fix", () => {
    const message = synthError({ store: { awsManagedKey: { reason: "legacy consumer" } } });
    expect(message).toContain("creds/ControlPlane: stored credential /integrations/sekoia/sekoia-iam-reader/secret-access-key");
    expect(message).toContain("role plakar-control-plane can read and decrypt");
    expect(message).toContain("ssm:GetParameter");
    expect(message).toContain("AWS managed policy AmazonSSMManagedInstanceCore");
    expect(message).toContain("aws/ssm");
    expect(message).toMatch(/Fix: Scope the grant .* credentials key .* declare it a reader/);
  });

  it.each([
    ["the credentials key and AmazonSSMManagedInstanceCore", { roleHas: ["AmazonSSMManagedInstanceCore"] }],
    ["a declared reader (inline reader policy)", { reader: "inline" as const }],
    ["a declared reader (reader policy in a managed policy, with SSM core)", { reader: "managed" as const }],
    ["an opt-out with a reason", { store: { awsManagedKey: { reason: "legacy" } }, optOut: { reason: "the control plane is the consumer; tracked in OPS-12" } }],
  ])("passes with %s", (_name, setup) => {
    expect(synthError(setup as Setup)).toBe("");
  });

  it("fails when a principal can also decrypt the credentials key (AdministratorAccess judged by its document)", () => {
    const message = synthError({ roleHas: ["AmazonSSMManagedInstanceCore", "AdministratorAccess"] });
    expect(message).toContain("role plakar-control-plane can read and decrypt");
    expect(message).toContain("kms:Decrypt allowed by AWS managed policy AdministratorAccess");
  });

  it("refuses an opt-out without a reason", () => {
    expect(synthError({ optOut: { reason: " " } })).toMatch(/accessKey\.exposureOptOut\.reason.*needs a reason/);
  });

  it("the default app: no principal but the declared readers can read and decrypt the connector's key (IAM evaluator)", () => {
    const out = synthToDir((app) => void buildDefaultApp(app, readAppSettings(app, {}), { configPath: DEFAULT_CONFIG_PATH, env: {} }));
    const res = out.json("iam").resource;
    const role = buildPrincipal({
      kind: "role",
      name: "plakar-control-plane",
      accountId: "111122223333",
      policies: (Object.values(res.aws_iam_role_policy_attachment) as Json[]).map((a) => ({ kind: "aws-managed" as const, arn: String(a.policy_arn) })).filter((p) => p.arn.includes(":aws:policy/")),
    });
    const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/credentials";
    const [access] = credentialReaders([role], { parameterArn: "arn:aws:ssm:eu-west-1:111122223333:parameter/integrations/sekoia/sekoia-iam-reader/secret-access-key", kmsKey: keyArn });
    expect(access!.read.decision.decision).toBe("allowed"); // AmazonSSMManagedInstanceCore still reads any parameter...
    expect(access!.access).toBe("no"); // ...but cannot decrypt the credentials key
    const secret = (Object.values(res.aws_ssm_parameter) as Json[]).find((p) => String(p.name).endsWith("/secret-access-key"))!;
    expect(secret.key_id).toMatch(/^\$\{aws_kms_key\.CredentialsKey_\w+\.arn\}$/);
  });

  it("the default config file with the aws/ssm opt-in fails the check (config route)", () => {
    const text = fs.readFileSync(DEFAULT_CONFIG_PATH, "utf8").replace("        prefix: /integrations/sekoia\n", "        prefix: /integrations/sekoia\n        awsManagedKey: { reason: legacy consumer }\n");
    expect(text).toContain("awsManagedKey");
    const file = path.join(tempDir("cfg-"), "iam.yaml");
    fs.writeFileSync(file, text);
    expect(() => synthToDir((app) => void buildDefaultApp(app, readAppSettings(app, {}), { configPath: file, env: {} }))).toThrow(/role plakar-control-plane can read and decrypt \/integrations\/sekoia\/sekoia-iam-reader\/secret-access-key/);
  });
});
