/**
 * ServiceUser: resources and properties of each mode, secret handling, rotation between generations, and
 * validation messages. Synthesis only; real Terraform runs are in service-user-terraform.test.ts.
 */
import { Testing } from "../../modules/internal/cdktf";
import { IamStack, TERRAFORM_CONSTRAINT } from "../../modules/stack";
import { ValidationError } from "../../modules/core/errors";
import { PolicyDocument } from "../../modules/policy";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { AccountPasswordPolicy } from "../../modules/constructs/account-password-policy";
import { MFA_POLICY_NAME, ServiceUser } from "../../modules/constructs/service-user";
import type { ServiceUserProps } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
// A syntactically valid base64 blob standing in for `gpg --export | base64` (never used to encrypt anything here).
const PGP = Buffer.from("not a real key, only the shape of one: ".repeat(4)).toString("base64");

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(props: ServiceUserProps, region = "eu-west-1"): { json: Json; text: string; user: ServiceUser } {
  const app = Testing.app();
  const stack = new IamStack(app, "s", { region, offline: true });
  const user = new ServiceUser(stack, "Sekoia", props);
  const text = Testing.synth(stack);
  return { json: JSON.parse(text) as Json, text, user };
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

/** `type.name` of a resource, as Terraform references it. */
const ref = (r: { terraformResourceType: string; friendlyUniqueId: string } | undefined): string => `${r?.terraformResourceType}.${r?.friendlyUniqueId}`;

const resources = (json: Json, type: string): Record<string, Json> => (json.resource?.[type] ?? {}) as Record<string, Json>;
const one = (json: Json, type: string): Json => {
  const all = Object.values(resources(json, type));
  expect(all).toHaveLength(1);
  return all[0] as Json;
};
const byName = (json: Json, fragment: string): [string, Json] => {
  const hit = Object.entries(resources(json, "aws_ssm_parameter")).find(([, r]) => String(r.name).endsWith(fragment));
  if (!hit) throw new Error(`no parameter ending in ${fragment}`);
  return hit;
};

/** Every string in the JSON with its path. */
function strings(value: unknown, path: string[] = [], out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === "string") out.push([path.join("."), value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, String(i)], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
  return out;
}

/** Paths of every string that references a secret attribute (access key secret, SMTP password, console password). */
function secretReferences(json: Json): string[] {
  return strings(json)
    .filter(([, s]) => /aws_iam_access_key\.[A-Za-z0-9_-]+(?:\[0\])?\.(secret|ses_smtp_password_v4)\b/.test(s) || /aws_iam_user_login_profile\.[A-Za-z0-9_-]+\.password\b/.test(s))
    .map(([p]) => p);
}

/** Paths whose values differ between two JSON documents (added and removed keys included). */
function diff(a: unknown, b: unknown, path: string[] = [], out: string[] = []): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) diff((a as Json)[k], (b as Json)[k], [...path, k], out);
    return out;
  }
  out.push(path.join("."));
  return out;
}

