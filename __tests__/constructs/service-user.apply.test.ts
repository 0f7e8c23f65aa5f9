/**
 * ServiceUser against a local AWS stand-in (__tests__/support/aws-standin): real `terraform apply` of each
 * ordinary change of the store, on the state of the previous configuration, then `terraform destroy`.
 *
 * To keep the run short, every scenario is one user of the same stack: the first apply creates them all, the
 * second applies each user's change at once (one Terraform run instead of one per scenario). For each user the
 * test asserts the requests the provider sent for its parameters (never an empty Value) and what the secret
 * parameter holds at the end (the secret of the key whose id the id parameter holds).
 *
 * A calendar period change cannot be waited for: it is simulated by raising the generation of a calendar
 * rotation by one, which moves the rotation number N (generation + period index) exactly as a new period does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import type { SsmSecureStoreProps } from "../../modules/constructs/ssm-store";
import { standInForBlock } from "../support/aws-standin/client";
import type { LoggedRequest } from "../support/aws-standin/client";
import { describeTerraform, synthToDir } from "../support/terraform";
import { build as buildExample1 } from "../../examples/1-ec2-control-plane/main";

const STACK = "standin";
// Four Terraform runs on one state: minutes on a loaded machine.
jest.setTimeout(15 * 60 * 1000);
const PGP = fs.readFileSync(path.join(__dirname, "../fixtures/pgp/test-public-key.b64"), "utf8").trim();

/** One user's configuration at one step. */
interface UserStep {
  readonly prefix?: string;
  readonly key?: "first" | "second" | "aws/ssm"; // one of the stack's two KMS keys, the aws/ssm opt-in, or (none) the credentials key
  readonly store?: Partial<SsmSecureStoreProps>;
  readonly rotation?: Rotation;
}

/** Each scenario: its user's configuration before and after the change. */
const SCENARIOS: Record<string, [UserStep, UserStep]> = {
  "kms-added": [{ key: "aws/ssm" }, { key: "first" }],
  "credentials-key-described": [{}, { store: { description: "Keys of the agents" } }],
  "kms-changed": [{ key: "first" }, { key: "second" }],
  "kms-added-and-rotated": [{ key: "aws/ssm" }, { key: "first", rotation: Rotation.generation(1) }],
  "description-changed": [{ key: "first" }, { key: "first", store: { description: "Keys of the agents" } }],
  "tier-advanced": [{ key: "first" }, { key: "first", store: { tier: "Advanced" } }],
  "tags-changed": [{ key: "first" }, { key: "first", store: { tags: { team: "agents" } } }],
  "prefix-changed": [{ key: "first" }, { key: "first", prefix: "/agents-v2" }],
  "generation-rotated": [{ key: "first", rotation: Rotation.generation(1) }, { key: "first", rotation: Rotation.generation(2) }],
  "calendar-period": [{ key: "first", rotation: Rotation.generation(0, { every: "quarter" }) }, { key: "first", rotation: Rotation.generation(1, { every: "quarter" }) }],
  // The key is replaced without a change of configuration: `terraform apply -replace=` of the newest key, and a
  // key deleted outside Terraform (Terraform creates it again). Terraform never compares write-only values, so
  // only a version that follows the key id writes the new secret.
  "key-replaced": [{ key: "first" }, { key: "first" }],
  "key-deleted-outside": [{ key: "first" }, { key: "first" }],
};

/** Terraform address of the newest (slot A, generation 0) access key of a scenario's user. */
function newestKeyAddress(user: string): string {
  const keys = Object.keys(synthToDir(build(1)).json(STACK).resource.aws_iam_access_key as Record<string, unknown>);
  const name = keys.find((k) => k.startsWith(`${user.replace(/-/g, "")}_AccessKey_KeyA_`) || k.startsWith(`${user}_AccessKey_KeyA_`));
  if (!name) throw new Error(`no slot A key for ${user} among ${keys.join(", ")}`);
  return `aws_iam_access_key.${name}`;
}

