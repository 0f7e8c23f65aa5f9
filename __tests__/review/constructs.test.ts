/**
 * Reviews of stacks built with this library's own constructs (not raw provider resources):
 * a service user whose keys rotate through two slots, with secrets in SSM.
 */
import { App } from "../../modules/internal/cdktf";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Rotation, type RotationOptions } from "../../modules/constructs/access-key-rotation";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import { renderMarkdown, reviewApp } from "../../modules/review";
import { IamStack } from "../../modules/stack";
import { synthToDir } from "../support/terraform";

const KMS = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function serviceUser(generation: number, options?: RotationOptions) {
  return synthToDir((app: App) => {
    const stack = new IamStack(app, "svc", { region: "eu-west-1" });
    new ServiceUser(stack, "Sekoia", {
      name: "sekoia-iam-reader",
      managedPolicies: [AwsManagedPolicy.fromName("IAMReadOnlyAccess")],
      policiesVia: "group",
      accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations", kmsKeyArn: KMS }), rotation: Rotation.generation(generation, options) },
    });
  });
}

describe("review of a ServiceUser", () => {
  it("shows the user, its group's AWS managed policy, its key slots and where the secrets go", () => {
    const r = reviewApp({ outDir: serviceUser(1).outdir }).stacks[0];
    expect(r.principals.map((p) => `${p.status} ${p.kind} ${p.name}`)).toEqual(["created group sekoia-iam-reader-policies", "created user sekoia-iam-reader"]);
    expect(r.principals[1].opaqueGained).toEqual(["AWS managed policy `IAMReadOnlyAccess` (via group `sekoia-iam-reader-policies`)"]);
    expect(r.principals[1].notes).toEqual(["joins group `sekoia-iam-reader-policies`"]);
    // Generation 1: slot B holds the newest key, whose id and secret the parameters hold; slot A is the previous key.
    const [a, b] = r.keys;
    expect(a.address).toMatch(/KeyA/);
    expect(a.secretStores).toEqual([]);
    expect(b.secretStores).toEqual([{ address: expect.stringMatching(/^aws_ssm_parameter\./), name: "/integrations/sekoia-iam-reader/secret-access-key", type: "SecureString", kmsKey: KMS, argument: "value_wo" }]);
    expect(b.idStores.map((s) => s.name)).toEqual(["/integrations/sekoia-iam-reader/access-key-id"]);
    expect(r.flags.map((f) => f.rule)).toEqual(["long-lived-key"]); // no default-key, no plain-text, no exposure flag
    const md = renderMarkdown([r]);
    expect(md).toContain("write-only `value_wo`");
    expect(md).toMatch(/KeyA_\w+` of user `sekoia-iam-reader` — created; secret in no place any more \(previous key slot/);
  });

  it("a generation bump rotates exactly one of the two slots", () => {
    const r = reviewApp({ outDir: serviceUser(2).outdir, base: { kind: "out-dir", dir: serviceUser(1).outdir } }).stacks[0];
    expect(r.principals).toEqual([]);
    expect(r.keys.map((k) => k.status).sort()).toEqual(["rotated", "unchanged"]);
    expect(r.flags.filter((f) => f.isNew)).toEqual([]);
  });

  it("with a calendar period the triggers are plan-time expressions: the review says a plan decides", () => {
    const r = reviewApp({ outDir: serviceUser(2, { every: "quarter" }).outdir, base: { kind: "out-dir", dir: serviceUser(1, { every: "quarter" }).outdir } }).stacks[0];
    expect(r.keys.map((k) => k.status)).toEqual(["may-rotate", "may-rotate"]);
    expect(r.keys[0].reason).toMatch(/a plan shows whether this key is replaced/);
  });
});
