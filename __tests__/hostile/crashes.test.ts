/**
 * The crash and hang kinds of issue 11: config lists written as mappings or scalars (nothing is built over a
 * schema error), public entry points called from plain JavaScript with missing or mistyped arguments (a
 * ValidationError naming the argument, never a TypeError), config paths that are not regular files (no hang), and
 * files that are not config files (their content is never echoed).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, loadConfig } from "../../modules/config";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { Condition, PolicyDocument, Principal, Statement } from "../../modules/policy";
import { Backend } from "../../modules/stack/backend";
import { IamStack } from "../../modules/stack/iam-stack";
import { DEFAULTS, app, expectRefused, stack, synthAll, viaCode, viaConfig, yaml } from "./support";

const LISTS = ["roles", "users", "groups", "policies"] as const;
const NOT_LISTS: [string, (k: string) => string][] = [
  ["a mapping", (k) => `${k}:\n  name: r\n`],
  ["a string", (k) => `${k}: alice\n`],
  ["a number", (k) => `${k}: 5\n`],
  ["true", (k) => `${k}: true\n`],
];

describe("config: a list written as a mapping or a scalar is refused, nothing is built", () => {
  it.each(LISTS.flatMap((k) => NOT_LISTS.map(([what, text]) => [k, what, text(k)] as const)))("top level: %s as %s", (key, _what, text) => {
    expectRefused(viaConfig(text), { where: `hostile.yaml:1:1: ${key}`, rule: /Expected a list/, fix: /list/ }, "config");
  });
  it.each(LISTS.flatMap((k) => NOT_LISTS.map(([what]) => [k, what] as const)))("in stacks[0]: %s as %s", (key, what) => {
    const value = what === "a mapping" ? "{ name: r }" : what === "a string" ? "alice" : what === "a number" ? "5" : "true";
    expectRefused(viaConfig(yaml(`stacks: [{ name: a, ${key}: ${value} }]`)), { where: `stacks[0].${key}`, rule: /Expected a list/ }, "config");
  });
  it.each(["stacks: { name: a }", "stacks: a", "stacks: 3", "stack: []", "stack: x"])("%s", (text) => {
    expectRefused(viaConfig(yaml(text)), { where: /hostile\.yaml:1:\d+: stacks?/, rule: /Expected/ }, "config");
  });
});

describe("code from plain JavaScript: missing or mistyped arguments give a ValidationError naming the argument", () => {
  const calls: [string, () => unknown, string | RegExp][] = [
    ["new IamStack(app, 's')", () => new (IamStack as never as new (a: unknown, b: string) => unknown)(app(), "s"), "s: props"],
    ["new IamStack(app, 's', null)", () => new IamStack(app(), "s", null as never), "s: props"],
    ["new IamStack(app, 's', 'eu-west-1')", () => new IamStack(app(), "s", "eu-west-1" as never), "s: props"],
    ["new IamStack(app, 's', {})", () => new IamStack(app(), "s", {} as never), "s: region"],
    ["new IamStack(app, 's', { region: 42 })", () => new IamStack(app(), "s", { region: 42 } as never), "s: region"],
    ["Backend.s3(undefined)", () => Backend.s3(undefined as never), "Backend.s3: props"],
    ["Backend.s3('bucket')", () => Backend.s3("bucket" as never), "Backend.s3: props"],
    ["Backend.cloud(null)", () => Backend.cloud(null as never), "Backend.cloud: props"],
    ["Backend.local('x')", () => Backend.local("x" as never), "Backend.local: props"],
    ["Principal.account(undefined)", () => Principal.account(undefined as never), "Principal.account: accountId"],
    ["Principal.account(123456789012)", () => Principal.account(123456789012 as never), "Principal.account: accountId"],
    ["Principal.service(undefined)", () => Principal.service(undefined as never), "Principal.service: name"],
    ["Principal.service(5)", () => Principal.service(5 as never), "Principal.service: name"],
    ["Principal.arn(null)", () => Principal.arn(null as never), "Principal.arn: roleOrUserArn"],
    ["Principal.federated(undefined)", () => Principal.federated(undefined as never), "Principal.federated: provider"],
    ["Principal.anyone(undefined)", () => Principal.anyone(undefined as never), "Principal.anyone: opts"],
    ["new Statement(undefined)", () => new Statement(undefined as never), "Statement: props"],
    ["actions as a string", () => new Statement({ actions: "s3:GetObject" as never, resources: ["*"] }), "Statement: actions"],
    ["resources as a string", () => new Statement({ actions: ["s3:GetObject"], resources: "*" as never }), "Statement: resources"],
    ["notActions as a string", () => new Statement({ notActions: "iam:*" as never, resources: ["*"] }), "Statement: notActions"],
    ["actions with a number", () => new Statement({ actions: [42 as never], resources: ["*"] }), "Statement: actions[0]"],
    ["conditions as a JSON object", () => new Statement({ actions: ["s3:GetObject"], resources: ["*"], conditions: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } as never }), "Statement: conditions"],
    ["conditions with a plain object", () => new Statement({ actions: ["s3:GetObject"], resources: ["*"], conditions: [{ operator: "StringEquals" } as never] }), "Statement: conditions[0]"],
    ["principals as strings", () => new Statement({ actions: ["sts:AssumeRole"], principals: ["arn:aws:iam::123456789012:root" as never] }), "Statement: principals[0]"],
    ["principals as an object", () => new Statement({ actions: ["sts:AssumeRole"], principals: { AWS: "*" } as never }), "Statement: principals"],
    ["a document statement in props form with a string", () => new PolicyDocument({ statements: [{ actions: "s3:GetObject" as never, resources: ["*"] }] }), "Statement: actions"],
  ];
  it.each(calls)("%s", (_name, run, where) => {
    expectRefused(viaCode(run), { where, rule: /must be|is a list|is made by|needs|not an AWS region|is an object|are an object|is a string/, fix: /Pass|Write|Use|Set|Call/ }, "code");
  });

  it("a string where actions are expected gives one problem, not one per character", () => {
    const out = viaCode(() => synthAll(new ManagedPolicy(stack(), "p", { name: "p", document: new PolicyDocument({ statements: [{ actions: "s3:GetObject" as never, resources: ["*"] }] }) })));
    expectRefused(out, { where: "Statement: actions", what: "s3:GetObject", rule: /not one string/, fix: 'actions: ["s3:GetObject"]' }, "code");
    expect(out.kind === "refused" && out.problems.length).toBe(1);
  });

  it("Principal.account(undefined) inside a role's trust statements", () => {
    expectRefused(viaCode(() => new Ec2InstanceRole(stack(), "r", { additionalTrustStatements: [new Statement({ actions: ["sts:AssumeRole"], principals: [Principal.account(undefined as never)] })] })), { where: "Principal.account: accountId", rule: /must be a non-empty string/ }, "code");
  });

  it("conditions as a JSON object through Condition.of keeps working for each entry", () => {
    const c = Object.entries({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }).flatMap(([op, block]) => Object.entries(block).map(([k, v]) => Condition.of(op, k, v)));
    expect(new Statement({ actions: ["s3:GetObject"], resources: ["*"], conditions: c }).toJSON().Condition).toEqual({ StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } });
  });
});

describe("config paths that are not regular files, and files that are not config files", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "iam-hostile-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const refusedFile = (file: string, rule: RegExp) => {
    let err: unknown;
    try {
      loadConfig(app(), file, DEFAULTS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const p = (err as ConfigError).problems[0];
    expect(p?.rule).toMatch(rule);
    expect(p?.fix).toMatch(/config/);
    return err as ConfigError;
  };

  it("a FIFO is refused at once, not read (no hang)", () => {
    const fifo = path.join(dir, "config.yaml");
    execFileSync("mkfifo", [fifo]);
    refusedFile(fifo, /named pipe \(FIFO\), not a regular file/);
  });
  it("a folder is refused", () => {
    refusedFile(dir, /is a folder, not a regular file/);
  });
  it("a character device is refused", () => {
    refusedFile("/dev/null", /device or other special file|not a regular file/);
  });
  it("a missing file is refused", () => {
    refusedFile(path.join(dir, "missing.yaml"), /does not exist/);
  });

  const secrets: [string, string][] = [
    ["a passwd-like file", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"],
    ["a private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n"],
    ["a dotenv file", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"],
    ["a JSON list", '["hunter2", "s3cr3t-value"]\n'],
    ["a number", "314159265358979\n"],
  ];
  it.each(secrets)("%s is refused without echoing its content", (_name, content) => {
    const file = path.join(dir, `not-config-${content.length}.txt`);
    fs.writeFileSync(file, content);
    const err = refusedFile(file, /Expected a mapping|not shown|syntax|cannot|top level/);
    for (const line of content.split("\n").filter((l) => l.length > 6)) {
      for (const piece of [line, line.slice(0, 12), line.slice(-12)]) expect(err.message).not.toContain(piece);
    }
  });
});
