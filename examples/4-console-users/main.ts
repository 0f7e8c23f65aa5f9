/**
 * Example 4: human console users in a group, with MFA enforcement and an account password policy.
 *
 * - The account password policy (one per account): 14 characters, all character classes, no reuse of the last
 *   24 passwords, no forced expiry (current NIST guidance).
 * - The group `developers` (path `/humans/`) carries the permissions (`ViewOnlyAccess`: see resources and their
 *   configuration, not their data) and the MFA-enforcement policy: until a member signs in with MFA, every action
 *   except setting a password and enrolling an MFA device is denied.
 * - Each human is a user with a login profile: AWS generates the first password, Terraform keeps it only
 *   encrypted with the person's PGP key (output `..._encrypted_password`), and it must be changed at first sign-in.
 *
 *   node scripts/run.js examples/4-console-users/main.ts      # writes cdktf.out/stacks/console-users/
 *
 * Replace the PGP keys: `gpg --export <key id> | base64 -w0`, or `keybase:<username>`.
 */
import { AccountPasswordPolicy } from "../../modules/constructs/account-password-policy";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { UserGroup } from "../../modules/constructs/user-group";
import type { Construct } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { runExample } from "../runner";
import type { ExampleOptions } from "../runner";

/** The humans: construct id, IAM user name, PGP key. */
const HUMANS: readonly (readonly [string, string, string])[] = [
  ["Alice", "alice", "keybase:alice_example"],
  ["Bob", "bob", "keybase:bob_example"],
];

export type { ExampleOptions };

/** Builds the example's stack into `app`. */
export function build(app: Construct, { offline = false }: ExampleOptions = {}): IamStack {
  const stack = new IamStack(app, "console-users", { region: "eu-west-1", offline, defaultTags: { example: "4-console-users" } });
  new AccountPasswordPolicy(stack, "PasswordPolicy", {});
  const developers = new UserGroup(stack, "Developers", {
    name: "developers",
    path: "/humans/",
    managedPolicies: [AwsManagedPolicy.fromName("ViewOnlyAccess")],
    enforceMfa: true,
  });
  for (const [id, name, pgpKey] of HUMANS) {
    new ServiceUser(stack, id, {
      name,
      path: "/humans/",
      groups: [developers.name],
      // MFA is enforced by the group, for every member.
      console: { pgpKey, enforceMfa: false },
    });
  }
  return stack;
}

runExample(__filename, build);
