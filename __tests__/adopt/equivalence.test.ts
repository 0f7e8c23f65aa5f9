/**
 * Round trip under an IAM evaluator (@cloud-copilot/iam-simulate, a dev dependency): for every document of the
 * fixture account (customer policies' default versions, inline policies of roles, users and groups, trust
 * policies), the policy the adopted config synthesizes decides every request the source document mentions
 * exactly as the source does: its actions (wildcards expanded to sample actions), its resources (wildcards filled
 * in), with and without the context its conditions test.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { decodeDocument } from "../../modules/adopt";
import { adoptedId } from "../../modules/adopt";
import { adoptFixture, fixtureInput } from "./support";

const ACCOUNT = "111122223333";
const result = adoptFixture();
const input = fixtureInput();
const resources = result.tfJson.resource as Record<string, Record<string, Record<string, unknown>>>;

/** The synthesized document of a resource type under a construct path prefix (Terraform's `$${` unescaped). */
function synthesized(type: string, pathPrefix: string, attr: string): object {
  const hit = Object.values(resources[type] ?? {}).find((r) => String((r["//"] as { metadata: { path: string } }).metadata.path).startsWith(pathPrefix));
  if (!hit) throw new Error(`no ${type} under ${pathPrefix}`);
  return JSON.parse(String(hit[attr]).replace(/\$\$\{/g, "${"));
}

const SAMPLE_ACTIONS: Record<string, string[]> = { "*": ["iam:CreateUser", "s3:GetObject", "ec2:RunInstances"] };
const sampleActions = (a: string): string[] => SAMPLE_ACTIONS[a] ?? (a.endsWith(":*") ? [`${a.slice(0, -2)}:GetObject`, `${a.slice(0, -2)}:PutObject`, `${a.slice(0, -2)}:DeleteBucket`] : [a.replace(/\*/g, "Object")]);
/** `*` stands for a resource of each service the fixtures use; other wildcards are filled in. */
const ANY_RESOURCE = ["arn:aws:s3:::any-bucket", "arn:aws:s3:::any-bucket/any-key", `arn:aws:iam::${ACCOUNT}:role/any`, `arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc`];
const sampleResources = (r: string): string[] => (r === "*" ? ANY_RESOURCE : [r.replace(/\$\{aws:username\}/g, "alice").replace(/\*/g, "x")]);

interface Req {
  action: string;
  resource: string;
  context: Record<string, string>;
}

/** The requests a source document mentions. */
function requestsOf(doc: Record<string, unknown>): Req[] {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Array<Record<string, unknown>>;
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
  const actions = new Set<string>();
  const res = new Set<string>(["arn:aws:s3:::unrelated-bucket/k"]);
  for (const s of statements) {
    for (const a of [...list(s.Action), ...list(s.NotAction)]) for (const x of sampleActions(a)) actions.add(x);
    for (const r of [...list(s.Resource), ...list(s.NotResource)]) for (const x of sampleResources(r)) res.add(x);
  }
  const contexts: Record<string, string>[] = [
    { "aws:username": "alice", "aws:SecureTransport": "true" },
    { "aws:username": "bob", "aws:SecureTransport": "false" },
  ];
  const out: Req[] = [];
  for (const action of actions) for (const resource of res) for (const context of contexts) out.push({ action, resource, context });
  return out;
}

async function decide(doc: object, r: Req): Promise<string> {
  const sim = await runSimulation(
    {
      request: { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action: r.action, resource: { resource: r.resource, accountId: ACCOUNT }, contextVariables: r.context },
      identityPolicies: [{ name: "p", policy: doc }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  // A request whose resource does not fit the action cannot be decided; it must be so on both sides alike.
  if (sim.resultType === "error") return `not decidable (${JSON.stringify(sim.errors)})`;
  return sim.overallResult;
}

const d = input.details;
const identityCases: Array<[string, unknown, object]> = [
  ...(d.Policies ?? [])
    .filter((p) => !p.Arn.includes(":aws:policy/"))
    .map((p): [string, unknown, object] => [`policy ${p.PolicyName}`, p.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document, synthesized("aws_iam_policy", `adopted/${adoptedId("policy", p.PolicyName)}/`, "policy")]),
  ...(d.RoleDetailList ?? []).flatMap((r) => (r.RolePolicyList ?? []).map((ip): [string, unknown, object] => [`role ${r.RoleName} inline ${ip.PolicyName}`, ip.PolicyDocument, synthesized("aws_iam_role_policy", `adopted/${adoptedId("role", r.RoleName)}/InlinePolicies/${ip.PolicyName}`, "policy")])),
  ...(d.UserDetailList ?? []).flatMap((u) => (u.UserPolicyList ?? []).map((ip): [string, unknown, object] => [`user ${u.UserName} inline ${ip.PolicyName}`, ip.PolicyDocument, synthesized("aws_iam_user_policy", `adopted/${adoptedId("user", u.UserName)}/InlinePolicies/${ip.PolicyName}`, "policy")])),
  ...(d.GroupDetailList ?? []).flatMap((g) => (g.GroupPolicyList ?? []).map((ip): [string, unknown, object] => [`group ${g.GroupName} inline ${ip.PolicyName}`, ip.PolicyDocument, synthesized("aws_iam_group_policy", `adopted/${adoptedId("group", g.GroupName)}/InlinePolicies/${ip.PolicyName}`, "policy")])),
];

describe("adopt: the synthesized policies decide as the source documents", () => {
  it("covers every customer and inline policy of the fixture", () => {
    expect(identityCases.map((c) => c[0]).sort()).toEqual([
      "group developers inline pass-and-self",
      "group ops inline orders-legacy",
      "policy app-s3-read",
      "policy ec2-deployer",
      "policy reports-reader",
      "role thumbnailer-role-x1y2z3 inline logs",
      "user sekoia-connector inline iam-read",
    ]);
  });

  it.each(identityCases)("%s", async (_name, source, synth) => {
    const decoded = decodeDocument(source);
    if (!decoded.ok) throw new Error(decoded.reason);
    const requests = requestsOf(decoded.doc);
    expect(requests.length).toBeGreaterThan(0);
    const differ: string[] = [];
    let allowed = 0;
    for (const r of requests) {
      const [a, b] = [await decide(decoded.doc, r), await decide(synth, r)];
      if (a === "Allowed") allowed++;
      if (a !== b) differ.push(`${r.action} on ${r.resource} ${JSON.stringify(r.context)}: source ${a}, synthesized ${b}`);
    }
    expect(differ).toEqual([]);
    expect(allowed).toBeGreaterThan(0); // the requests do exercise the document
  });
});

describe("adopt: trust policies decide as the source documents", () => {
  const roles = (d.RoleDetailList ?? []).filter((r) => !(r.Path ?? "/").startsWith("/aws-service-role/"));
  const callers: Array<[string, Record<string, string>]> = [
    ["ec2.amazonaws.com", {}],
    ["lambda.amazonaws.com", {}],
    ["arn:aws:iam::444455556666:role/ci", { "sts:ExternalId": "ci-7f3a" }],
    ["arn:aws:iam::444455556666:role/ci", { "sts:ExternalId": "wrong" }],
    ["arn:aws:iam::444455556666:role/ci", {}],
    ["arn:aws:iam::999988887777:role/other", { "sts:ExternalId": "ci-7f3a" }],
  ];
  it.each(roles.map((r) => [r.RoleName, r] as const))("role %s", async (_n, role) => {
    const decoded = decodeDocument(role.AssumeRolePolicyDocument);
    if (!decoded.ok) throw new Error(decoded.reason);
    const synth = synthesized("aws_iam_role", `adopted/${adoptedId("role", role.RoleName)}/Resource`, "assume_role_policy");
    const roleArn = `arn:aws:iam::${ACCOUNT}:role${role.Path ?? "/"}${role.RoleName}`;
    const verdict = async (trust: object, principal: string, context: Record<string, string>) => {
      const sim = await runSimulation(
        {
          request: { principal, action: "sts:AssumeRole", resource: { resource: roleArn, accountId: ACCOUNT }, contextVariables: context },
          identityPolicies: principal.startsWith("arn:") ? [{ name: "may-assume", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] } }] : [],
          resourcePolicy: trust,
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
      if (sim.resultType === "error") throw new Error(JSON.stringify(sim.errors));
      return sim.overallResult;
    };
    let allowed = 0;
    for (const [principal, context] of callers) {
      const a = await verdict(decoded.doc, principal, context);
      if (a === "Allowed") allowed++;
      expect([principal, context, await verdict(synth, principal, context)]).toEqual([principal, context, a]);
    }
    expect(allowed).toBeGreaterThan(0);
  });
});
