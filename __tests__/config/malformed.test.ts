/**
 * Malformed config files (__tests__/fixtures/config/invalid/): each is rejected with every problem it has, at
 * once, each naming the file, the line, the path inside the file, what is wrong and how to fix it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, loadConfig } from "../../modules/config";
import { Construct } from "../../modules/internal/cdktf";
import { Backend } from "../../modules/stack";

const DIR = path.join(__dirname, "..", "fixtures", "config", "invalid");

/** file -> every problem expected: [line, path inside the file, text the rule or fix contains]. Line 0: no line. */
const EXPECTED: [string, [number, string, string][]][] = [
  // Syntax and shape of the file.
  ["syntax-bad-indent.yaml", [[2, "(top level) (syntax)", "Nested mappings are not allowed"], [2, "(top level) (syntax)", "Implicit keys need to be on a single line"]]],
  ["syntax-duplicate-key.yaml", [[3, "(top level) (syntax)", "Map keys must be unique"]]],
  ["invalid-json.json", [[4, "(top level) (syntax)", "Flow sequence in block collection"], [4, "(top level) (syntax)", "Flow map must end with a }"]]],
  ["empty.yaml", [[0, "(top level)", "The file is empty."]]],
  ["top-level-list.yaml", [[1, "(top level)", "Expected a mapping (key: value), found a list."]]],
  ["unknown-top-key.yaml", [[1, "role", "Did you mean `roles`?"]]],
  ["wrong-version.yaml", [[1, "version", "Must be 1."]]],
  ["stacks-and-top-level.yaml", [[1, "roles", "`roles` at the top level cannot be combined with `stacks`"]]],
  ["wrong-types.yaml", [[3, "roles[0].tags", "Expected a mapping (key: value), found a list"], [4, "roles[0].managedPolicies", "Expected a list, found a string"]]],
  // Stacks and backends.
  ["stack-bad-region.yaml", [[2, "stack.region", "AWS region"]]],
  ["backend-unknown-type.yaml", [[3, "stack.backend.type", "Not one of the accepted values: local, s3, cloud."]]],
  ["backend-s3-missing-key.yaml", [[2, "stack.backend.key", "`key` is required here"]]],
  ["backend-s3-encrypt-false.yaml", [[6, "stack.backend.encrypt", "The state holds secrets"]]],
  ["duplicate-stack-names.yaml", [[3, "stacks[1].name", 'Two stacks are named "prod"']]],
  ["shared-state.yaml", [[5, "stacks[1].backend", 'Stacks "one" and "two" would share one Terraform state']]],
  ["stack-broken-contents-checked.yaml", [[3, "stack.region", "Expected a string, found a whole number"], [6, "roles[0].managedPolicies[1]", "no AWS managed policy has this name"]]],
  ["account-id-unquoted.yaml", [[3, "stack.allowedAccountIds[0]", 'Quote it ("111122223333"): YAML reads unquoted digits as a number']]],
  ["deploy-role-bad-arn.yaml", [[3, "stack.assumeRole.roleArn", "This is not an IAM role ARN."]]],
  ["default-tags-reserved.yaml", [[3, 'stack.defaultTags["aws:owner"]', "reserved for AWS"]]],
  // Policies, statements and presets.
  ["policy-unknown-action.yaml", [[4, "policies[0].statements[0].actions[0]", "Did you mean s3:GetObject"]]],
  ["policy-wildcard-without-reason.yaml", [[4, "policies[0].statements[0].actions[0]", "allowBroad: { reason: ... }"]]],
  ["policy-no-id-or-name.yaml", [[2, "policies[0]", "A policy needs an `id` or a `name`"]]],
  ["policy-unknown-preset.yaml", [[4, "policies[0].presets[0].preset", 'Did you mean "s3Bucket"?']]],
  ["preset-missing-access.yaml", [[4, "policies[0].presets[0].access", "`access` is required here"]]],
  ["preset-bad-bucket.yaml", [[5, "policies[0].presets[0].bucket", "This is not an S3 bucket name"]]],
  ["preset-secret-not-an-arn.yaml", [[5, "policies[0].presets[0].secretArns[0]", "A secret ARN is arn:<partition>:secretsmanager"]]],
  ["statement-bad-effect.yaml", [[4, "policies[0].statements[0].effect", 'Did you mean "Deny"?']]],
  ["statement-bad-sid.yaml", [[4, "policies[0].statements[0].sid", "Statement id: letters and digits only"]]],
  ["statement-misspelt-key.yaml", [[4, "policies[0].statements[0].action", "Did you mean `actions`?"], [4, "policies[0].statements[0]", "A statement needs actions"]]],
  ["statement-bad-condition-operator.yaml", [[7, "policies[0].statements[0].conditions.StringEqual", "Did you mean StringEquals"]]],
  ["statement-bad-arn.yaml", [[5, "policies[0].statements[0].resources[0]", "An ARN has six parts"]]],
  ["policy-json-unknown-action.yaml", [[7, "policies[0].json.Statement[0].Action[1]", "Did you mean s3:GetObject"]]],
  ["duplicate-iam-names.yaml", [[6, "policies[1].name", 'Another policy of this stack (policies[0].name) has the name "reader"'], [12, "roles[1].name", "IAM role names are unique in an account"]]],
  ["duplicate-ids.yaml", [[7, "roles[0].id", 'The id "Backup" is already taken by policies[0]']]],
  // Roles.
  ["role-unknown-managed-policies.yaml", [[8, "roles[0].managedPolicies[0]", 'Did you mean "Inventory" (declared in this file)?'], [9, "roles[0].managedPolicies[1]", 'Did you mean "ReadOnlyAccess"']]],
  ["role-session-duration.yaml", [[3, "roles[0].maxSessionDuration", "from 3600 to 43200"]]],
  ["role-instance-profile-true.yaml", [[3, "roles[0].instanceProfile", "`instanceProfile` takes options or `false`"]]],
  ["role-too-many-policies.yaml", [[3, "roles[0].managedPolicies", "A role carries at most 10 managed policies"]]],
  ["role-trust-bad-principal.yaml", [[7, "roles[0].additionalTrustStatements[0].principals[0]", "A principal ARN names an account root, IAM user, IAM role or role session"]]],
  ["role-inline-policy-bad-name.yaml", [[4, 'roles[0].inlinePolicies["read backups"]', "Not a valid IAM policy name"]]],
  ["role-trust-two-principal-kinds.yaml", [[6, "roles[0].additionalTrustStatements[0].principals[0]", "Give exactly one of: service, account, arn, federated."]]],
  // Users, groups, the password policy.
  ["user-no-name.yaml", [[2, "users[0].name", "`name` is required here"]]],
  ["user-key-without-destination.yaml", [[3, "users[0].accessKey", "Set `storeIn: { prefix: /integrations/<system> }`"]]],
  ["user-ssm-prefix-reserved.yaml", [[5, "users[0].accessKey.storeIn.prefix", "must not be prefixed with `aws` or `ssm`"]]],
  ["user-rotation-negative.yaml", [[5, "users[0].accessKey.rotation.generation", "at least 0"], [5, "users[0].accessKey.rotation.every", "month, quarter, year"]]],
  ["user-reader-without-ssm.yaml", [[3, "users[0].accessKey.storeIn", "credentialsReaderPolicy grants reading the access key from SSM"]]],
  ["user-console-armored-pgp.yaml", [[4, "users[0].console.pgpKey", "not the ASCII-armored block"]]],
  ["group-unknown-policy.yaml", [[3, "groups[0].managedPolicies[0]", 'Did you mean "ViewOnlyAccess"?']]],
  ["group-uses-reader-policy.yaml", [[3, "groups[0].managedPolicies[0]", "is the credentialsReaderPolicy of a user that is built after this entry"]]],
  ["password-policy-too-short.yaml", [[2, "passwordPolicy.minimumPasswordLength", "from 6 to 128"], [3, "passwordPolicy.requireSymbols", "Expected true or false, found a string."]]],
  // Everything at once.
  [
    "many-errors.yaml",
    [
      [5, "policies[0].name", "IAM name: letters, digits"],
      [10, "roles[0].managedPolicies[1]", 'Did you mean "AmazonSSMManagedInstanceCore"?'],
      [11, "roles[0].instanceProfil", "Did you mean `instanceProfile`?"],
      [15, "users[0].accessKey.storeIn.prefix", 'For example: "/integrations/sekoia"'],
    ],
  ],
];

