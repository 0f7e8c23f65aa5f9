/**
 * Kinds 1 and 2 of issue 11: IAM names are case-insensitive and unique per entity type in an account. Two
 * entities whose names differ only in letter case (or not at all) are refused in one stack, and across the stacks
 * of one app that target the same account (allowedAccountIds, or the deploy role's account); both routes.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { UserGroup } from "../../modules/constructs/user-group";
import type { Construct } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import type { IamStackProps } from "../../modules/stack/iam-stack";
import { app, expectAccepted, expectRefused, stack, synthAll, viaCode, viaConfig, yaml } from "./support";

type Kind = "role" | "user" | "group" | "policy" | "instance profile";
const KINDS: Kind[] = ["role", "user", "group", "policy", "instance profile"];
const PAIRS: [string, string][] = [
  ["App", "app"],
  ["APP", "app"],
  ["dup", "dup"],
  ["Build-Agent", "build-agent"],
  ["ci.Deploy@x", "CI.deploy@X"],
];

const doc = () => new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }] });

/** Declares one entity of `kind` named `name` with construct id `id`. */
function declare(scope: Construct, kind: Kind, id: string, name: string): void {
  switch (kind) {
    case "role":
      new Ec2InstanceRole(scope, id, { name, instanceProfile: { name: `${id}-profile` } });
      return;
    case "user":
      new ServiceUser(scope, id, { name });
      return;
    case "group":
      new UserGroup(scope, id, { name });
      return;
    case "policy":
      new ManagedPolicy(scope, id, { name, document: doc() });
      return;
    case "instance profile":
      new Ec2InstanceRole(scope, id, { name: `${id}-role`, instanceProfile: { name } });
  }
}

/** The config entry of `kind` named `name`. */
function entry(kind: Kind, name: string, i: number): { key: string; text: string } {
  const n = JSON.stringify(name);
  switch (kind) {
    case "role":
      return { key: "roles", text: `{ id: r${i}, name: ${n}, instanceProfile: { name: p${i} } }` };
    case "user":
      return { key: "users", text: `{ id: u${i}, name: ${n} }` };
    case "group":
      return { key: "groups", text: `{ id: g${i}, name: ${n} }` };
    case "policy":
      return { key: "policies", text: `{ id: p${i}, name: ${n}, statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::bucket/*'] }] }` };
    case "instance profile":
      return { key: "roles", text: `{ id: r${i}, name: role${i}, instanceProfile: { name: ${n} } }` };
  }
}

const RULE = /unique in an account|already taken/;
const cases = KINDS.flatMap((kind) => PAIRS.map(([a, b]) => [kind, a, b] as const));

describe("names differing only in case, or equal, are refused", () => {
  it.each(cases)("code, one stack: two %ss %s and %s", (kind, a, b) => {
    const out = viaCode(() => {
      const s = stack();
      declare(s, kind, "first", a);
      declare(s, kind, "second", b);
      synthAll(s);
    });
    expectRefused(out, { where: /s\/second/, what: b, rule: RULE, fix: /own name/ }, "code");
  });

  const accounts: [string, Partial<IamStackProps>][] = [
    ["allowedAccountIds", { allowedAccountIds: ["123456789012"] }],
    ["the deploy role's account", { assumeRole: { roleArn: "arn:aws:iam::123456789012:role/deploy" } }],
  ];
  describe.each(accounts)("code, two stacks of one account (%s)", (_how, target) => {
    it.each(cases)("two %ss %s and %s", (kind, a, b) => {
      const out = viaCode(() => {
        const root = app();
        const x = stack({ ...target }, "x", root);
        const y = stack({ ...target, region: "us-east-1" }, "y", root);
        declare(x, kind, "e", a);
        declare(y, kind, "e", b);
        synthAll(y);
      });
      expectRefused(out, { where: /^y\/e/, what: b, rule: /account 123456789012/, fix: /own name/ }, "code");
    });
  });

  it.each(cases)("config, one stack: two %ss %s and %s", (kind, a, b) => {
    const first = entry(kind, a, 1);
    const second = entry(kind, b, 2);
    const out = viaConfig(yaml(`${first.key}:`, `  - ${first.text}`, `  - ${second.text}`));
    expectRefused(out, { where: new RegExp(`${first.key}\\[1\\]`), what: b, rule: RULE }, "config");
  });

  it.each(cases)("config, two stacks of one account: two %ss %s and %s", (kind, a, b) => {
    const first = entry(kind, a, 1);
    const second = entry(kind, b, 2);
    const out = viaConfig(
      yaml(
        "stacks:",
        `  - { name: one, allowedAccountIds: ['123456789012'], ${first.key}: [${first.text}] }`,
        `  - { name: two, region: us-east-1, allowedAccountIds: ['123456789012'], ${second.key}: [${second.text}] }`,
      ),
    );
    expectRefused(out, { where: new RegExp(`stacks\\[1\\]\\.${second.key}\\[0\\]`), what: b, rule: /account 123456789012/ }, "config");
  });
});

