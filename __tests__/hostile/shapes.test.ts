/**
 * Kind 7 of issue 11: other shapes. Paths with wildcards, S3 backend KMS keys, Terraform Cloud host names, and stack
 * ids that would become folders and state paths outside the project; both routes where they apply.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { PolicyDocument } from "../../modules/policy";
import { Backend } from "../../modules/stack/backend";
import { app, expectAccepted, expectRefused, stack, synthAll, viaCode, viaConfig, yaml } from "./support";
import { IamStack } from "../../modules/stack/iam-stack";

const doc = () => new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }] });
const WILD_PATHS = ["/a*/", "/*/", "/team?/", "/ops/*/x/", "/**/"];

describe("IAM paths with wildcards are refused", () => {
  it.each(WILD_PATHS)("code: managed policy path %s", (path) => {
    expectRefused(viaCode(() => synthAll(new ManagedPolicy(stack(), "p", { name: "p", path, document: doc() }))), { where: "s/p: path", what: path, rule: /may not hold `\*` or `\?`/, fix: /for example "\/[^*?"]*"/ }, "code");
  });
  it.each(WILD_PATHS)("code: role path %s", (path) => {
    expectRefused(viaCode(() => synthAll(new Ec2InstanceRole(stack(), "r", { name: "r", path }))), { where: "s/r: path", what: path, rule: /wildcards/ }, "code");
  });
  it.each(WILD_PATHS)("code: user path %s", (path) => {
    expectRefused(viaCode(() => synthAll(new ServiceUser(stack(), "u", { name: "u", path }))), { where: /s\/u: path/, what: path, rule: /wildcards/ }, "code");
  });
  it.each(WILD_PATHS)("config: managed policy path %s", (path) => {
    expectRefused(viaConfig(yaml(`policies: [{ name: p, path: '${path}', statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::b/*'] }] }]`)), { where: "policies[0].path", what: path, rule: /wildcards|Not a valid/ }, "config");
  });
  it.each(WILD_PATHS)("config: role path %s", (path) => {
    expectRefused(viaConfig(yaml(`roles: [{ name: r, path: '${path}' }]`)), { where: "roles[0].path", what: path, rule: /wildcards|Not a valid/ }, "config");
  });
});

const BAD_KMS = ["my key", "key/1234", "arn:aws:kms:eu-west-1:123456789012:secret/x", "alias/", "1234abcd-12ab-34cd-56ef", "arn:aws:s3:::bucket"];
describe("S3 backend kmsKeyId that is neither a key id, an alias nor an ARN is refused", () => {
  it.each(BAD_KMS)("code: %s", (kmsKeyId) => {
    expectRefused(viaCode(() => stack({ backend: Backend.s3({ bucket: "acme-state", key: "iam.tfstate", kmsKeyId }) })), { where: "s: backend.kmsKeyId", what: kmsKeyId, rule: /KMS key id/, fix: /alias\/terraform-state/ }, "code");
  });
  it.each(BAD_KMS)("config: %s", (kmsKeyId) => {
    expectRefused(viaConfig(yaml(`stack: { backend: { type: s3, bucket: acme-state, key: iam.tfstate, kmsKeyId: '${kmsKeyId}' } }`)), { where: "stack.backend.kmsKeyId", what: kmsKeyId, rule: /KMS key id|Not a valid/ }, "config");
  });
  it.each(["1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab", "alias/terraform-state", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws-cn:kms:cn-north-1:123456789012:alias/state"])("must pass: %s", (kmsKeyId) => {
    expectAccepted(viaCode(() => stack({ backend: Backend.s3({ bucket: "acme-state", key: "iam.tfstate", kmsKeyId }) })));
  });
});

const URL_HOSTS = ["https://tfe.example.com/", "http://tfe.example.com", "tfe.example.com/", "https://tfe.example.com/app", "tfe example.com"];
describe("a Terraform Cloud hostname given as a URL is refused", () => {
  it.each(URL_HOSTS)("code: %s", (hostname) => {
    expectRefused(viaCode(() => stack({ backend: Backend.cloud({ organization: "acme", workspace: "iam", hostname }) })), { where: "s: backend.hostname", what: hostname, rule: /not a URL/, fix: /tfe\.example\.com|no scheme/ }, "code");
  });
  it.each(URL_HOSTS)("config: %s", (hostname) => {
    expectRefused(viaConfig(yaml(`stack: { backend: { type: cloud, organization: acme, workspace: iam, hostname: '${hostname}' } }`)), { where: "stack.backend.hostname", what: hostname, rule: /not a URL|Not a valid/ }, "config");
  });
  it.each(["tfe.example.com", "app.terraform.io", "tfe.internal:8443"])("must pass: %s", (hostname) => {
    expectAccepted(viaCode(() => stack({ backend: Backend.cloud({ organization: "acme", workspace: "iam", hostname }) })));
  });
});

const BAD_IDS = ["../../outside", "a/b", "..", ".hidden", "x y", "-dash", "a\\b", "../x"];
describe("stack ids that would leave the project are refused", () => {
  it.each(BAD_IDS)("code: %j", (id) => {
    expectRefused(viaCode(() => new IamStack(app(), id, { region: "eu-west-1" })), { where: /: id$/, what: JSON.stringify(id).slice(1, -1), rule: /names the stack's folder/, fix: /Give an id/ }, "code");
  });
  it.each(BAD_IDS)("config: stack name %j", (id) => {
    expectRefused(viaConfig(yaml("stacks:", `  - { name: ${JSON.stringify(id)} }`)), { where: "stacks[0]", rule: /stack|Not a valid|folder/ }, "config");
  });
  it.each(["iam", "iam-production", "iam_eu.west", "A1"])("must pass: %s", (id) => {
    expectAccepted(viaCode(() => new IamStack(app(), id, { region: "eu-west-1" })));
  });
});
