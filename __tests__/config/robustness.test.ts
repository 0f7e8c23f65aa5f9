/**
 * Odd but possible inputs: every one ends in a ConfigError naming a line and a path (never a crash), and a
 * problem inside one entry does not hide the problems of the others.
 */
import { ConfigError, loadConfigText } from "../../modules/config";
import { Construct } from "../../modules/internal/cdktf";

function problems(text: string) {
  try {
    loadConfigText(new Construct(undefined as never, ""), text, "t.yaml", { stackName: "iam", stackProps: { region: "eu-west-1" } });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => ({ where: p.path, field: p.field, rule: p.rule }));
  }
  return [];
}

describe("odd inputs", () => {
  it.each([
    ["stack: null", "stack"],
    ["stacks: []", "stacks"],
    ["stacks: x", "stacks"],
    ["stacks: [null, {name: a}]", "stacks[0]"],
    ["roles: [null]", "roles[0]"],
    ["policies:", "policies"],
    ["policies: [{name: a}]", "policies[0].statements"],
    ["roles: [{name: r, inlinePolicies: {x: {}}}]", "roles[0].inlinePolicies.x.statements"],
    ["roles: [{name: r, inlinePolicies: {x: null}}]", "roles[0].inlinePolicies.x"],
    ["42", "(top level)"],
    ["policies: [{name: p, statements: [{actions: [], resources: []}]}]", "policies[0].statements[0].actions"],
    ["policies: [{name: p, statements: [{actions: s3:GetObject, resources: '*', conditions: {StringEquals: null}}]}]", "policies[0].statements[0].conditions.StringEquals"],
    ["policies: [{name: p, statements: [{actions: s3:GetObject, resources: '*', conditions: {NumericLessThan: {'aws:MultiFactorAuthAge': abc}}}]}]", 'policies[0].statements[0].conditions.NumericLessThan["aws:MultiFactorAuthAge"]'],
    ["roles: [{name: r, additionalTrustStatements: [{actions: [sts:AssumeRole], principals: [{arn: '*'}]}]}]", "roles[0].additionalTrustStatements[0].principals[0]"],
    ["users: [{name: u, accessKey: {storeIn: {prefix: /a}, pgpKey: 'keybase:abc'}}]", "users[0].accessKey"],
    ["users: [{name: u, accessKey: {storeIn: {prefix: /a, kmsKeyArn: 'alias/x'}}}]", "users[0].accessKey.storeIn.kmsKeyArn"],
    ["stacks: [{name: a, backend: {type: cloud, organization: acme}}]", "stacks[0].backend.workspace"],
    ["roles: [{namePrefix: r}]", "roles[0]"],
    ["roles: [{id: R, namePrefix: r, name: x}]", "roles[0].namePrefix"],
    ["roles: [{name: 'has space'}]", "roles[0].name"],
  ])("%s -> a problem at %s", (text, field) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((p) => p.field)).toContain(field);
    for (const p of found) expect(p.where).toMatch(/^t\.yaml(:\d+:\d+)?$/);
  });

  it("refuses a YAML alias bomb instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
    expect(problems(bomb)).toEqual([expect.objectContaining({ field: "(top level)", rule: expect.stringContaining("The YAML aliases cannot be expanded") })]);
  });

  it("still checks the entries of a stack whose name is taken twice", () => {
    const found = problems("stacks:\n  - name: a\n  - name: a\n    roles: [{name: r, managedPolicies: [ReadOnlyAccesss]}]\n");
    expect(found.map((p) => p.field)).toEqual(["stacks[1].name", "stacks[1].roles[0].managedPolicies[0]"]);
  });

  it("does not report twice what a broken entry would have caused", () => {
    // The user fails (no SSM), so its reader policy does not exist; the role referring to it is not blamed.
    const found = problems(
      "users:\n  - name: agent\n    accessKey: { pgpKey: 'keybase:agent_ops' }\n    credentialsReaderPolicy: { id: AgentKeysReader }\nroles:\n  - name: installer\n    managedPolicies: [AgentKeysReader]\n",
    );
    expect(found.map((p) => p.field)).toEqual(["users[0].accessKey.storeIn"]);
  });
});
