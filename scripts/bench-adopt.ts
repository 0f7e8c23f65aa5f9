/**
 * npx tsx scripts/bench-adopt.ts [--roles 500] [--users 500] [--runs 3]
 *
 * Time to adopt a generated account (nothing is written to disk): N roles made like the console's EC2 roles (trust,
 * instance profile, a customer and an AWS managed policy attached, an inline policy), N users (an inline policy,
 * a managed policy, two groups each, one access key), 50 customer policies with 3 versions, 20 groups. Measures
 * `adopt()` end to end: mapping, the config text, its synthesis with every import block, and the review's findings.
 */
import { adopt } from "../modules/adopt";
import type { AccessKeyMetadata, AuthorizationDetails } from "../modules/adopt";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

export function generateAccount(roles: number, users: number): { details: AuthorizationDetails; keys: AccessKeyMetadata[] } {
  const A = "111122223333";
  const doc = (...s: object[]) => ({ Version: "2012-10-17", Statement: s });
  const policies = Array.from({ length: 50 }, (_, i) => ({
    PolicyName: `app-${i}-read`,
    Arn: `arn:aws:iam::${A}:policy/apps/app-${i}-read`,
    Path: "/apps/",
    DefaultVersionId: "v3",
    PolicyVersionList: ["v1", "v2", "v3"].map((v) => ({
      VersionId: v,
      IsDefaultVersion: v === "v3",
      Document: encodeURIComponent(JSON.stringify(doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::app-${i}-${v}`, `arn:aws:s3:::app-${i}-${v}/*`] }))),
    })),
  }));
  const groups = Array.from({ length: 20 }, (_, i) => ({
    GroupName: `team-${i}`,
    Arn: `arn:aws:iam::${A}:group/team-${i}`,
    Path: "/",
    AttachedManagedPolicies: [{ PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
    GroupPolicyList: [{ PolicyName: "self", PolicyDocument: doc({ Effect: "Allow", Action: ["iam:GetUser", "iam:ChangePassword"], Resource: `arn:aws:iam::${A}:user/\${aws:username}` }) }],
  }));
  const roleList = Array.from({ length: roles }, (_, i) => ({
    RoleName: `svc-${i}`,
    Arn: `arn:aws:iam::${A}:role/svc-${i}`,
    Path: "/",
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }))),
    InstanceProfileList: [{ InstanceProfileName: `svc-${i}`, Path: "/" }],
    AttachedManagedPolicies: [
      { PolicyName: `app-${i % 50}-read`, PolicyArn: `arn:aws:iam::${A}:policy/apps/app-${i % 50}-read` },
      { PolicyName: "AmazonSSMManagedInstanceCore", PolicyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
    ],
    RolePolicyList: [{ PolicyName: "queue", PolicyDocument: doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage"], Resource: `arn:aws:sqs:eu-west-1:${A}:svc-${i}` }) }],
    Tags: [{ Key: "app", Value: `svc-${i}` }],
    MaxSessionDuration: 3600,
  }));
  const userList = Array.from({ length: users }, (_, i) => ({
    UserName: `user-${i}`,
    Arn: `arn:aws:iam::${A}:user/people/user-${i}`,
    Path: "/people/",
    GroupList: [`team-${i % 20}`, `team-${(i + 7) % 20}`],
    AttachedManagedPolicies: [{ PolicyName: `app-${i % 50}-read`, PolicyArn: `arn:aws:iam::${A}:policy/apps/app-${i % 50}-read` }],
    UserPolicyList: [{ PolicyName: "own-prefix", PolicyDocument: doc({ Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::home/user-${i}/*` }) }],
    Tags: [{ Key: "team", Value: `team-${i % 20}` }],
  }));
  const keys = userList.map((u, i) => ({ UserName: u.UserName, AccessKeyId: `AKIABENCH${String(i).padStart(11, "0")}`, Status: "Active" as const, CreateDate: "2025-06-01T00:00:00Z" }));
  return { details: { RoleDetailList: roleList, UserDetailList: userList, GroupDetailList: groups, Policies: policies }, keys };
}

if (require.main === module || process.argv[1] === __filename) {
  const roles = arg("roles", 500);
  const users = arg("users", 500);
  const runs = arg("runs", 3);
  const { details, keys } = generateAccount(roles, users);
  const times: number[] = [];
  const cpu: number[] = [];
  let imports = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const result = adopt({ details, accessKeys: keys }, { now: new Date("2026-11-30T00:00:00Z") });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    imports = result.imports.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(
    `adopt ${roles} roles + ${users} users (50 policies, 20 groups): ${imports} import blocks; ` +
      `wall median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms (first ${times[0]?.toFixed(0)} ms), CPU median ${[...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)]?.toFixed(0)} ms over ${runs} runs; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
}
