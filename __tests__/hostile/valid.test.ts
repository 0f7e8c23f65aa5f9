/**
 * The must-pass table of issue 11: valid borderline inputs are accepted through both routes. Exact limits,
 * Object.prototype member names (as IAM names, inline policy names and config ids), policy variables, 50 tags,
 * GovCloud and China regions, whitespace-padded pasted policies.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { UserGroup } from "../../modules/constructs/user-group";
import { PolicyDocument } from "../../modules/policy";
import { Testing } from "../../modules/internal/cdktf";
import { expectAccepted, expectRefused, stack, synthAll, viaCode, viaConfig, yaml } from "./support";

const doc = () => new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }] });
const PROTO = ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__"];

describe("Object.prototype member names are valid IAM names", () => {
  it.each(PROTO)("code: role, user, group and policy named %s", (name) => {
    expectAccepted(
      viaCode(() => {
        const s = stack();
        new Ec2InstanceRole(s, "r", { name, inlinePolicies: { [name]: doc() } });
        new ServiceUser(s, "u", { name, inlinePolicies: { [name]: doc() } });
        new UserGroup(s, "g", { name, inlinePolicies: { [name]: doc() } });
        new ManagedPolicy(s, "p", { name, document: doc() });
        synthAll(s);
      }),
    );
  });

  it.each(PROTO.filter((n) => n !== "__proto__"))("code: an inline policy named %s is written under that name", (name) => {
    const s = stack();
    new Ec2InstanceRole(s, "r", { name: "r", inlinePolicies: { [name]: doc() } });
    const json = JSON.parse(Testing.synth(s)) as { resource: { aws_iam_role_policy: Record<string, { name: string }> } };
    expect(Object.values(json.resource.aws_iam_role_policy).map((p) => p.name)).toEqual([name]);
  });

  const kinds: [string, (n: string) => string][] = [
    ["role", (n) => `roles: [{ name: ${n} }]`],
    ["user", (n) => `users: [{ name: ${n} }]`],
    ["group", (n) => `groups: [{ name: ${n} }]`],
    ["managed policy", (n) => `policies: [{ name: ${n}, statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::b/*'] }] }]`],
    ["role inline policy", (n) => `roles: [{ name: r, inlinePolicies: { ${n}: { statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::b/*'] }] } } }]`],
    ["user attaching a policy by that name", (n) => `policies: [{ name: ${n}, statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::b/*'] }] }]\nusers: [{ name: u, managedPolicies: [${n}] }]`],
  ];
  it.each(kinds.flatMap(([kind, text]) => PROTO.map((n) => [kind, n, text(n)] as const)))("config: %s named %s", (_kind, _name, text) => {
    expectAccepted(viaConfig(yaml(text)));
  });
});

describe("exact limits are accepted, one past them refused", () => {
  const at: [string, () => void, () => void, string][] = [
    ["role name of 64 characters", () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r".repeat(64) })), () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r".repeat(65) })), "s/r: name"],
    ["user name of 64 characters", () => synthAll(new ServiceUser(stack(), "u", { name: "u".repeat(64) })), () => synthAll(new ServiceUser(stack(), "u", { name: "u".repeat(65) })), "s/u: name"],
    ["group name of 128 characters", () => synthAll(new UserGroup(stack(), "g", { name: "g".repeat(128) })), () => synthAll(new UserGroup(stack(), "g", { name: "g".repeat(129) })), "s/g: name"],
    ["policy name of 128 characters", () => synthAll(new ManagedPolicy(stack(), "p", { name: "p".repeat(128), document: doc() })), () => synthAll(new ManagedPolicy(stack(), "p", { name: "p".repeat(129), document: doc() })), "s/p: name"],
    ["policy description of 1000 characters", () => synthAll(new ManagedPolicy(stack(), "p", { name: "p", description: "d".repeat(1000), document: doc() })), () => synthAll(new ManagedPolicy(stack(), "p", { name: "p", description: "d".repeat(1001), document: doc() })), "s/p: description"],
    ["role path of 512 characters", () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", path: `/${"a".repeat(510)}/` })), () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", path: `/${"a".repeat(511)}/` })), "s/r: path"],
    ["50 tags on a role", () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) })), () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) })), "s/r: tags"],
    ["max session duration of 12 hours", () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", maxSessionDuration: 43200 })), () => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", maxSessionDuration: 43201 })), "s/r: maxSessionDuration"],
  ];
  it.each(at)("code: %s", (_name, ok, _over, _where) => {
    expectAccepted(viaCode(ok));
  });
  it.each(at)("code: one past: %s", (_name, _ok, over, where) => {
    expectRefused(viaCode(over), { where, rule: /./ }, "code");
  });
  it.each([
    ["role name of 64 characters", `roles: [{ name: ${"r".repeat(64)} }]`],
    ["user name of 64 characters", `users: [{ name: ${"u".repeat(64)} }]`],
    ["50 tags on a role", `roles: [{ name: r, tags: { ${Array.from({ length: 50 }, (_, i) => `k${i}: v`).join(", ")} } }]`],
    ["GovCloud stack", "stack: { region: us-gov-west-1 }\nroles: [{ name: r, managedPolicies: [ReadOnlyAccess] }]"],
    ["China stack", "stack: { region: cn-northwest-1 }\nroles: [{ name: r, managedPolicies: [ReadOnlyAccess] }]"],
    ["China ARN in a China stack", "stack: { region: cn-north-1 }\nroles: [{ name: r, managedPolicies: ['arn:aws-cn:iam::aws:policy/ReadOnlyAccess'] }]"],
    ["policy variable", "policies: [{ name: p, statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::bucket/home/${aws:username}/*'] }] }]"],
  ])("config: %s", (_name, text) => {
    expectAccepted(viaConfig(yaml(text)));
  });
});

describe("policy variables and pasted policies", () => {
  it.each(["${aws:username}", "${aws:userid}", "${aws:PrincipalTag/team}", "${s3:prefix}"])("code: a resource with %s", (v) => {
    expectAccepted(viaCode(() => synthAll(new ManagedPolicy(stack(), "p", { name: "p", document: new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::bucket/home/${v}/*`] }] }) }))));
  });
  it.each(["\n\n", "   ", "\t", "\r\n"])("code: a pasted policy padded with %j", (pad) => {
    const text = `${pad}{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}${pad}`;
    expectAccepted(viaCode(() => synthAll(new ManagedPolicy(stack(), "p", { name: "p", document: PolicyDocument.fromJson(text) }))));
  });
});

describe("unclear refusals made clear", () => {
  it.each([200, 2000, 20000])("a YAML file nested %i levels deep is refused once, as too deep", (depth) => {
    const out = viaConfig(`a: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
    expectRefused(out, { where: "hostile.yaml", rule: /nested too deeply/ }, "config");
    expect(out.kind === "refused" && out.problems.length).toBe(1);
  });
  it.each([200, 20000])("a block-style YAML file nested %i levels deep is refused once", (depth) => {
    const text = Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " x\n";
    const out = viaConfig(text);
    expectRefused(out, { where: "hostile.yaml", rule: /nested too deeply|syntax|Expected|Unknown key/ }, "config");
    expect(out.kind === "refused" && out.problems.length).toBeLessThanOrEqual(2);
  });
  it.each([100, 20000])("pasted JSON nested %i levels deep is refused once", (depth) => {
    const out = viaCode(() => PolicyDocument.fromJson(`{"Version":"2012-10-17","Statement":${"[".repeat(depth)}${"]".repeat(depth)}}`));
    expectRefused(out, { where: "PolicyDocument.fromJson", rule: /nested \d+ levels deep/ }, "code");
  });
  it.each([
    ["ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
    ["arn:aws:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess"],
    ["AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
  ])("config: the same AWS managed policy as %s and %s gets a config fix", (a, b) => {
    for (const key of ["roles", "users", "groups"]) {
      const out = viaConfig(yaml(`${key}: [{ name: x, managedPolicies: ['${a}', '${b}'] }]`));
      expectRefused(out, { where: `${key}[0].managedPolicies[1]`, rule: /names the same policy/, fix: /Remove one of the two entries/ }, "config");
    }
  });
});
