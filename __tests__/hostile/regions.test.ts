/**
 * Kind 3 of issue 11: regions and partitions, from the AWS SDK's partition data. Unknown regions are refused
 * naming the regions that exist, through code, the config file and the app's settings (AWS_REGION); a partition
 * that is not the region's, and literal ARNs of another partition in a stack, are refused.
 */
import { configDefaults } from "../../modules/app/default-app";
import { readAppSettings } from "../../modules/app/settings";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { Backend } from "../../modules/stack/backend";
import { regionsByPartition } from "../../modules/stack/partition";
import { app, expectAccepted, expectRefused, stack, synthAll, viaCode, viaConfig, yaml } from "./support";

const BAD_REGIONS = ["us-east-99", "xx-fake-1", "eu-west-9", "eu-wset-1", "EU-WEST-1", "eu-west-1 ", "us-east-1a", "moon-1", "cn-north-9", "us-gov-east-7"];

describe("regions that do not exist are refused, naming the regions that do", () => {
  it.each(BAD_REGIONS)("code: IamStack region %j", (region) => {
    expectRefused(viaCode(() => stack({ region })), { where: "s: region", what: region.trim() === region ? region : "eu-west-1", rule: /not an AWS region/, fix: /region/ }, "code");
  });

  it.each(BAD_REGIONS)("code: S3 backend region %j", (region) => {
    expectRefused(viaCode(() => stack({ backend: Backend.s3({ bucket: "acme-state", key: "iam.tfstate", region }) })), { where: "s: backend.region", rule: /regions of/, fix: /bucket's region/ }, "code");
  });

  it.each(BAD_REGIONS)("config: stack.region %j", (region) => {
    expectRefused(viaConfig(yaml(`stack: { region: ${JSON.stringify(region)} }`)), { where: /hostile\.yaml:1:\d+: stack(\.region)?/, rule: /region/ }, "config");
  });

  it.each(BAD_REGIONS)("config: stacks[0].region %j", (region) => {
    expectRefused(viaConfig(yaml("stacks:", `  - { name: a, region: ${JSON.stringify(region)} }`)), { where: /stacks\[0\]/, rule: /region/ }, "config");
  });

  it.each(BAD_REGIONS.filter((r) => r.trim() === r && r !== ""))("settings: AWS_REGION=%s", (region) => {
    const out = viaCode(() => {
      const a = app();
      const settings = readAppSettings(a, { AWS_REGION: region });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadConfigText } = require("../../modules/config") as typeof import("../../modules/config");
      loadConfigText(a, yaml("roles: [{ name: r }]"), "hostile.yaml", configDefaults(a, { ...settings, stackProps: { ...settings.stackProps, offline: true } }, {}));
    });
    expectRefused(out, { where: /hostile\.yaml/, what: region, rule: /not an AWS region/, fix: /AWS_REGION/ }, "config");
  });
});

describe("a partition that is not the region's is refused", () => {
  const pairs: [string, string][] = [
    ["aws-cn", "eu-west-1"],
    ["aws", "cn-north-1"],
    ["aws-us-gov", "us-east-1"],
    ["aws-cn", "us-gov-west-1"],
    ["aws", "us-gov-east-1"],
  ];
  it.each(pairs)("code: partition %s with region %s", (partition, region) => {
    expectRefused(viaCode(() => stack({ partition, region })), { where: "s: partition", what: partition, rule: `Region "${region}" belongs to partition`, fix: /Leave `partition` out/ }, "code");
  });
  it.each(pairs)("config: partition %s with region %s", (partition, region) => {
    expectRefused(viaConfig(yaml(`stack: { region: ${region}, partition: ${partition} }`)), { where: "stack.partition", rule: `Region "${region}" belongs to partition` }, "config");
  });
});

describe("literal ARNs of another partition are refused", () => {
  const arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::123456789012:policy/boundary"];
  it.each(arns)("code: attachment %s in a cn-north-1 stack", (arn) => {
    const out = viaCode(() => {
      const s = stack({ region: "cn-north-1" });
      new Ec2InstanceRole(s, "r", { name: "r", managedPolicies: [AwsManagedPolicy.fromArn(arn)] });
      synthAll(s);
    });
    expectRefused(out, { where: "s/r", what: arn, rule: /partition "aws" but the stack is in partition "aws-cn"/, fix: "arn:aws-cn:" }, "code");
  });
  it.each(arns)("code: permissions boundary %s in a cn-north-1 stack", (arn) => {
    const out = viaCode(() => {
      const s = stack({ region: "cn-north-1" });
      new Ec2InstanceRole(s, "r", { name: "r", permissionsBoundary: AwsManagedPolicy.fromArn(arn) });
      synthAll(s);
    });
    expectRefused(out, { where: "s/r", what: arn, rule: /partition "aws-cn"/, fix: "arn:aws-cn:" }, "code");
  });
  it.each(arns)("config: managedPolicies %s in a cn-north-1 stack", (arn) => {
    expectRefused(viaConfig(yaml("stack: { region: cn-north-1 }", `roles: [{ name: r, managedPolicies: ['${arn}'] }]`)), { where: "roles[0].managedPolicies[0]", what: arn, rule: /partition "aws-cn"/, fix: "arn:aws-cn:" }, "config");
  });
  it.each(arns)("config: permissionsBoundary %s in a cn-north-1 stack", (arn) => {
    expectRefused(viaConfig(yaml("stack: { region: cn-north-1 }", `users: [{ name: u, permissionsBoundary: '${arn}' }]`)), { where: "users[0].permissionsBoundary", what: arn, rule: /partition "aws-cn"/ }, "config");
  });
});

describe("every region of the SDK's data is accepted (must pass)", () => {
  const all = [...regionsByPartition().entries()].flatMap(([p, rs]) => rs.map((r) => [r, p] as const));
  it("knows the commercial, China and GovCloud regions", () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(all.map(([r]) => r)).toEqual(expect.arrayContaining(["eu-west-1", "us-east-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"]));
  });
  it.each(all)("code: %s (partition %s)", (region, partition) => {
    const out = viaCode(() => {
      const s = stack({ region });
      expect(s.partition).toBe(partition);
    });
    expectAccepted(out);
  });
  it.each(["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"])("config: a role with an AWS managed policy in %s", (region) => {
    expectAccepted(viaConfig(yaml(`stack: { region: ${region} }`, "roles: [{ name: r, managedPolicies: [ReadOnlyAccess] }]")));
  });
});