describe("names that may coexist are accepted", () => {
  it.each(cases)("code, two stacks of different accounts: %ss %s and %s", (kind, a, b) => {
    const out = viaCode(() => {
      const root = app();
      const x = stack({ allowedAccountIds: ["123456789012"] }, "x", root);
      const y = stack({ allowedAccountIds: ["210987654321"] }, "y", root);
      declare(x, kind, "e", a);
      declare(y, kind, "e", b);
      synthAll(y);
    });
    expectAccepted(out);
  });

  it.each(PAIRS)("one name across different entity types (%s, %s)", (a) => {
    expectAccepted(
      viaCode(() => {
        const s = stack();
        new Ec2InstanceRole(s, "r", { name: a });
        new ServiceUser(s, "u", { name: a });
        new UserGroup(s, "g", { name: a });
        new ManagedPolicy(s, "p", { name: a, document: doc() });
        synthAll(s);
      }),
    );
  });

  it.each(KINDS)("config: %s names differing in more than case", (kind) => {
    const first = entry(kind, "app-one", 1);
    const second = entry(kind, "app-two", 2);
    expectAccepted(viaConfig(yaml(`${first.key}:`, `  - ${first.text}`, `  - ${second.text}`)));
  });
});

describe("things an account or user has one of", () => {
  it.each([1, 2, 3])("code: %i extra password policies in one stack", (extra) => {
    const out = viaCode(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AccountPasswordPolicy } = require("../../modules/constructs/account-password-policy") as typeof import("../../modules/constructs/account-password-policy");
      const s = stack();
      for (let i = 0; i <= extra; i++) new AccountPasswordPolicy(s, `pp${i}`);
      synthAll(s);
    });
    expectRefused(out, { where: "s/pp1", rule: /already has an account password policy/, fix: /one AccountPasswordPolicy per account/ }, "code");
  });

  it("code: password policies in two stacks of one account", () => {
    const out = viaCode(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AccountPasswordPolicy } = require("../../modules/constructs/account-password-policy") as typeof import("../../modules/constructs/account-password-policy");
      const root = app();
      new AccountPasswordPolicy(stack({ allowedAccountIds: ["123456789012"] }, "x", root), "pp");
      new AccountPasswordPolicy(stack({ allowedAccountIds: ["123456789012"] }, "y", root), "pp");
      synthAll(root.node.findChild("y") as never);
    });
    expectRefused(out, { where: "y/pp", rule: /account 123456789012/ }, "code");
  });

  it("config: password policies in two stacks of one account", () => {
    const out = viaConfig(
      yaml("stacks:", "  - { name: one, allowedAccountIds: ['123456789012'], passwordPolicy: {} }", "  - { name: two, allowedAccountIds: ['123456789012'], passwordPolicy: {} }"),
    );
    expectRefused(out, { where: "stacks[1].passwordPolicy", rule: /already has an account password policy/ }, "config");
  });

  it.each(["u", "User-1", "ci@example"])("code: two rotating access keys on user %s", (name) => {
    const out = viaCode(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { RotatingAccessKey } = require("../../modules/constructs/access-key-rotation") as typeof import("../../modules/constructs/access-key-rotation");
      const s = stack();
      const u = new ServiceUser(s, "user", { name });
      new RotatingAccessKey(s, "k1", { user: u.userName });
      new RotatingAccessKey(s, "k2", { user: u.userName });
      synthAll(s);
    });
    expectRefused(out, { where: "s/k2", rule: /already has a rotating access key/, fix: /one access key per user/ }, "code");
  });
});