function build(step: 0 | 1) {
  return (app: App): void => {
    const stack = new IamStack(app, STACK, { region: "eu-west-1", offline: true });
    const keys = {
      first: new KmsKey(stack, "FirstKey", { description: "first key", enableKeyRotation: true }),
      second: new KmsKey(stack, "SecondKey", { description: "second key", enableKeyRotation: true }),
    };
    for (const [name, steps] of Object.entries(SCENARIOS)) {
      const s = steps[step];
      new ServiceUser(stack, name, {
        name,
        accessKey: {
          storeIn: SsmStore.secure({
            prefix: s.prefix ?? "/agents",
            ...(s.key === "aws/ssm" ? { awsManagedKey: { reason: "the scenario starts from aws/ssm" } } : s.key ? { kmsKeyArn: keys[s.key].arn } : {}),
            ...s.store,
          }),
          rotation: s.rotation ?? Rotation.generation(0),
        },
      });
    }
    new ServiceUser(stack, "human", { name: "alice", console: { pgpKey: PGP } });
  };
}

function putsFor(log: LoggedRequest[], user: string): LoggedRequest[] {
  return log.filter((r) => r.service === "ssm" && r.action === "PutParameter" && String(r.params.Name).includes(`/${user}/`));
}

describeTerraform("ServiceUser applies against a local AWS stand-in", () => {
  const stand = standInForBlock();

  /** The secret parameter of `user` holds the secret of the key its id parameter names; returns the state. */
  async function secretHolds(user: string, prefix = "/agents"): Promise<{ keys: number; kmsKey: string }> {
    const state = await stand.standIn().state();
    const secret = state.parameters[`${prefix}/${user}/secret-access-key`];
    const id = state.parameters[`${prefix}/${user}/access-key-id`];
    const keys = state.accessKeys.filter((k: { UserName: string }) => k.UserName === user);
    const newest = keys.find((k: { AccessKeyId: string }) => k.AccessKeyId === id?.Value);
    expect({ user, holdsNewest: newest !== undefined && secret?.Value === newest.SecretAccessKey }).toEqual({ user, holdsNewest: true });
    return { keys: keys.length, kmsKey: secret.KeyId };
  }

  it("terraform graph of example 1: the instance comes after every policy attachment and inline policy of its role", () => {
    const edges = stand.harness().scenario("ec2-control-plane").graph((app) => void buildExample1(app, { offline: true }));
    const after = (from: string) => new Set(edges.filter(([f]) => f === from).map(([, t]) => t));
    const instance = [...new Set(edges.map(([f]) => f))].find((a) => a.startsWith("aws_instance."))!;
    const policies = [...new Set(edges.flatMap((e) => e))].filter((a) => /^aws_iam_role_policy(_attachment)?\./.test(a));
    expect(policies).toHaveLength(4);
    for (const p of policies) expect({ p, before: after(instance).has(p) }).toEqual({ p, before: true });
  });

  it("the stand-in refuses what SSM refuses", async () => {
    const put = (body: object) =>
      fetch(stand.standIn().url, { method: "POST", headers: { "x-amz-target": "AmazonSSM.PutParameter", "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(body) });
    const empty = await put({ Name: "/probe/x", Type: "SecureString", Value: "" });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ __type: "ValidationException", message: expect.stringContaining("Member must have length greater than or equal to 1") });
    expect((await put({ Name: "/probe/x", Type: "SecureString", Value: "v", KeyId: "arn:aws:kms:eu-west-1:123456789012:key/0000" })).status).toBe(400);
  });

  it("every change of the store applies, keeps the secret current, and destroy removes everything", async () => {
    const s = stand.harness().scenario(STACK);

    const first = await s.apply(build(0));
    for (const user of Object.keys(SCENARIOS)) {
      const puts = putsFor(first, user);
      expect(puts.map((r) => String(r.params.Name).split("/").pop()).sort()).toEqual(["access-key-id", "secret-access-key"]);
      for (const r of puts) expect(r.params.Value).toEqual(expect.stringMatching(/./));
      await secretHolds(user);
    }
    // One key until the first rotation, under a calendar rotation too.
    expect((await secretHolds("calendar-period")).keys).toBe(1);
    expect((await secretHolds("kms-added")).keys).toBe(1);
    expect((await secretHolds("generation-rotated")).keys).toBe(2);

    const before = await stand.standIn().state();
    const idOf = (user: string) => before.parameters[`/agents/${user}/access-key-id`].Value as string;
    const replacedBefore = idOf("key-replaced");
    const deletedBefore = idOf("key-deleted-outside");
    await stand.standIn().deleteAccessKey(deletedBefore);
    const second = await s.apply(build(1), [`-replace=${newestKeyAddress("key-replaced")}`]);
    expect(second.filter((r) => r.status !== 200)).toEqual([]);
    const state = await stand.standIn().state();
    const keyArn = (description: string) => state.keys.find((k: { Description: string }) => k.Description === description).Arn;
    for (const [user, [, after]] of Object.entries(SCENARIOS)) {
      for (const r of putsFor(second, user)) expect({ user, name: r.params.Name, value: r.params.Value }).toEqual({ user, name: r.params.Name, value: expect.stringMatching(/./) });
      const held = await secretHolds(user, after.prefix ?? "/agents");
      const credentialsKey = state.keys.find((k: { Description: string }) => k.Description.startsWith("Stored credentials of stack")).Arn;
      expect({ user, kmsKey: held.kmsKey }).toEqual({ user, kmsKey: after.key === "aws/ssm" ? "alias/aws/ssm" : after.key ? keyArn(`${after.key} key`) : credentialsKey });
    }
    // The secret parameter was written again exactly where the change reaches it.
    const secretPuts = (user: string) => putsFor(second, user).filter((r) => String(r.params.Name).endsWith("/secret-access-key")).length;
    expect(secretPuts("tags-changed")).toBe(0); // tags go through AddTagsToResource
    expect(second.some((r) => r.action === "AddTagsToResource" && String(r.params.ResourceId).includes("/tags-changed/"))).toBe(true);
    // A new key for the two users whose key was replaced: SSM holds it (secretHolds above), not the old one's secret.
    expect((await stand.standIn().state()).parameters["/agents/key-replaced/access-key-id"].Value).not.toBe(replacedBefore);
    expect((await stand.standIn().state()).parameters["/agents/key-deleted-outside/access-key-id"].Value).not.toBe(deletedBefore);
    for (const user of ["kms-added", "kms-changed", "kms-added-and-rotated", "credentials-key-described", "description-changed", "tier-advanced", "prefix-changed", "generation-rotated", "calendar-period", "key-replaced", "key-deleted-outside"]) {
      expect({ user, puts: secretPuts(user) }).toEqual({ user, puts: 1 });
    }
    expect(state.parameters["/agents/tier-advanced/secret-access-key"].Tier).toBe("Advanced");
    expect(state.parameters["/agents/description-changed/secret-access-key"].Description).toBe("Keys of the agents");
    expect(state.parameters["/agents/prefix-changed/secret-access-key"]).toBeUndefined();
    // The first rotation of the calendar rotation: now two keys, SSM holds the new one.
    expect((await secretHolds("calendar-period")).keys).toBe(2);
    expect((await secretHolds("kms-added-and-rotated")).keys).toBe(2);

    // The state converged: a new plan changes nothing.
    expect(s.planIsEmpty()).toBe(true);

    // Destroy: a console user with an MFA device registered outside Terraform goes too (force_destroy).
    await stand.standIn().addMfaDevice("alice");
    const destroyed = await s.destroy();
    // (The provider deletes a login profile of every user it force-destroys and takes IAM's NoSuchEntity as "none".)
    expect(destroyed.filter((r) => r.status !== 200 && !(r.action === "DeleteLoginProfile" && /^NoSuchEntity/.test(r.error ?? "")))).toEqual([]);
    expect(destroyed.some((r) => r.action === "DeactivateMFADevice")).toBe(true);
    const end = await stand.standIn().state();
    expect({ users: end.users, accessKeys: end.accessKeys, parameters: Object.keys(end.parameters), loginProfiles: end.loginProfiles }).toEqual({ users: [], accessKeys: [], parameters: [], loginProfiles: [] });
  });
});