describe("ServiceUser: the user", () => {
  it("creates only the user when nothing else is asked for (access keys are off by default)", () => {
    const { json } = synth({ name: "sekoia-iam-reader" });
    expect(Object.keys(json.resource)).toEqual(["aws_iam_user"]);
    // force_destroy by default: removing the user deletes what hangs on it (keys, login profile, MFA devices).
    expect(one(json, "aws_iam_user")).toEqual({ name: "sekoia-iam-reader", force_destroy: true });
    expect(json.output).toBeUndefined();
  });

  it("writes name, path, permissions boundary, force destroy and tags", () => {
    const { json } = synth({
      name: "sekoia-iam-reader",
      path: "/integrations/",
      permissionsBoundary: AwsManagedPolicy.fromName("ReadOnlyAccess"),
      forceDestroy: true,
      tags: { team: "secops", app: "sekoia" },
    });
    expect(one(json, "aws_iam_user")).toEqual({
      name: "sekoia-iam-reader",
      path: "/integrations/",
      permissions_boundary: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      force_destroy: true,
      tags: { app: "sekoia", team: "secops" },
    });
  });

  it("attaches managed and inline policies to the user, keyed by stable names", () => {
    const { json } = synth({
      name: "sekoia-iam-reader",
      managedPolicies: [AwsManagedPolicy.fromName("IAMReadOnlyAccess")],
      inlinePolicies: { "read-logs": new PolicyDocument({ statements: [{ actions: ["logs:GetLogEvents"], resources: ["arn:aws:logs:eu-west-1:123456789012:log-group:app:*"] }] }) },
    });
    const attachment = one(json, "aws_iam_user_policy_attachment");
    expect(attachment.policy_arn).toBe("arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    expect(attachment.user).toMatch(/^\$\{aws_iam_user\.Sekoia_User_[0-9A-F]+\.name\}$/);
    expect(Object.keys(resources(json, "aws_iam_user_policy_attachment"))[0]).toContain("IAMReadOnlyAccess");
    expect(one(json, "aws_iam_user_policy").name).toBe("read-logs");
    expect(resources(json, "aws_iam_group")).toEqual({});
  });

  it("attaches policies to a group it creates and joins it, together with groups it receives", () => {
    const { json, user } = synth({
      name: "sekoia-iam-reader",
      policiesVia: "group",
      groups: ["auditors"],
      managedPolicies: [AwsManagedPolicy.fromName("IAMReadOnlyAccess")],
      inlinePolicies: { "read-logs": new PolicyDocument({ statements: [{ actions: ["logs:GetLogEvents"], resources: ["*"] }] }) },
    });
    expect(one(json, "aws_iam_group")).toEqual({ name: "sekoia-iam-reader-policies", path: "/" });
    const groupRef = `\${${ref(user.group)}.name}`;
    expect(one(json, "aws_iam_group_policy_attachment").group).toBe(groupRef);
    expect(one(json, "aws_iam_group_policy").group).toBe(groupRef);
    expect(one(json, "aws_iam_user_group_membership").groups).toEqual([groupRef, "auditors"]);
    expect(resources(json, "aws_iam_user_policy_attachment")).toEqual({});
    expect(resources(json, "aws_iam_user_policy")).toEqual({});
  });

  it("keeps the user's inline policies under 2,048 characters, and a group's under 5,120", () => {
    const big = new PolicyDocument({
      statements: Array.from({ length: 25 }, (_, i) => ({ sid: `Read${i}`, actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bucket-number-${i}-with-a-long-name/*`] })),
    });
    const e = errorOf(() => synth({ name: "u", inlinePolicies: { big } }));
    expect(e.problems.map((p) => p.rule).join("\n")).toMatch(/at most 2048 characters/);
    expect(e.problems[0]?.fix).toMatch(/ManagedPolicy/);
    expect(() => synth({ name: "u", policiesVia: "group", inlinePolicies: { big } })).not.toThrow();
  });

  it("checks policies added after construction at synth", () => {
    const app = Testing.app();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    const user = new ServiceUser(stack, "U", { name: "u" });
    const statements = Array.from({ length: 25 }, (_, i) => ({ sid: `Read${i}`, actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bucket-number-${i}-with-a-long-name/*`] }));
    user.addInlinePolicy("big", new PolicyDocument({ statements }));
    expect(() => app.synth()).toThrow(/inline policies of a user may total at most 2048 characters/);
  });

  it("accepts a customer managed policy of the stack", () => {
    const app = Testing.app();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    const policy = new ManagedPolicy(stack, "Read", { name: "read", document: new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] }) });
    new ServiceUser(stack, "U", { name: "u", managedPolicies: [policy] });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(one(json, "aws_iam_user_policy_attachment").policy_arn).toBe(`\${${ref(policy.resource)}.arn}`);
  });
});

describe("ServiceUser: access keys in SSM", () => {
  const props = (generation = 0, extra: Partial<ServiceUserProps["accessKey"]> = {}, store = {}): ServiceUserProps => ({
    name: "sekoia-iam-reader",
    accessKey: {
      storeIn: SsmStore.secure({ prefix: "/integrations/sekoia", kmsKeyArn: KEY, tier: "Standard", tags: { data: "secret" }, ...store }),
      rotation: Rotation.generation(generation),
      ...extra,
    },
  });

  it("writes the key id and the secret to two SecureString parameters, the secret write-only", () => {
    const { json, user } = synth(props(0));
    const keys = resources(json, "aws_iam_access_key");
    expect(Object.keys(keys)).toHaveLength(1); // generation 0: one key
    const slotA = ref(user.accessKey?.slotA);
    const [, id] = byName(json, "/access-key-id");
    const [, secret] = byName(json, "/secret-access-key");
    expect(id).toEqual({
      name: "/integrations/sekoia/sekoia-iam-reader/access-key-id",
      type: "SecureString",
      key_id: KEY,
      tier: "Standard",
      tags: { data: "secret" },
      description: "Access key id of IAM user sekoia-iam-reader (written by Terraform)",
      value: `\${${slotA}.id}`,
    });
    expect(secret).toEqual({
      name: "/integrations/sekoia/sekoia-iam-reader/secret-access-key",
      type: "SecureString",
      key_id: KEY,
      tier: "Standard",
      tags: { data: "secret" },
      description: "Secret access key of IAM user sekoia-iam-reader (written by Terraform)",
      value_wo: `\${${slotA}.secret}`,
      // The fingerprint of what PutParameter sends, the id of the key whose secret it holds included: computed by
      // Terraform, so that a replaced key (renamed user, -replace) always writes its secret again.
      value_wo_version: `\${parseint(substr(sha256(jsonencode([0, "${KEY}", "Secret access key of IAM user sekoia-iam-reader (written by Terraform)", "Standard", ${slotA}.id])), 0, 12), 16)}`,
    });
    expect(json.terraform.required_version).toBe(">= 1.11");
    expect(json.output).toBeUndefined();
  });

  it("with writeOnly off, writes the secret with `value` (kept in state) and no value_wo", () => {
    const { json } = synth(props(0, {}, { writeOnly: false }));
    const [, secret] = byName(json, "/secret-access-key");
    expect(secret.value).toMatch(/\.secret\}$/);
    expect(secret.value_wo).toBeUndefined();
    expect(secret.value_wo_version).toBeUndefined();
    expect(json.terraform.required_version).toBe(TERRAFORM_CONSTRAINT); // the stack's own constraint, not raised by the user
  });

  it("uses the stack's credentials key when no KMS key is given, and aws/ssm only with a reason", () => {
    const { json } = synth({ name: "u", accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/x" }) } });
    const keyId = Object.keys(json.resource.aws_kms_key ?? {});
    expect(keyId).toEqual([expect.stringMatching(/^CredentialsKey_/)]);
    for (const [, p] of [byName(json, "/access-key-id"), byName(json, "/secret-access-key")]) expect(p.key_id).toBe(`\${aws_kms_key.${keyId[0]}.arn}`);
    const optIn = synth({ name: "u", accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/x", awsManagedKey: { reason: "legacy consumer" } }) } });
    expect(byName(optIn.json, "/access-key-id")[1].key_id).toBeUndefined();
    expect(optIn.json.resource.aws_kms_key).toBeUndefined();
  });

  it.each([0, 1, 2, 5])("references the secret attribute only in the secret parameter's value (generation %i)", (g) => {
    const { json, text } = synth(props(g));
    const [key] = byName(json, "/secret-access-key");
    expect(secretReferences(json)).toEqual([`resource.aws_ssm_parameter.${key}.value_wo`]);
    expect(text).not.toMatch(/"output"/);
  });

  it("rotation: generation g -> g+1 changes exactly one key slot and the parameters pointing at the newest key", () => {
    for (const g of [1, 2, 3, 10]) {
      const before = synth(props(g));
      const after = synth(props(g + 1));
      const fqn = (u: ServiceUser, slot: "A" | "B") => ref(slot === "A" ? u.accessKey?.slotA : u.accessKey?.slotB);
      const rotated = (g + 1) % 2 === 0 ? "A" : "B";
      const trigger = Object.keys(resources(before.json, "terraform_data")).find((k) => k.includes(`Rotation${rotated}`));
      const [idParam] = byName(before.json, "/access-key-id");
      const [secretParam] = byName(before.json, "/secret-access-key");
      expect(diff(before.json, after.json)).toEqual([
        `resource.aws_ssm_parameter.${idParam}.value`,
        `resource.aws_ssm_parameter.${secretParam}.value_wo`,
        `resource.aws_ssm_parameter.${secretParam}.value_wo_version`,
        `resource.terraform_data.${trigger}.triggers_replace.rotation`,
      ]);
      expect(resources(after.json, "terraform_data")[trigger as string]?.triggers_replace).toEqual({ rotation: g + 1 });
      expect(byName(after.json, "/access-key-id")[1].value).toBe(`\${${fqn(after.user, rotated)}.id}`);
      expect(byName(after.json, "/secret-access-key")[1].value_wo).toBe(`\${${fqn(after.user, rotated)}.secret}`);
      expect(byName(after.json, "/secret-access-key")[1].value_wo_version).not.toBe(byName(before.json, "/secret-access-key")[1].value_wo_version);
      // Two keys, each replaced only through its own trigger; never create_before_destroy (a third key).
      for (const [name, key] of Object.entries(resources(after.json, "aws_iam_access_key"))) {
        const slot = name.includes("KeyA") ? "A" : "B";
        expect(key.lifecycle).toEqual({ replace_triggered_by: [expect.stringMatching(new RegExp(`^terraform_data\\.Sekoia_AccessKey_Rotation${slot}_[0-9A-F]+$`))] });
        expect(key.status).toBe("Active");
      }
    }
  });

  it("rotation: generation 0 -> 1 adds slot B and moves the parameters to it; slot A is untouched", () => {
    const before = synth(props(0));
    const after = synth(props(1));
    const changed = diff(before.json, after.json);
    expect(changed.filter((p) => p.startsWith("resource.aws_iam_access_key"))).toEqual([expect.stringMatching(/KeyB/)]);
    expect(changed.filter((p) => p.startsWith("resource.terraform_data"))).toEqual([expect.stringMatching(/RotationB/)]);
    expect(Object.keys(resources(after.json, "aws_iam_access_key"))).toHaveLength(2);
  });

  it("deactivatePrevious sets the previous slot Inactive and the newest Active", () => {
    const { json, user } = synth(props(3, { deactivatePrevious: true }));
    const keys = resources(json, "aws_iam_access_key");
    const a = keys[user.accessKey?.slotA.friendlyUniqueId as string];
    const b = keys[user.accessKey?.slotB?.friendlyUniqueId as string];
    expect([a?.status, b?.status]).toEqual(["Inactive", "Active"]);
  });

  it("calendar rotation derives the period from plantimestamp() and picks the newest slot in Terraform", () => {
    const { json } = synth(props(2, { rotation: Rotation.generation(2, { every: "quarter" }), deactivatePrevious: true }));
    const data = Object.values(resources(json, "terraform_data"));
    const triggers = data.filter((t) => t.triggers_replace).map((t) => String(t.triggers_replace.rotation));
    expect(triggers).toHaveLength(2);
    // The rotation number of the first apply, kept in state: one key until the first rotation.
    const origin = data.filter((t) => t.input);
    expect(origin).toHaveLength(1);
    expect(origin[0].lifecycle).toEqual({ ignore_changes: ["input"] });
    const counts = Object.values(resources(json, "aws_iam_access_key")).map((k) => String(k.count));
    expect(counts).toEqual([expect.stringMatching(/% 2\) != 1\) \|\| .* > terraform_data\.\S+RotationOrigin\S+\.input\.rotation\)\) \? 1 : 0\}$/), expect.stringMatching(/% 2\) == 1\) \|\| .* > terraform_data\.\S+RotationOrigin\S+\.input\.rotation\)\) \? 1 : 0\}$/)]);
    for (const t of triggers) expect(t).toContain('formatdate("M", plantimestamp())');
    const [, id] = byName(json, "/access-key-id");
    expect(id.value).toMatch(/^\$\{\(.*% 2\) == 1\) \? try\(aws_iam_access_key\.\S+KeyB\S+\[0\]\.id, ""\) : try\(aws_iam_access_key\.\S+KeyA\S+\[0\]\.id, ""\)\}$/);
    const [, secret] = byName(json, "/secret-access-key");
    expect(String(secret.value_wo_version)).toMatch(/^\$\{parseint\(substr\(sha256\(jsonencode\(\[\(2 \+ .*plantimestamp/);
    expect(Object.values(resources(json, "aws_iam_access_key")).map((k) => k.status)).toEqual([
      expect.stringMatching(/\? "Inactive" : "Active"\}$/),
      expect.stringMatching(/\? "Active" : "Inactive"\}$/),
    ]);
    expect(secretReferences(json)).toHaveLength(1);
  });

  it("credentialsReaderPolicy references the parameters' ARNs by default and names them literally with an account id", () => {
    const app = Testing.app();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    const user = new ServiceUser(stack, "Sekoia", props(1));
    new ServiceUser(stack, "Consumer", { name: "consumer", inlinePolicies: { "read-sekoia": user.credentialsReaderPolicy() } });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const policy = String(one(json, "aws_iam_user_policy").policy);
    expect(policy).toMatch(/^\$\{jsonencode\(/);
    expect(policy).toContain(`${ref(user.accessKeyIdParameter)}.arn`);
    expect(policy).toContain(`${ref(user.secretAccessKeyParameter)}.arn`);
    const literal = user.credentialsReaderPolicy({ accountId: "123456789012" }).toJSON();
    expect(literal.Statement[0]).toMatchObject({
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: [
        "arn:aws:ssm:eu-west-1:123456789012:parameter/integrations/sekoia/sekoia-iam-reader/access-key-id",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/integrations/sekoia/sekoia-iam-reader/secret-access-key",
      ],
    });
    expect(literal.Statement[1]).toMatchObject({ Action: ["kms:Decrypt"], Resource: [KEY], Condition: { StringEquals: { "kms:ViaService": ["ssm.eu-west-1.amazonaws.com"] } } });
    expect(errorOf(() => user.credentialsReaderPolicy({ accountId: "12345" })).problems[0]?.field).toBe("credentialsReaderPolicy.accountId");
  });
});

describe("ServiceUser: PGP mode", () => {
  it("encrypts the secret with the PGP key, writes nothing to SSM and references no secret attribute", () => {
    const { json, user } = synth({ name: "sekoia-iam-reader", accessKey: { pgpKey: PGP, rotation: Rotation.generation(1) } });
    expect(resources(json, "aws_ssm_parameter")).toEqual({});
    const keys = Object.values(resources(json, "aws_iam_access_key"));
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k.pgp_key).toBe(PGP);
    expect(secretReferences(json)).toEqual([]);
    const outputs = Object.values(json.output as Record<string, Json>).map((o) => o.value);
    const newest = ref(user.accessKey?.slotB);
    expect(outputs.sort()).toEqual([`\${${newest}.encrypted_secret}`, `\${${newest}.id}`, `\${${newest}.key_fingerprint}`]);
    expect(() => user.credentialsReaderPolicy()).toThrow(/not stored in SSM/);
  });

  it("refuses SSM and PGP together, and an access key with no destination", () => {
    const both = errorOf(() => synth({ name: "u", accessKey: { pgpKey: PGP, storeIn: SsmStore.secure({ prefix: "/integrations/x" }) } }));
    expect(both.message).toMatch(/`storeIn` \(SSM\) and `pgpKey` \(encrypted output\) are two exclusive ways/);
    expect(both.problems[0]).toMatchObject({ path: "s/Sekoia", field: "accessKey" });
    const none = errorOf(() => synth({ name: "u", accessKey: {} }));
    expect(none.problems[0]?.fix).toMatch(/storeIn: SsmStore.secure/);
  });

  it("refuses an ASCII-armored PGP key with the command that produces the right form", () => {
    const e = errorOf(() => synth({ name: "u", accessKey: { pgpKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\nabc\n-----END PGP PUBLIC KEY BLOCK-----" } }));
    expect(e.problems[0]?.fix).toMatch(/gpg --export <key-id> \| base64 -w0/);
  });
});

describe("ServiceUser: console access", () => {
  it("adds a login profile with reset required, the encrypted password output, and the MFA policy", () => {
    const { json, text } = synth({ name: "alice", path: "/humans/", console: { pgpKey: "keybase:alice" } });
    expect(one(json, "aws_iam_user_login_profile")).toMatchObject({
      pgp_key: "keybase:alice",
      password_reset_required: true,
      password_length: 20,
      lifecycle: { ignore_changes: ["password_length", "password_reset_required", "pgp_key"] },
    });
    const outputs = Object.values(json.output as Record<string, Json>).map((o) => o.value);
    expect(outputs).toEqual([expect.stringMatching(/^\$\{aws_iam_user_login_profile\.\S+\.encrypted_password\}$/)]);
    expect(secretReferences(json)).toEqual([]);
    const mfa = one(json, "aws_iam_user_policy");
    expect(mfa.name).toBe(MFA_POLICY_NAME);
    // The IAM policy variable must reach Terraform escaped, or Terraform would read it as an interpolation.
    expect(mfa.policy).toContain("arn:aws:iam::*:user/humans/$${aws:username}");
    expect(text).not.toMatch(/[^$]\$\{aws:username\}/);
    const doc = JSON.parse((mfa.policy as string).replace(/\$\$\{/g, "${"));
    const deny = doc.Statement.find((s: Json) => s.Effect === "Deny");
    expect(deny).toMatchObject({ Resource: ["*"], Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } } });
    expect(deny.NotAction).toEqual(expect.arrayContaining(["iam:EnableMFADevice", "iam:CreateVirtualMFADevice", "sts:GetSessionToken", "iam:ChangePassword"]));
  });

  it("can leave the MFA policy out", () => {
    const { json } = synth({ name: "alice", console: { pgpKey: "keybase:alice", enforceMfa: false } });
    expect(resources(json, "aws_iam_user_policy")).toEqual({});
  });

  it("AccountPasswordPolicy writes the account password rules with strong defaults and checks ranges", () => {
    const app = Testing.app();
    const stack = new IamStack(app, "s", { region: "eu-west-1", offline: true });
    new AccountPasswordPolicy(stack, "Passwords", { maxPasswordAgeDays: 90 });
    expect(one(JSON.parse(Testing.synth(stack)) as Json, "aws_iam_account_password_policy")).toEqual({
      minimum_password_length: 14,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      allow_users_to_change_password: true,
      password_reuse_prevention: 24,
      max_password_age: 90,
    });
    const e = errorOf(() => new AccountPasswordPolicy(stack, "Bad", { minimumPasswordLength: 4, passwordReusePrevention: 30 }));
    expect(e.problems.map((p) => p.field)).toEqual(["minimumPasswordLength", "passwordReusePrevention"]);
  });
});

describe("ServiceUser: validation", () => {
  const store = (prefix: string, more = {}) => ({ name: "sekoia-iam-reader", accessKey: { storeIn: SsmStore.secure({ prefix, ...more }) } });

  it.each([
    ["no leading slash", "integrations/sekoia", /must start with `\/`/],
    ["a trailing slash", "/integrations/sekoia/", /must not end with `\/`/],
    ["the aws prefix", "/aws/sekoia", /must not be prefixed with `aws` or `ssm`/],
    ["the ssm prefix in capitals", "/SSM-keys", /must not be prefixed with `aws` or `ssm`/],
    ["a space", "/integrations/se koia", /characters SSM does not allow/],
    ["an empty level", "/integrations//sekoia", /empty/],
    ["16 levels with user and parameter", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n", /at most 15 levels; this name has 16/],
    ["an ARN over 1011 characters", `/${"x".repeat(1000)}`, /at most 1011 characters; this one is 10\d\d/],
  ])("refuses an SSM prefix with %s", (_label, prefix, rule) => {
    const e = errorOf(() => synth(store(prefix)));
    expect(e.message).toMatch(rule);
    for (const p of e.problems) {
      expect(p.path).toBe("s/Sekoia");
      expect(p.field).toMatch(/^accessKey\.storeIn\.prefix/);
      expect(p.fix.length).toBeGreaterThan(10);
    }
  });

  it("accepts the deepest allowed hierarchy (15 levels) and refuses one more", () => {
    const thirteen = "/" + Array.from({ length: 13 }, (_, i) => `l${i}`).join("/");
    expect(() => synth(store(thirteen))).not.toThrow(); // 13 + user + parameter = 15
    expect(errorOf(() => synth(store(`${thirteen}/l13`))).message).toMatch(/at most 15 levels; this name has 16/);
  });

  it("refuses a KMS alias, a key of another region, and collects every problem at once", () => {
    const e = errorOf(() =>
      synth({ name: "bad name", tags: { "aws:x": "y" }, accessKey: { storeIn: SsmStore.secure({ prefix: "/aws", kmsKeyArn: "alias/aws/ssm", tier: "Huge" as never }), rotation: Rotation.generation(-1) } }),
    );
    const fields = e.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining(["name", 'tags["aws:x"]', "accessKey.rotation.generation", "accessKey.storeIn.prefix", "accessKey.storeIn.kmsKeyArn", "accessKey.storeIn.tier"]),
    );
    expect(e.problems.find((p) => p.field === "accessKey.storeIn.kmsKeyArn")?.rule).toMatch(/alias cannot be used/);
    const region = errorOf(() => synth(store("/integrations/x", { kmsKeyArn: KEY.replace("eu-west-1", "us-east-1") })));
    expect(region.problems[0]?.rule).toMatch(/KMS key of the parameter's region/);
  });

  it("refuses a rotation that is not a Rotation", () => {
    const e = errorOf(() => synth({ name: "u", accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/x" }), rotation: 3 as never } }));
    expect(e.problems[0]).toMatchObject({ field: "accessKey.rotation", fix: expect.stringMatching(/Rotation\.generation\(0\)/) });
  });

  it("refuses `group` without policiesVia group, and bad group names", () => {
    const e = errorOf(() => synth({ name: "u", group: { name: "g" }, groups: ["bad group"] }));
    expect(e.problems.map((p) => p.field)).toEqual(["group", "groups[0]"]);
  });
});
