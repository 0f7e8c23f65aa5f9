/**
 * ServiceUser with real Terraform (offline): `terraform validate` and `terraform plan` of a stack using every
 * mode, and a rotation planned against the state of the previous generation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { PlanResult } from "../../scripts/lib/terraform";
import { describeTerraform, synthToDir, validatePlanMany } from "../support/terraform";
import type { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { AccountPasswordPolicy } from "../../modules/constructs/account-password-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PGP = Buffer.from("not a real key, only the shape of one: ".repeat(4)).toString("base64");

function everyMode(app: App): void {
  const stack = new IamStack(app, "service-users", { region: "eu-west-1", offline: true, defaultTags: { owner: "platform" } });
  const key = new KmsKey(stack, "ParametersKey", { description: "SSM parameters of service users", enableKeyRotation: true });
  const sekoia = new ServiceUser(stack, "Sekoia", {
    name: "sekoia-iam-reader",
    path: "/integrations/",
    managedPolicies: [AwsManagedPolicy.fromName("IAMReadOnlyAccess")],
    tags: { app: "sekoia" },
    accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/sekoia", kmsKeyArn: key.arn, tags: { app: "sekoia" } }), rotation: Rotation.generation(1) },
  });
  new ServiceUser(stack, "Calendar", {
    name: "quarterly-rotated",
    policiesVia: "group",
    groups: ["existing-auditors"],
    managedPolicies: [AwsManagedPolicy.fromName("ReadOnlyAccess")],
    accessKey: {
      storeIn: SsmStore.secure({ prefix: "/integrations/calendar", writeOnly: false, tier: "Standard" }),
      rotation: Rotation.generation(0, { every: "quarter" }),
      deactivatePrevious: true,
    },
  });
  new ServiceUser(stack, "Pgp", { name: "pgp-handover", accessKey: { pgpKey: PGP, rotation: Rotation.generation(2) } });
  new ServiceUser(stack, "Human", { name: "alice", path: "/humans/", forceDestroy: true, console: { pgpKey: PGP } });
  new ServiceUser(stack, "Consumer", { name: "sekoia-provisioner", inlinePolicies: { "read-sekoia-key": sekoia.credentialsReaderPolicy() } });
  new AccountPasswordPolicy(stack, "Passwords");
}

/** Every string in a JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

interface PlannedResource {
  address: string;
  type: string;
  name: string;
  provider_name: string;
  schema_version: number;
  values: Json;
}

function planned(plan: Json): PlannedResource[] {
  return (plan.planned_values?.root_module?.resources ?? []) as PlannedResource[];
}

/** Resources of the configuration section, with their argument expressions and the references in them. */
function configured(plan: Json): Array<{ address: string; expressions: Json }> {
  return (plan.configuration?.root_module?.resources ?? []) as Array<{ address: string; expressions: Json }>;
}

/** The rotation stack at a generation. */
const rotationAt = (generation: number) => (app: App) => {
  const stack = new IamStack(app, "rotation", { region: "eu-west-1", offline: true });
  new ServiceUser(stack, "Sekoia", {
    name: "sekoia-iam-reader",
    accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/sekoia", awsManagedKey: { reason: "rotation test: no key resources in the seeded state" } }), rotation: Rotation.generation(generation) },
  });
};

