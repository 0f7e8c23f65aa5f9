/**
 * Kind 4 of issue 11: service principals in the partition's form (`.amazonaws.com.cn` is China's form, and there
 * only for the services AWS names in that form), and principal types a role trust policy cannot hold (CanonicalUser); both routes.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { Principal, Statement } from "../../modules/policy";
import { expectAccepted, expectRefused, stack, synthAll, viaCode, viaConfig, yaml } from "./support";

const WRONG: [string, string, RegExp][] = [
  ["ecs-tasks.amazonaws.com.cn", "cn-north-1", /principals ending in \.amazonaws\.com\.cn/],
  ["lambda.amazonaws.com.cn", "cn-northwest-1", /principals ending in \.amazonaws\.com\.cn/],
  ["states.amazonaws.com.cn", "cn-north-1", /principals ending in \.amazonaws\.com\.cn/],
  ["ec2.amazonaws.com.cn", "eu-west-1", /China \(aws-cn\) form/],
  ["lambda.amazonaws.com.cn", "us-east-1", /China \(aws-cn\) form/],
  ["ecs-tasks.amazonaws.com.cn", "us-gov-west-1", /China \(aws-cn\) form/],
  ["ec2.amazonaws.com", "cn-north-1", /China partition the ec2 service principal is "ec2\.amazonaws\.com\.cn"/],
  ["ec2.c2s.ic.gov", "eu-west-1", /aws-iso form/],
];

const trust = (service: string) => [new Statement({ actions: ["sts:AssumeRole"], principals: [Principal.service(service)] })];

describe("service principals in another partition's form are refused", () => {
  it.each(WRONG)("code: trust statement %s in %s", (service, region, rule) => {
    const out = viaCode(() => {
      const s = stack({ region });
      new Ec2InstanceRole(s, "r", { name: "r", additionalTrustStatements: trust(service) });
      synthAll(s);
    });
    expectRefused(out, { where: /s\/r: additionalTrustStatements/, what: service, rule, fix: /Use the service principal "/ }, "code");
  });

  it.each(WRONG)("config: trust statement %s in %s", (service, region, rule) => {
    const out = viaConfig(yaml(`stack: { region: ${region} }`, `roles: [{ name: r, additionalTrustStatements: [{ actions: [sts:AssumeRole], principals: [{ service: ${service} }] }] }]`));
    expectRefused(out, { where: /roles\[0\]\.additionalTrustStatements\[0\]\.principals\[0\]/, what: service, rule }, "config");
  });

  it.each(WRONG.filter(([s]) => s.startsWith("ec2.")))("code: trustedService %s in %s", (service, region) => {
    const out = viaCode(() => {
      const s = stack({ region });
      new Ec2InstanceRole(s, "r", { name: "r", trustedService: service });
      synthAll(s);
    });
    expectRefused(out, { where: "s/r", what: service, rule: /ec2|EC2|partition/ }, "code");
  });

  it.each(WRONG.filter(([s]) => s.startsWith("ec2.")))("config: trustedService %s in %s", (service, region) => {
    expectRefused(viaConfig(yaml(`stack: { region: ${region} }`, `roles: [{ name: r, trustedService: ${service} }]`)), { where: "roles[0]", what: service, rule: /ec2|EC2|partition/ }, "config");
  });
});

describe("a CanonicalUser principal in a role trust policy is refused", () => {
  it.each(["a".repeat(64), "0123456789abcdef".repeat(4), "f".repeat(64)])("code: CanonicalUser %s", (id) => {
    const out = viaCode(() => {
      const s = stack();
      new Ec2InstanceRole(s, "r", { name: "r", additionalTrustStatements: [new Statement({ actions: ["sts:AssumeRole"], principals: [Principal.raw("CanonicalUser", id)] })] });
      synthAll(s);
    });
    expectRefused(out, { where: /s\/r: additionalTrustStatements\.statements\[0\]\.principals\[0\]/, what: id.slice(0, 20), rule: /cannot assume a role/, fix: /Principal\.account/ }, "code");
  });
});

describe("service principals in the partition's form are accepted (must pass)", () => {
  it.each([
    ["ecs-tasks.amazonaws.com", "cn-north-1"],
    ["lambda.amazonaws.com", "cn-northwest-1"],
    ["ec2.amazonaws.com.cn", "cn-north-1"],
    ["ecs-tasks.amazonaws.com", "eu-west-1"],
    ["lambda.amazonaws.com", "us-gov-west-1"],
    ["states.amazonaws.com", "us-east-1"],
  ])("code: %s in %s", (service, region) => {
    expectAccepted(
      viaCode(() => {
        const s = stack({ region });
        new Ec2InstanceRole(s, "r", { name: "r", additionalTrustStatements: trust(service) });
        synthAll(s);
      }),
    );
  });
});
