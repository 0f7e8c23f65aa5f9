/**
 * The config file reaches every prop of the TypeScript API that a file can express. The props are read from the
 * sources of the constructs, so a prop added there and forgotten in the JSON Schema fails this test (with the
 * prop's name); what a file deliberately cannot express is listed here with the reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import schema from "../../modules/config/schema.json";

const ROOT = path.join(__dirname, "..", "..");

/** The prop names of an exported interface, read from its source file. */
function propsOf(file: string, name: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const start = text.indexOf(`export interface ${name} `);
  if (start < 0) throw new Error(`${name} not found in ${file}`);
  const open = text.indexOf("{", start);
  let depth = 0;
  let end = open;
  for (; end < text.length; end++) {
    if (text[end] === "{") depth++;
    else if (text[end] === "}" && --depth === 0) break;
  }
  const body = text.slice(open + 1, end);
  // Only the props at the interface's own level (depth 0 inside the body).
  const out: string[] = [];
  let d = 0;
  for (const line of body.split("\n")) {
    const m = d === 0 ? /^\s*readonly (\w+)\??:/.exec(line) : null;
    if (m) out.push(m[1] as string);
    d += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  return out;
}

type Node = { properties?: Record<string, Node>; allOf?: { if: { properties: { [k: string]: { const: string } } }; then: Node }[]; $ref?: string };
const defs = (schema as unknown as { definitions: Record<string, Node> }).definitions;
const at = (...keys: string[]): Node => {
  let node: Node = { properties: defs as Record<string, Node> };
  for (const k of keys) {
    node = node.properties?.[k] as Node;
    if (node?.$ref) node = defs[node.$ref.replace("#/definitions/", "")] as Node;
    if (!node) throw new Error(`no schema node at ${keys.join(".")}`);
  }
  return node;
};
const branch = (node: Node, discriminator: string, value: string): Node => node.allOf!.find((b) => b.if.properties[discriminator]?.const === value)!.then;

const CASES: [string, string, string, Node, Record<string, string>][] = [
  ["modules/stack/iam-stack.ts", "IamStackProps", "stack settings", at("stackSettings"), { offline: "a setting of the run (context/environment), not of the declaration" }],
  ["modules/stack/iam-stack.ts", "DeployRole", "stack.assumeRole", at("stackSettings", "assumeRole"), {}],
  ["modules/stack/backend.ts", "LocalBackendProps", "backend local", branch(at("backend"), "type", "local"), {}],
  ["modules/stack/backend.ts", "S3BackendProps", "backend s3", branch(at("backend"), "type", "s3"), {}],
  ["modules/stack/backend.ts", "CloudBackendProps", "backend cloud", branch(at("backend"), "type", "cloud"), {}],
  ["modules/policy/statement.ts", "StatementProps", "statement", at("statement"), {}],
  ["modules/constructs/managed-policy.ts", "ManagedPolicyProps", "policies[]", at("policy"), { document: "written as statements, json and presets" }],
  ["modules/constructs/ec2-instance-role.ts", "Ec2InstanceRoleProps", "roles[]", at("role"), { ownPolicyName: "names the policy addToPolicy() fills, which only code calls" }],
  ["modules/constructs/ec2-instance-role.ts", "Ec2InstanceProfileOptions", "roles[].instanceProfile", at("role", "instanceProfile"), {}],
  ["modules/constructs/service-user.ts", "ServiceUserProps", "users[]", at("user"), {}],
  ["modules/constructs/service-user.ts", "ServiceUserAccessKeyProps", "users[].accessKey", at("user", "accessKey"), {}],
  ["modules/constructs/service-user.ts", "ServiceUserGroupProps", "users[].group", at("user", "group"), {}],
  ["modules/constructs/service-user.ts", "CredentialsReaderOptions", "users[].credentialsReaderPolicy", at("user", "credentialsReaderPolicy"), {}],
  ["modules/constructs/ssm-store.ts", "SsmSecureStoreProps", "users[].accessKey.storeIn", at("user", "accessKey", "storeIn"), {}],
  ["modules/constructs/console-access.ts", "ConsoleAccessProps", "users[].console", at("user", "console"), {}],
  ["modules/constructs/account-password-policy.ts", "AccountPasswordPolicyProps", "passwordPolicy", at("passwordPolicy"), {}],
  ["modules/constructs/user-group.ts", "UserGroupProps", "groups[]", at("group"), {}],
  ["modules/presets/s3-bucket.ts", "S3BucketPresetProps", "preset s3Bucket", branch(at("preset"), "preset", "s3Bucket"), {}],
  ["modules/presets/secrets-manager-reader.ts", "SecretsManagerReaderProps", "preset secretsManagerReader", branch(at("preset"), "preset", "secretsManagerReader"), {}],
  ["modules/presets/s3-bucket-lister.ts", "S3BucketListerOptions", "preset s3BucketLister", branch(at("preset"), "preset", "s3BucketLister"), {}],
];

describe("the config file covers the TypeScript props", () => {
  it.each(CASES)("%s %s -> %s", (file, iface, _where, node, excluded) => {
    const props = propsOf(file, iface);
    expect(props.length).toBeGreaterThan(0);
    const inSchema = Object.keys(node.properties ?? {});
    const missing = props.filter((p) => !inSchema.includes(p) && !(p in excluded));
    expect(missing).toEqual([]);
    // Exclusions name real props (so a removed prop does not leave a stale reason behind).
    for (const p of Object.keys(excluded)) expect(props).toContain(p);
  });
});
