/**
 * Adoption of the fixture account (console-made objects, in the AWS CLI's output format): the config file, the
 * import blocks and their IDs, what is left out, stability across runs.
 */
import { parse } from "yaml";
import type { ConfigFile, RoleConfig, UserConfig } from "../../modules/config";
import { adopt, adoptedId, decodeDocument } from "../../modules/adopt";
import { adoptFixture, fixtureInput, NOW } from "./support";

const A = "111122223333";
const result = adoptFixture();
const config = parse(result.yaml) as ConfigFile;
const importIds = new Map<string, string[]>();
for (const i of result.imports) {
  const type = i.to.split(".")[0] as string;
  importIds.set(type, [...(importIds.get(type) ?? []), i.id].sort());
}
const role = (name: string) => config.roles?.find((r) => r.name === name) as RoleConfig;
const user = (name: string) => config.users?.find((u) => u.name === name) as UserConfig;

describe("adopt: the config file", () => {
  it("declares the stack in the account the objects come from", () => {
    expect(config.stack).toEqual({ name: "adopted", region: "eu-west-1", allowedAccountIds: [A] });
  });

  it("marks every entry import: true, with ids made of the kind and the name", () => {
    for (const [kind, list] of [["policy", config.policies], ["role", config.roles], ["user", config.users], ["group", config.groups]] as const) {
      for (const e of list ?? []) {
        expect(e.import).toBe(true);
        expect(e.id).toBe(adoptedId(kind, e.name as string));
      }
    }
  });

  it("keeps the console EC2 role: its trust as it is (no Sid added), description, tags, profile, attachments", () => {
    const r = role("ec2-app-role");
    expect(r.trustPolicy).toEqual({ statements: [{ actions: "sts:AssumeRole", principals: [{ service: "ec2.amazonaws.com" }] }] });
    expect(r.description).toBe("Allows EC2 instances to call AWS services on your behalf.");
    expect(r.tags).toEqual({ app: "shop" });
    expect(r.instanceProfile).toEqual({ inheritRoleTags: false }); // the console tags the role, not its profile
    expect(r.managedPolicies).toEqual(["policy-app-s3-read", "AmazonSSMManagedInstanceCore"]);
    const tfRole = Object.values(result.tfJson.resource as Record<string, Record<string, { name?: string; assume_role_policy?: string }>>)
      .flatMap((byName) => Object.values(byName))
      .find((x) => x.name === "ec2-app-role" && x.assume_role_policy);
    expect(JSON.parse(tfRole?.assume_role_policy as string).Statement[0].Sid).toBeUndefined();
  });

  it("keeps non-EC2 trusts (Lambda, URL-encoded; another account with an external id) and paths", () => {
    expect(role("thumbnailer-role-x1y2z3")).toMatchObject({ path: "/service-role/", instanceProfile: false, trustPolicy: { statements: [{ principals: [{ service: "lambda.amazonaws.com" }] }] } });
    expect(role("ci-deploy")).toMatchObject({
      path: "/ci/",
      maxSessionDuration: 7200,
      trustPolicy: { statements: [{ principals: [{ arn: "arn:aws:iam::444455556666:root" }], conditions: { StringEquals: { "sts:ExternalId": "ci-7f3a" } } }] },
    });
  });

  it("takes the default version of a customer policy with three versions, and lists the others", () => {
    const p = config.policies?.find((x) => x.name === "app-s3-read");
    expect(p?.path).toBe("/app/");
    expect(p?.statements?.map((s) => s.sid)).toEqual(["ListBucket", "ReadObjects", "DenyInsecure"]);
    expect(result.mapped.leftOut).toContainEqual(expect.objectContaining({ kind: "policy", name: "app-s3-read versions v1, v2" }));
  });

  it("adopts users: the quick-start admin by the AWS managed policy name, the connector with its URL-encoded inline policy, memberships", () => {
    expect(user("quickstart-admin").managedPolicies).toEqual(["AdministratorAccess"]);
    expect(user("sekoia-connector")).toMatchObject({ path: "/integrations/", tags: { integration: "sekoia", owner: "secops" } });
    expect(Object.keys(user("sekoia-connector").inlinePolicies ?? {})).toEqual(["iam-read"]);
    expect(user("alice").groups).toEqual(["developers", "ops"]);
    for (const u of config.users ?? []) expect(u.accessKey).toBeUndefined(); // keys are rotated only on request
    expect(user("alice").console).toBeUndefined(); // never a new login profile
  });

  it("adopts groups with inline and managed policies", () => {
    const ops = config.groups?.find((g) => g.name === "ops");
    expect(ops).toMatchObject({ path: "/ops/", managedPolicies: ["policy-ec2-deployer", "policy-reports-reader"] });
    expect(Object.keys(ops?.inlinePolicies ?? {})).toEqual(["orders-legacy"]);
  });

  it("leaves out service-linked roles and AWS managed policies, with a note for the former", () => {
    expect(config.roles?.map((r) => r.name)).not.toContain("AWSServiceRoleForSupport");
    expect(config.policies?.map((p) => p.name)).not.toContain("AdministratorAccess");
    expect(result.mapped.leftOut).toContainEqual(expect.objectContaining({ kind: "role", name: "AWSServiceRoleForSupport", reason: expect.stringContaining("service-linked") }));
  });

  it("never writes a secret or a key id into the config or the stack", () => {
    for (const text of [result.yaml, JSON.stringify(result.tfJson)]) expect(text).not.toMatch(/AKIA[A-Z0-9]{16}/);
  });
});

