/**
 * The permission diff agrees with an IAM evaluator (@cloud-copilot/iam-simulate, a dev dependency):
 * every action the review says app-server gains is denied under the base policies and allowed under
 * the head policies, every action it loses is the reverse, and an unchanged grant is allowed in both.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { buildInventory, effectivePolicies } from "../../modules/review/inventory";
import { reviewApp, snapshotFromConfig } from "../../modules/review";
import { fixtureApps, principal, stackOf } from "./support";

const ACCOUNT = "123456789012";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app-server`;

/** The identity policies (raw JSON, references filled with concrete ARNs) reaching app-server in one synthesized app. */
function policiesOf(tfJson: object): { name: string; policy: string }[] {
  const snap = snapshotFromConfig("payments", tfJson);
  const inv = buildInventory(snap);
  const p = [...inv.principals.values()].find((x) => x.name === "app-server")!;
  return effectivePolicies(inv, p)
    .filter((l) => l.address)
    .map((l) => ({ name: l.name, policy: String(snap.resources.get(l.address!)!.attrs.policy).replace(/\$\{aws_iam_role\.AppServer\.arn\}/g, ROLE_ARN) }));
}

async function decide(policies: { name: string; policy: string }[], action: string, resource: string): Promise<string> {
  const res = await runSimulation(
    {
      request: { principal: ROLE_ARN, action, resource: { resource, accountId: ACCOUNT }, contextVariables: { "aws:username": "alice" } },
      identityPolicies: policies.map((p) => ({ name: p.name, policy: JSON.parse(p.policy) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (res.resultType === "error") {
    // The review expands patterns by action name: s3:Get* on an object ARN also lists bucket-level actions, which
    // cannot apply to that resource. The evaluator says so; such pairs are counted, not compared.
    if (/no\.resource\.types|must\.use\.wildcard/.test(JSON.stringify(res.errors))) return "NotApplicable";
    throw new Error(`simulation error for ${action} on ${resource}: ${JSON.stringify(res.errors)}`);
  }
  return res.overallResult;
}

/** A concrete resource inside a policy's resource pattern. */
function concrete(pattern: string, action: string): string {
  if (pattern !== "*") return pattern.replace("${aws_iam_role.AppServer.arn}", ROLE_ARN).replace(/\*/g, "x");
  if (action.startsWith("ec2:")) return `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`;
  if (action.startsWith("iam:")) return `arn:aws:iam::${ACCOUNT}:role/any-role`;
  return "*";
}

describe("permission diff vs an IAM evaluator", () => {
  it("gains are newly allowed, losses newly denied, unchanged grants allowed in both", async () => {
    const { base, head } = fixtureApps();
    const review = reviewApp({ outDir: head.outdir, base: { kind: "out-dir", dir: base.outdir } });
    const app = principal(stackOf(review.stacks, "payments"), "role", "app-server");
    const basePolicies = policiesOf(base.json("payments"));
    const headPolicies = policiesOf(head.json("payments"));
    expect(headPolicies.map((p) => p.name).sort()).toEqual(["launcher", "objects", "reports-reader"]);

    const checks: [string, string, string, string][] = [];
    for (const g of app.gained) for (const a of g.actions) for (const r of g.resources) checks.push([`${g.service}:${a}`, concrete(r, `${g.service}:${a}`), "ImplicitlyDenied", "Allowed"]);
    for (const g of app.lost) for (const a of g.actions) for (const r of g.resources) checks.push([`${g.service}:${a}`, concrete(r, `${g.service}:${a}`), "Allowed", "ImplicitlyDenied"]);
    checks.push(["s3:GetObject", "arn:aws:s3:::payments-objects/report.csv", "Allowed", "Allowed"]);
    checks.push(["s3:GetObject", "arn:aws:s3:::reports/alice/2026.csv", "Allowed", "Allowed"]); // ${aws:username} kept as a variable
    expect(checks.length).toBeGreaterThan(15);
    let compared = 0;
    for (const [action, resource, before, after] of checks) {
      const got = `${await decide(basePolicies, action, resource)} -> ${await decide(headPolicies, action, resource)}`;
      if (got === "NotApplicable -> NotApplicable") continue;
      compared++;
      expect(`${action} ${resource}: ${got}`).toBe(`${action} ${resource}: ${before} -> ${after}`);
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});
