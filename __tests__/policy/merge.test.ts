/**
 * Statement merging keeps meaning: for a set of documents, the merged and unmerged forms allow and deny the same
 * requests under an IAM evaluator (@cloud-copilot/iam-simulate, a dev dependency). Plus the merge rules themselves.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { Condition, PolicyDocument, Principal, Statement, StatementProps } from "../../modules/policy";
import type { PolicyDocumentJson } from "../../modules/policy";

const ACCOUNT = "111111111111";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/other`;

interface Request {
  principal?: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** Requests probing S3 object/bucket and SQS actions, with and without conditions. */
const objectRequests: Request[] = [];
for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
  for (const bucket of ["b1", "b2", "b3"]) {
    for (const secure of ["true", "false"]) {
      for (const principal of [ROLE, OTHER_ROLE]) {
        objectRequests.push({ principal, action, resource: `arn:aws:s3:::${bucket}/k`, context: { "aws:SecureTransport": secure } });
      }
    }
  }
}
for (const bucket of ["b1", "b2", "b3"]) objectRequests.push({ action: "s3:ListBucket", resource: `arn:aws:s3:::${bucket}` });
for (const q of ["q1", "q2"]) {
  for (const action of ["sqs:SendMessage", "sqs:ReceiveMessage"]) objectRequests.push({ action, resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${q}` });
}

type Outcome = string;

async function decide(doc: PolicyDocumentJson, asResourcePolicy: boolean, r: Request): Promise<Outcome> {
  const res = await runSimulation(
    {
      request: {
        principal: r.principal ?? ROLE,
        action: r.action,
        resource: { resource: r.resource, accountId: ACCOUNT },
        contextVariables: r.context ?? {},
      },
      identityPolicies: asResourcePolicy ? [] : [{ name: "p", policy: doc }],
      resourcePolicy: asResourcePolicy ? doc : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (res.resultType === "error") throw new Error(`simulation error for ${JSON.stringify(r)}: ${JSON.stringify(res.errors)}`);
  return res.overallResult;
}

async function outcomes(doc: PolicyDocument, asResourcePolicy: boolean, requests: Request[]): Promise<string[]> {
  const json = doc.toJSON();
  const out: string[] = [];
  for (const r of requests) out.push(`${r.principal ?? ROLE} ${r.action} ${r.resource} ${JSON.stringify(r.context ?? {})} => ${await decide(json, asResourcePolicy, r)}`);
  return out;
}

const b = (name: string) => [`arn:aws:s3:::${name}/*`];

const identityCases: { name: string; statements: StatementProps[]; mergedCount: number }[] = [
  {
    name: "same actions, different resources",
    statements: [
      { actions: ["s3:GetObject"], resources: b("b1") },
      { actions: ["s3:GetObject"], resources: b("b2") },
    ],
    mergedCount: 1,
  },
  {
    name: "same resources, different actions, with an identical condition",
    statements: [
      { actions: ["s3:GetObject"], resources: b("b1"), conditions: [Condition.bool("aws:SecureTransport", true)] },
      { actions: ["s3:PutObject"], resources: b("b1"), conditions: [Condition.bool("aws:SecureTransport", true)] },
      { actions: ["s3:DeleteObject"], resources: b("b1") },
    ],
    mergedCount: 2,
  },
  {
    name: "allow and deny are never mixed",
    statements: [
      { actions: ["s3:GetObject", "s3:PutObject"], resources: b("b1") },
      { actions: ["s3:GetObject", "s3:PutObject"], resources: b("b2") },
      { effect: "Deny", actions: ["s3:PutObject"], resources: b("b2") },
      { effect: "Deny", actions: ["s3:PutObject"], resources: b("b3") },
      { actions: ["s3:PutObject"], resources: b("b3") },
    ],
    mergedCount: 3,
  },
  {
    name: "different conditions stay apart",
    statements: [
      { actions: ["s3:GetObject"], resources: b("b1"), conditions: [Condition.bool("aws:SecureTransport", true)] },
      { actions: ["s3:GetObject"], resources: b("b2"), conditions: [Condition.bool("aws:SecureTransport", false)] },
      { actions: ["s3:GetObject"], resources: b("b3") },
    ],
    mergedCount: 3,
  },
  {
    name: "chains: merging enables further merges",
    statements: [
      { actions: ["s3:GetObject"], resources: b("b1") },
      { actions: ["s3:PutObject"], resources: b("b2") },
      { actions: ["s3:GetObject"], resources: b("b2") },
      { actions: ["s3:PutObject"], resources: b("b1") },
      { actions: ["sqs:SendMessage"], resources: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:q1`] },
      { actions: ["sqs:SendMessage"], resources: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:q2`] },
      { actions: ["sqs:ReceiveMessage"], resources: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:q1`, `arn:aws:sqs:eu-west-1:${ACCOUNT}:q2`] },
    ],
    mergedCount: 2,
  },
  {
    name: "NotAction statements merge only with the same NotAction",
    statements: [
      { effect: "Deny", notActions: ["s3:GetObject"], resources: b("b1") },
      { effect: "Deny", notActions: ["s3:GetObject"], resources: b("b2") },
      { effect: "Deny", notActions: ["s3:PutObject"], resources: b("b3") },
      { actions: ["s3:*"], resources: ["arn:aws:s3:::*"] },
    ],
    mergedCount: 3,
  },
  {
    name: "Sids keep statements apart",
    statements: [
      { sid: "One", actions: ["s3:GetObject"], resources: b("b1") },
      { actions: ["s3:GetObject"], resources: b("b2") },
    ],
    mergedCount: 2,
  },
];

describe("merged documents decide every request like the originals (identity policies)", () => {
  test.each(identityCases.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    const doc = new PolicyDocument({ statements: c.statements });
    const merged = doc.merged();
    expect(merged.statements).toHaveLength(c.mergedCount);
    const before = await outcomes(doc, false, objectRequests);
    const after = await outcomes(merged, false, objectRequests);
    expect(after).toEqual(before);
    expect(before.some((o) => o.endsWith("=> Allowed"))).toBe(true);
  });
});

describe("merged documents decide every request like the originals (resource policies, principals)", () => {
  test("statements differing only in principals merge into one", async () => {
    const doc = new PolicyDocument({
      statements: [
        { actions: ["s3:GetObject"], resources: b("b1"), principals: [Principal.arn(ROLE)] },
        { actions: ["s3:GetObject"], resources: b("b1"), principals: [Principal.arn(OTHER_ROLE)] },
        { actions: ["s3:PutObject"], resources: b("b1"), principals: [Principal.arn(ROLE)] },
        { effect: "Deny", actions: ["s3:DeleteObject"], resources: b("b1"), principals: [Principal.arn(OTHER_ROLE)] },
      ],
    });
    const merged = doc.merged();
    expect(merged.statements).toHaveLength(3);
    expect(await outcomes(merged, true, objectRequests.filter((r) => r.principal))).toEqual(await outcomes(doc, true, objectRequests.filter((r) => r.principal)));
  });
});

describe("the harness detects a merge that changes meaning", () => {
  test("naively unioning two differing axes grants more", async () => {
    const doc = new PolicyDocument({
      statements: [
        { actions: ["s3:GetObject"], resources: b("b1") },
        { actions: ["s3:PutObject"], resources: b("b2") },
      ],
    });
    expect(doc.merged().statements).toHaveLength(2);
    const wrong = new PolicyDocument({ statements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: [...b("b1"), ...b("b2")] }] });
    expect(await outcomes(wrong, false, objectRequests)).not.toEqual(await outcomes(doc, false, objectRequests));
  });
});

describe("merge rules", () => {
  test("order is stable: a merged statement takes the place of its first source, lists keep first-seen order", () => {
    const doc = new PolicyDocument({
      statements: [
        { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:111111111111:q2"] },
        { actions: ["s3:GetObject"], resources: b("b2") },
        { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:111111111111:q1"] },
        { actions: ["s3:GetObject"], resources: b("b1") },
      ],
    });
    expect(doc.merged().toJSON().Statement).toEqual([
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111111111111:q2", "arn:aws:sqs:eu-west-1:111111111111:q1"] },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b2/*", "arn:aws:s3:::b1/*"] },
    ]);
  });

  test("merging is idempotent and deterministic", () => {
    const doc = new PolicyDocument({ statements: identityCases[4].statements });
    const once = JSON.stringify(doc.merged());
    expect(JSON.stringify(doc.merged().merged())).toBe(once);
    expect(JSON.stringify(new PolicyDocument({ statements: identityCases[4].statements }).merged())).toBe(once);
  });

  test("different opt-ins are not merged (one would hide the other's missing reason)", () => {
    const doc = new PolicyDocument({
      statements: [
        { actions: ["s3:*"], resources: ["*"], allowBroad: { reason: "migration tool" } },
        { actions: ["sqs:*"], resources: ["*"] },
      ],
    });
    expect(doc.merged().statements).toHaveLength(2);
    expect(doc.merged().validate("identity", { path: "P" })).toHaveLength(1);
  });

  test("a duplicate statement collapses", () => {
    const s = new Statement({ actions: ["s3:GetObject"], resources: b("b1") });
    expect(new PolicyDocument({ statements: [s, s] }).merged().statements).toHaveLength(1);
  });
});