describe("adopt: import blocks with the AWS provider's ID formats", () => {
  it.each([
    ["aws_iam_policy", [`arn:aws:iam::${A}:policy/app/app-s3-read`, `arn:aws:iam::${A}:policy/ec2-deployer`, `arn:aws:iam::${A}:policy/reports-reader`]],
    ["aws_iam_role", ["ci-deploy", "ec2-app-role", "thumbnailer-role-x1y2z3"]],
    ["aws_iam_instance_profile", ["ec2-app-role"]],
    ["aws_iam_role_policy", ["thumbnailer-role-x1y2z3:logs"]],
    ["aws_iam_role_policy_attachment", [`ci-deploy/arn:aws:iam::${A}:policy/ec2-deployer`, "ec2-app-role/arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", `ec2-app-role/arn:aws:iam::${A}:policy/app/app-s3-read`]],
    ["aws_iam_group", ["developers", "ops"]],
    ["aws_iam_group_policy", ["developers:pass-and-self", "ops:orders-legacy"]],
    ["aws_iam_group_policy_attachment", ["developers/arn:aws:iam::aws:policy/ReadOnlyAccess", `ops/arn:aws:iam::${A}:policy/ec2-deployer`, `ops/arn:aws:iam::${A}:policy/reports-reader`]],
    ["aws_iam_user", ["alice", "quickstart-admin", "sekoia-connector"]],
    ["aws_iam_user_policy", ["sekoia-connector:iam-read"]],
    ["aws_iam_user_policy_attachment", ["quickstart-admin/arn:aws:iam::aws:policy/AdministratorAccess"]],
    ["aws_iam_user_group_membership", ["alice/developers/ops"]],
  ])("%s", (type, ids) => {
    expect(importIds.get(type)).toEqual([...ids].sort());
  });

  it("imports every resource the config declares, and nothing else", () => {
    const declared = Object.entries(result.tfJson.resource as Record<string, Record<string, unknown>>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    expect(result.imports.map((i) => i.to).sort()).toEqual(declared.sort());
  });
});

describe("adopt: stable output", () => {
  it("is byte-identical across runs and whatever the order of the input lists", () => {
    const input = fixtureInput();
    const d = input.details;
    const shuffled = {
      ...input,
      details: {
        UserDetailList: [...(d.UserDetailList ?? [])].reverse(),
        GroupDetailList: [...(d.GroupDetailList ?? [])].reverse(),
        RoleDetailList: [...(d.RoleDetailList ?? [])].reverse(),
        Policies: [...(d.Policies ?? [])].reverse().map((p) => ({ ...p, PolicyVersionList: [...(p.PolicyVersionList ?? [])].reverse() })),
      },
    };
    const again = adopt(shuffled, { now: NOW });
    expect(again.yaml).toBe(result.yaml);
    expect(again.report).toBe(result.report);
  });

  it.each([
    ["role", "web", "role-web"],
    ["user", "alice.smith@example.com", "user-alice_2esmith_40example_2ecom"],
    ["policy", "a+b=c,d", "policy-a_2bb_3dc_2cd"],
  ] as const)("ids: %s %s -> %s", (kind, name, id) => {
    expect(adoptedId(kind, name)).toBe(id);
  });

  it("keeps long names within 100 characters, still distinct", () => {
    const a = adoptedId("policy", `${"x".repeat(120)}a`);
    const b = adoptedId("policy", `${"x".repeat(120)}b`);
    expect(a.length).toBeLessThanOrEqual(100);
    expect(a).not.toBe(b);
  });
});

describe("adopt: documents as the CLI prints them or as the API returns them", () => {
  const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/a b+c%d" }] };
  it.each([
    ["an object", doc],
    ["JSON text", JSON.stringify(doc)],
    ["URL-encoded JSON (RFC 3986)", encodeURIComponent(JSON.stringify(doc))],
    ["URL-encoded JSON (spaces as +)", encodeURIComponent(JSON.stringify(doc)).replace(/%20/g, "+")],
    ["URL-encoded pretty JSON", encodeURIComponent(JSON.stringify(doc, null, 4))],
  ])("%s", (_label, value) => {
    expect(decodeDocument(value)).toEqual({ ok: true, doc });
  });

  it.each([["a number", 3], ["garbage text", "not a policy"], ["a list", [doc]]])("refuses %s with a reason", (_l, value) => {
    expect(decodeDocument(value)).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
