/**
 * Agreement with an independent IAM evaluator: @cloud-copilot/iam-simulate (a dev dependency, AGPL, tests only).
 * Every policy set below is asked every request; with a closed context (missing keys absent, as in a real request)
 * our decide() must give the simulator's answer.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { awsManagedPolicyDocument, buildPrincipal, decide } from "../../modules/analysis";
import { ACCOUNT, doc } from "./support";

const USER = "alice";
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/${USER}`;
const TAGS = { team: "blue" };

type Doc = ReturnType<typeof doc>;
interface PolicySet {
  readonly name: string;
  readonly identity: Doc[];
  readonly boundary?: Doc;
}

const S = (o: Record<string, unknown>) => o;
const sets: PolicySet[] = [
  { name: "s3 read on one bucket", identity: [doc(S({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"] }))] },
  { name: "iam wildcard actions", identity: [doc(S({ Effect: "Allow", Action: ["iam:Get*", "iam:List*", "iam:PassRol?"], Resource: "*" }))] },
  { name: "allow then deny PassRole", identity: [doc(S({ Effect: "Allow", Action: "iam:*", Resource: "*" }), S({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" }))] },
  { name: "NotAction admin except iam", identity: [doc(S({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }))] },
  { name: "NotResource", identity: [doc(S({ Effect: "Allow", Action: "s3:*", NotResource: ["arn:aws:s3:::secret", "arn:aws:s3:::secret/*"] }))] },
  {
    name: "self-service keys",
    identity: [doc(S({ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:UpdateAccessKey", "iam:ChangePassword"], Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }))],
  },
  {
    name: "deny NotResource except caller",
    identity: [doc(S({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" }), S({ Effect: "Deny", Action: "iam:CreateAccessKey", NotResource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }))],
  },
  { name: "principal tag in resource", identity: [doc(S({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::data/${aws:PrincipalTag/team}/*" }))] },
  {
    name: "conditions",
    identity: [
      doc(
        S({ Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": "autoscaling.amazonaws.com" } } }),
        S({ Effect: "Allow", Action: "ec2:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "blue" }, Bool: { "aws:SecureTransport": "true" } } }),
        S({ Effect: "Deny", Action: "ec2:TerminateInstances", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }),
        S({ Effect: "Allow", Action: "s3:PutObject", Resource: "*", Condition: { StringLike: { "s3:x-amz-acl": ["${aws:username}-*"] }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }),
        S({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } }),
        S({ Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*", Condition: { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } } }),
        S({ Effect: "Allow", Action: "iam:TagRole", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "owner"] } } }),
        S({ Effect: "Allow", Action: "iam:UntagRole", Resource: "*", Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": ["tmp-*"] } } }),
        S({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*", Condition: { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "3600" }, "Null": { "aws:MultiFactorAuthAge": "false" } } }),
        S({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*", Condition: { StringEqualsIfExists: { "ssm:Recursive": "false" } } }),
      ),
    ],
  },
  {
    name: "admin under a boundary",
    identity: [doc(S({ Effect: "Allow", Action: "*", Resource: "*" }))],
    boundary: doc(S({ Effect: "Allow", Action: ["s3:*", "ec2:*", "iam:Get*"], Resource: "*" }), S({ Effect: "Deny", Action: "ec2:TerminateInstances", Resource: "*" })),
  },
];

// Real AWS managed policy documents (the committed data), each on its own.
for (const name of ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "IAMFullAccess", "AmazonSSMManagedInstanceCore", "AWSLambda_FullAccess", "AmazonEC2FullAccess", "AmazonS3ReadOnlyAccess"]) {
  const managed = awsManagedPolicyDocument(name);
  if (!managed) throw new Error(`no AWS managed policy ${name}`);
  sets.push({ name: `AWS managed ${name}`, identity: [managed.document as Doc] });
}

type Req = [action: string, resource: string, context: Record<string, string | string[]>];
const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
const requests: Req[] = [
  ["s3:GetObject", "arn:aws:s3:::data/blue/report.csv", {}],
  ["s3:GetObject", "arn:aws:s3:::data/red/report.csv", {}],
  ["s3:GetObject", "arn:aws:s3:::secret/key", {}],
  ["s3:ListBucket", "arn:aws:s3:::data", {}],
  ["s3:PutObject", "arn:aws:s3:::data/home/alice/x", { "aws:SourceIp": "10.1.2.3", "s3:x-amz-acl": "alice-private" }],
  ["s3:PutObject", "arn:aws:s3:::data/home/alice/x", { "aws:SourceIp": "192.168.1.1", "s3:x-amz-acl": "alice-private" }],
  ["s3:PutObject", "arn:aws:s3:::data/home/alice/x", { "aws:SourceIp": "10.1.2.3", "s3:x-amz-acl": "bob-private" }],
  ["iam:GetRole", role("admin"), {}],
  ["iam:PassRole", role("admin"), {}],
  ["iam:PassRole", role("app"), { "iam:PassedToService": "ec2.amazonaws.com" }],
  ["iam:PassRole", role("app"), { "iam:PassedToService": "lambda.amazonaws.com" }],
  ["iam:CreateAccessKey", USER_ARN, {}],
  ["iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/admin`, {}],
  ["iam:ChangePassword", USER_ARN, {}],
  ["iam:CreateServiceLinkedRole", role("aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"), { "iam:AWSServiceName": "autoscaling.amazonaws.com" }],
  ["iam:CreateServiceLinkedRole", role("aws-service-role/x"), { "iam:AWSServiceName": "lambda.amazonaws.com" }],
  ["iam:AttachRolePolicy", role("app"), { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
  ["iam:AttachRolePolicy", role("app"), { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" }],
  ["iam:TagRole", role("app"), { "aws:TagKeys": ["team"] }],
  ["iam:TagRole", role("app"), { "aws:TagKeys": ["team", "admin"] }],
  ["iam:UntagRole", role("app"), { "aws:TagKeys": ["tmp-1", "x"] }],
  ["iam:UntagRole", role("app"), { "aws:TagKeys": ["x"] }],
  ["ec2:StartInstances", `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`, { "aws:SecureTransport": "true" }],
  ["ec2:StartInstances", `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`, { "aws:SecureTransport": "false" }],
  ["ec2:TerminateInstances", `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`, { "aws:SecureTransport": "true", "aws:RequestedRegion": "eu-west-1" }],
  ["ec2:TerminateInstances", `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`, { "aws:SecureTransport": "true", "aws:RequestedRegion": "us-east-1" }],
  ["sts:AssumeRole", role("admin"), { "aws:MultiFactorAuthAge": "100" }],
  ["sts:AssumeRole", role("admin"), { "aws:MultiFactorAuthAge": "7200" }],
  ["sts:AssumeRole", role("admin"), {}],
  ["ssm:GetParameter", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/key`, {}],
  ["organizations:ListAccounts", "*", {}],
  ["sqs:SendMessage", `arn:aws:sqs:eu-west-1:${ACCOUNT}:queue`, {}],
];

const SIM: Record<string, string> = { Allowed: "allowed", ExplicitlyDenied: "denied", ImplicitlyDenied: "implicit-deny" };

async function simulate(set: PolicySet, [action, resource, context]: Req): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: USER_ARN,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: { "aws:username": USER, "aws:PrincipalTag/team": TAGS.team, ...context },
      },
      identityPolicies: set.identity.map((policy, i) => ({ name: `p${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(set.boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: set.boundary }] } : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`${set.name}: ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  // A key the simulator ignores (not valid for the action) would make the comparison meaningless.
  if (result.resultType === "single" && result.result.ignoredContextKeys?.length) {
    throw new Error(`${action}: the simulator ignored context keys ${result.result.ignoredContextKeys.join(", ")}`);
  }
  return SIM[result.overallResult] ?? result.overallResult;
}

describe("decide agrees with iam-simulate", () => {
  test.each(sets.map((s) => [s.name, s] as const))("%s", async (_name, set) => {
    const principal = buildPrincipal({
      kind: "user",
      name: USER,
      accountId: ACCOUNT,
      tags: TAGS,
      policies: set.identity.map((document, i) => ({ kind: "managed" as const, name: `p${i}`, document })),
      ...(set.boundary ? { boundary: { kind: "managed" as const, name: "boundary", document: set.boundary } } : {}),
    });
    const ours: string[] = [];
    const theirs: string[] = [];
    for (const req of requests) {
      const label = `${req[0]} ${req[1]} ${JSON.stringify(req[2])}`;
      ours.push(`${label} -> ${decide(principal, req[0], req[1], req[2], { closedContext: true }).decision}`);
      theirs.push(`${label} -> ${await simulate(set, req)}`);
    }
    expect(ours).toEqual(theirs);
  });

  test("the table exercises every outcome", async () => {
    const seen = new Set<string>();
    for (const set of sets) for (const req of requests) seen.add(await simulate(set, req));
    expect([...seen].sort()).toEqual(["allowed", "denied", "implicit-deny"]);
  });
});
