/**
 * The credential-exposure check sees principals through their groups, whatever route made the membership: a
 * ServiceUser's `groups` (by reference or by name, any case), `policiesVia: "group"`, separate
 * `aws_iam_user_group_membership` / `aws_iam_group_membership` resources, and the config file's `groups`.
 * A member of a group that can read and decrypt a stored key is an exposure; near misses are not.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { IamGroupMembership } from "@cdktf/provider-aws/lib/iam-group-membership";
import { IamUserGroupMembership } from "@cdktf/provider-aws/lib/iam-user-group-membership";
import { DEFAULT_CONFIG_PATH, buildDefaultApp } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import { UserGroup } from "../../modules/constructs/user-group";
import type { App } from "../../modules/internal/cdktf";
import { PolicyDocument } from "../../modules/policy";
import { IamStack } from "../../modules/stack";
import { synthError, tempDir } from "../support/terraform";

const SECRET = "/integrations/sekoia/sekoia-iam-reader/secret-access-key";

type Join = "reference" | "name" | "name in other case" | "user-group-membership" | "group-membership" | "group-membership by names" | "none";
type Grant = "AdministratorAccess" | "PowerUserAccess" | "inline read+decrypt" | "ReadOnlyAccess" | "reader policy" | "inline read only";

function build(join: Join, grant: Grant) {
  return (app: App): void => {
    const stack = new IamStack(app, "creds", { region: "eu-west-1", offline: true });
    const owner = new ServiceUser(stack, "Sekoia", { name: "sekoia-iam-reader", accessKey: { storeIn: SsmStore.secure({ prefix: "/integrations/sekoia" }) } });
    const managed = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess"].includes(grant) ? [AwsManagedPolicy.fromName(grant)] : [];
    const inline: Record<string, PolicyDocument> = {};
    if (grant === "reader policy") inline.read = owner.credentialsReaderPolicy();
    if (grant === "inline read+decrypt" || grant === "inline read only") {
      inline.read = new PolicyDocument({
        statements: [
          { actions: ["ssm:GetParameter"], resources: [`arn:aws:ssm:eu-west-1:111122223333:parameter/integrations/sekoia/*`] },
          ...(grant === "inline read+decrypt" ? [{ actions: ["kms:Decrypt"], resources: ["arn:aws:kms:eu-west-1:111122223333:key/*"] }] : []),
        ],
      });
    }
    const group = new UserGroup(stack, "Ops", { name: "ops", managedPolicies: managed, inlinePolicies: inline });
    const groups = join === "reference" ? [group.name] : join === "name" ? ["ops"] : join === "name in other case" ? ["OPS"] : [];
    const member = new ServiceUser(stack, "Member", { name: "ops-one", groups });
    if (join === "user-group-membership") new IamUserGroupMembership(stack, "Joins", { user: member.user.name, groups: [group.name] });
    if (join === "group-membership") new IamGroupMembership(stack, "Members", { name: "ops-members", group: group.name, users: [member.user.name] });
    if (join === "group-membership by names") new IamGroupMembership(stack, "Members", { name: "ops-members", group: "Ops", users: ["OPS-ONE"] });
  };
}

describe("a user reads a stored key through a group", () => {
  const joins: Join[] = ["reference", "name", "name in other case", "user-group-membership", "group-membership", "group-membership by names"];
  const exposing: Grant[] = ["AdministratorAccess", "PowerUserAccess", "inline read+decrypt"];
  it.each(joins.flatMap((j) => exposing.map((g) => [j, g] as const)))("joined by %s, the group has %s: an exposure naming the member and the group", (join, grant) => {
    const message = synthError(build(join, grant));
    expect(message).toContain(`creds/Member: stored credential ${SECRET}`);
    expect(message).toContain(`user ops-one can read and decrypt ${SECRET}`);
    expect(message).toMatch(/\(through group ops\)|inline policy read of group ops/);
  });

  it.each([
    ["no member", "none", "AdministratorAccess"],
    ["the group cannot decrypt the credentials key (ReadOnlyAccess)", "reference", "ReadOnlyAccess"],
    ["the group reads but cannot decrypt (inline)", "user-group-membership", "inline read only"],
    ["the group holds the key's reader policy: its members are declared readers", "reference", "reader policy"],
  ] as const)("passes when %s", (_name, join, grant) => {
    expect(synthError(build(join, grant))).toBe("");
  });
});

describe("a user reads a stored key through a group (config file)", () => {
  const withGroup = (join: string, policies: string): string =>
    fs.readFileSync(DEFAULT_CONFIG_PATH, "utf8") +
    `  - id: OpsOne\n    name: ops-one\n${join ? `    groups: [${join}]\n` : ""}groups:\n  - id: Ops\n    name: ops\n    managedPolicies: [${policies}]\n`;
  const synthConfig = (text: string): string => {
    const file = path.join(tempDir("cfg-"), "iam.yaml");
    fs.writeFileSync(file, text);
    return synthError((app) => void buildDefaultApp(app, readAppSettings(app, {}), { configPath: file, env: {} }));
  };

  it.each([
    ["by id", "Ops"],
    ["by name", "ops"],
  ])("joined %s, the group has AdministratorAccess: the error points at the member in the file", (_name, join) => {
    const message = synthConfig(withGroup(join, "AdministratorAccess"));
    expect(message).toMatch(/iam\.yaml:\d+:\d+: users\[1\]\.stored credential \/integrations\/sekoia\/sekoia-iam-reader\/secret-access-key = user ops-one/);
    expect(message).toContain("AWS managed policy AdministratorAccess (through group ops)");
  });

  it.each([
    ["the group has no member", "", "AdministratorAccess"],
    ["the group only reads without decrypting", "Ops", "ReadOnlyAccess"],
  ])("passes when %s", (_name, join, policies) => {
    expect(synthConfig(withGroup(join, policies))).toBe("");
  });
});