describeTerraform("ServiceUser with real Terraform", () => {
  // Two Terraform runs for the whole file: first the every-mode stack and generations 1 and 2 from scratch;
  // then generations 2 and 3, each against the state the previous generation planned.
  let everyModeResult: PlanResult;
  const rotations = new Map<number, { planBefore: Json; planAfter: Json }>();
  beforeAll(() => {
    const generations = [1, 2];
    const [first, ...befores] = validatePlanMany([synthToDir(everyMode).stackDir("service-users"), ...generations.map((g) => synthToDir(rotationAt(g)).stackDir("rotation"))]);
    everyModeResult = first!;
    const afters = generations.map((g, i) => {
      const dir = synthToDir(rotationAt(g + 1)).stackDir("rotation");
      fs.writeFileSync(path.join(dir, "offline-plan.tfstate"), JSON.stringify(stateFromPlan(befores[i]!.plan as Json, g)));
      return dir;
    });
    validatePlanMany(afters).forEach((r, i) => rotations.set(generations[i]!, { planBefore: befores[i]!.plan as Json, planAfter: r.plan as Json }));
  });

  it("validates and plans a stack using every mode", () => {
    const result = everyModeResult;
    expect(result.validate.valid).toBe(true);
    expect(result.validate.warning_count).toBe(0);
    const plan = result.plan as Json;
    const changes = (plan.resource_changes ?? []) as Json[];
    const count = (type: string) => changes.filter((c) => c.type === type).length;
    expect(changes.every((c) => JSON.stringify(c.change.actions) === '["create"]')).toBe(true);
    expect(count("aws_iam_user")).toBe(5);
    expect(count("aws_iam_access_key")).toBe(2 + 1 + 2); // Sekoia (generation 1), Calendar (one key until its first rotation), Pgp (generation 2)
    expect(count("terraform_data")).toBe(7); // two rotation triggers per user with keys, and the Calendar's origin
    expect(count("aws_ssm_parameter")).toBe(4);
    expect(count("aws_iam_user_login_profile")).toBe(1);
    expect(count("aws_iam_account_password_policy")).toBe(1);
    expect(count("aws_iam_user_group_membership")).toBe(1);
    expect(count("aws_iam_group_policy_attachment")).toBe(1);

    // The quarter rotation was evaluated by Terraform from plantimestamp(): slot A holds the latest even number,
    // slot B the latest odd number, and they are consecutive.
    const now = new Date(String(plan.timestamp));
    const n = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
    const triggers = Object.fromEntries(
      planned(plan)
        .filter((r) => r.type === "terraform_data" && r.name.startsWith("Calendar_") && r.values.triggers_replace)
        .map((r) => [r.name.includes("RotationA") ? "A" : "B", r.values.triggers_replace.rotation as number]),
    );
    expect(triggers).toEqual({ A: n - (n % 2), B: n - ((n + 1) % 2) });
    const calendarKeys = planned(plan).filter((r) => r.type === "aws_iam_access_key" && r.name.startsWith("Calendar_"));
    const newest = n % 2 === 0 ? "KeyA" : "KeyB";
    // One key until the first rotation: only the newest slot exists, Active.
    expect(calendarKeys.map((k) => [k.name.includes(newest), k.values.status])).toEqual([[true, "Active"]]);
    const calendarSecret = planned(plan).find((r) => r.type === "aws_ssm_parameter" && r.values.name === "/integrations/calendar/quarterly-rotated/secret-access-key");
    expect(calendarSecret?.values.value_wo).toBeNull();

    // The write-only secret of Sekoia: value_wo never in the plan; its version fingerprints the key created in the
    // same stack, so it is known after apply (absent from planned values).
    const sekoiaSecret = planned(plan).find((r) => r.type === "aws_ssm_parameter" && r.values.name === "/integrations/sekoia/sekoia-iam-reader/secret-access-key");
    expect(sekoiaSecret?.values).toMatchObject({ type: "SecureString", value_wo: null });
    expect(sekoiaSecret?.values.value_wo_version).toBeUndefined();

    // The secret attribute is referenced only by the SSM parameters (configuration section of the plan).
    const secretUsers = configured(plan)
      .filter((r) => strings(r.expressions).some((s) => /^aws_iam_access_key\.[^.[]+(\[0\])?\.secret$/.test(s)))
      .map((r) => r.address);
    expect(secretUsers.sort()).toEqual([
      expect.stringMatching(/^aws_ssm_parameter\.Calendar_SecretAccessKeyParameter_/),
      expect.stringMatching(/^aws_ssm_parameter\.Sekoia_SecretAccessKeyParameter_/),
    ]);
    const outputRefs = strings(plan.configuration?.root_module?.outputs ?? {});
    expect(outputRefs.some((s) => /\.secret$|\.password$/.test(s))).toBe(false);
    expect(outputRefs.filter((s) => /\.encrypted_(secret|password)$/.test(s))).toHaveLength(2);

    // The MFA policy reached Terraform with the IAM variable intact.
    const mfa = planned(plan).find((r) => r.type === "aws_iam_user_policy" && r.values.name === "enforce-mfa");
    expect(JSON.parse(mfa?.values.policy).Statement[1].Resource).toEqual(["arn:aws:iam::*:user/humans/${aws:username}"]);

    // The consumer's reader policy references the two parameters' ARNs (known after apply).
    const reader = configured(plan).find((r) => r.address.startsWith("aws_iam_user_policy.Consumer_"));
    expect(new Set(strings(reader?.expressions).filter((s) => /^aws_ssm_parameter\.Sekoia_\w+\.arn$/.test(s))).size).toBe(2);
  });

  it("rotation: planned against the state of generation g, generation g+1 replaces exactly one key slot and updates the parameters", () => {
    expect([...rotations.keys()]).toEqual([1, 2]);
    for (const [g, { planBefore, planAfter }] of rotations) {
      // Generation g from scratch creates everything; its state is what generation g + 1 was planned against.
      expect(((planBefore.resource_changes ?? []) as Json[]).every((c) => JSON.stringify(c.change.actions) === '["create"]')).toBe(true);

      const rotated = (g + 1) % 2 === 0 ? "KeyA" : "KeyB";
      const trigger = rotated.replace("Key", "Rotation");
      const actions = Object.fromEntries(((planAfter.resource_changes ?? []) as Json[]).map((c) => [c.address as string, (c.change.actions as string[]).join(",")]));
      const notNoop = Object.entries(actions).filter(([, a]) => a !== "no-op");
      expect(notNoop.map(([addr, a]) => `${addr.replace(/_[0-9A-F]{8}$/, "")}: ${a}`).sort()).toEqual([
        `aws_iam_access_key.Sekoia_AccessKey_${rotated}: delete,create`,
        "aws_ssm_parameter.Sekoia_AccessKeyIdParameter: update",
        "aws_ssm_parameter.Sekoia_SecretAccessKeyParameter: update",
        `terraform_data.Sekoia_AccessKey_${trigger}: delete,create`,
      ]);
      const replaced = ((planAfter.resource_changes ?? []) as Json[]).find((c) => String(c.address).includes(rotated));
      expect(replaced?.action_reason).toBe("replace_by_triggers");
      const secret = ((planAfter.resource_changes ?? []) as Json[]).find((c) => String(c.address).includes("SecretAccessKeyParameter"));
      // value_wo_version is the fingerprint of what PutParameter sends, the new key's id included: known before,
      // unknown until the new key exists, so the provider writes the new secret.
      expect(Number.isSafeInteger(secret?.change.before.value_wo_version)).toBe(true);
      expect(secret?.change.after_unknown.value_wo_version).toBe(true);
      expect(secret?.change.after.value_wo ?? null).toBeNull();
      const id = ((planAfter.resource_changes ?? []) as Json[]).find((c) => String(c.address).includes("AccessKeyIdParameter"));
      expect(id?.change.after_unknown.value).toBe(true); // the new key's id, known after apply
    }
  });
});

/** Attributes the provider schema marks sensitive: a state without these marks would plan an update. */
const SENSITIVE: Record<string, string[]> = {
  aws_iam_access_key: ["secret", "ses_smtp_password_v4"],
  aws_ssm_parameter: ["value"],
};

/**
 * A Terraform state holding what generation `g` planned, with made-up values for attributes only AWS knows
 * (ids, ARNs). Planning the next generation against it with -refresh=false shows what Terraform would change.
 */
function stateFromPlan(plan: Json, g: number): Json {
  const fakeKeyId = (name: string) => `AKIAFAKE${name.includes("KeyA") ? "AAAA" : "BBBB"}00000000`;
  const newestSlot = g % 2 === 0 ? "KeyA" : "KeyB";
  const resources = planned(plan).map((r) => {
    const attributes: Json = { ...r.values };
    switch (r.type) {
      case "terraform_data":
        attributes.id = `fake-${r.name}`;
        attributes.triggers_replace = { value: r.values.triggers_replace, type: ["object", { rotation: "number" }] };
        break;
      case "aws_iam_access_key":
        attributes.id = fakeKeyId(r.name);
        attributes.create_date = "2026-01-01T00:00:00Z";
        break;
      case "aws_iam_user":
        attributes.id = r.values.name;
        attributes.arn = `arn:aws:iam::123456789012:user/${r.values.name}`;
        attributes.unique_id = "AIDAFAKE000000000000";
        attributes.tags_all = r.values.tags_all ?? {};
        break;
      case "aws_ssm_parameter": {
        attributes.id = r.values.name;
        attributes.arn = `arn:aws:ssm:eu-west-1:123456789012:parameter${r.values.name}`;
        attributes.version = 1;
        attributes.key_id = "alias/aws/ssm";
        attributes.data_type = "text";
        attributes.tags_all = r.values.tags_all ?? {};
        const keyId = planned(plan).find((k) => k.type === "aws_iam_access_key" && k.name.includes(newestSlot));
        if (String(r.values.name).endsWith("/access-key-id")) attributes.value = fakeKeyId(keyId?.name ?? newestSlot);
        // The fingerprint includes the key id, known only after apply: the applied state holds some number.
        if (String(r.values.name).endsWith("/secret-access-key") && r.values.value_wo_version === undefined) attributes.value_wo_version = 123456789;
        break;
      }
    }
    return {
      mode: "managed",
      type: r.type,
      name: r.name,
      provider: `provider["${r.provider_name}"]`,
      instances: [{ schema_version: r.schema_version, attributes, sensitive_attributes: (SENSITIVE[r.type] ?? []).map((a) => [{ type: "get_attr", value: a }]) }],
    };
  });
  return { version: 4, terraform_version: String(plan.terraform_version), serial: 1, lineage: "00000000-0000-0000-0000-000000000000", outputs: {}, resources };
}