function errorOf(file: string): ConfigError {
  const root = new Construct(undefined as never, "");
  try {
    loadConfig(root, path.join(DIR, file), { stackName: "iam", stackProps: { region: "eu-west-1", backend: Backend.local(), offline: true } });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`${file} was accepted`);
}

describe("malformed config files", () => {
  it("are at least 30, and each has its expectations here", () => {
    const files = fs.readdirSync(DIR).sort();
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(EXPECTED.map(([f]) => f).sort()).toEqual(files);
  });

  it.each(EXPECTED)("%s is rejected with every expected problem", (file, expected) => {
    const error = errorOf(file);
    const shown = path.relative(process.cwd(), path.join(DIR, file));
    expect(error.message.split("\n")[0]).toBe(`Invalid config file ${shown}; nothing was synthesized (${expected.length} problem${expected.length === 1 ? "" : "s"}):`);
    const got = error.problems.map((p) => {
      const m = /:(\d+):(\d+)$/.exec(p.path);
      return { file: p.path.replace(/:\d+:\d+$/, ""), line: m ? Number(m[1]) : 0, field: p.field, text: `${p.rule} Fix: ${p.fix}`, fix: p.fix };
    });
    expect(got.map((g) => [g.line, g.field])).toEqual(expected.map(([line, field]) => [line, field]));
    got.forEach((g, i) => {
      expect(g.file).toBe(shown);
      expect(g.text).toContain((expected[i] as [number, string, string])[2]);
      expect(g.fix.length).toBeGreaterThan(5);
    });
  });
});
