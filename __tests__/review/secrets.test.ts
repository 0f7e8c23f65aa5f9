/**
 * No secret in any report. Fake credentials are planted in the fixtures (SSM values, outputs,
 * terraform_data inputs, a policy ARN, and the key's id and secret in a real plan's prior state);
 * every form of every report must be free of them.
 */
import * as fs from "node:fs";
import { looksSecret, redact, renderJson, renderMarkdown, renderStackMarkdown, reviewApp, reviewPlan, snapshotFromConfig } from "../../modules/review";
import { FAKE_KEY_ID, FAKE_KEY_ID_IN_ARN, FAKE_SECRET } from "../fixtures/review/apps";
import { PLAN_FIXTURE, PLAN_STACK } from "../fixtures/review/plan-fixture";
import { fixtureApps } from "./support";

const PLANTED = [FAKE_SECRET, FAKE_KEY_ID, FAKE_KEY_ID_IN_ARN];
const CREDENTIAL_SHAPE = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;

function expectClean(text: string): void {
  for (const p of PLANTED) expect(text).not.toContain(p);
  expect(text).not.toMatch(CREDENTIAL_SHAPE);
}

describe("no secret in any report", () => {
  it("the fixtures really hold the planted credentials (so this test can fail)", () => {
    const { head } = fixtureApps();
    const text = head.text("payments");
    expect(text).toContain(FAKE_SECRET);
    expect(text).toContain(FAKE_KEY_ID);
    expect(text).toContain(FAKE_KEY_ID_IN_ARN);
    const plan = fs.readFileSync(PLAN_FIXTURE, "utf8");
    expect(plan).toContain(FAKE_SECRET);
    expect(plan).toContain(FAKE_KEY_ID);
  });

  it("configuration review: Markdown, per-stack Markdown and JSON are clean", () => {
    const { base, head } = fixtureApps();
    const report = reviewApp({ outDir: head.outdir, base: { kind: "out-dir", dir: base.outdir } });
    const md = renderMarkdown(report.stacks);
    expectClean(md);
    expectClean(renderJson(report));
    for (const s of report.stacks) expectClean(renderStackMarkdown(s));
    // The id planted in a policy ARN is a permission the reviewer must see: it is shown, blanked.
    expect(md).toContain("`arn:aws:s3:::reports/[redacted access key id]/*`");
  });

  it("plan review: the prior state's key id and secret never reach the report", () => {
    const r = reviewPlan(PLAN_STACK, JSON.parse(fs.readFileSync(PLAN_FIXTURE, "utf8")));
    expectClean(renderStackMarkdown(r));
    expectClean(renderJson({ version: 1, base: "plan", stacks: [r] }));
    expectClean(JSON.stringify(r)); // even before rendering
  });

  it("secret-bearing arguments are dropped when a stack is read", () => {
    const { head } = fixtureApps();
    const snap = snapshotFromConfig("payments", head.json("payments"));
    const param = snap.resources.get("aws_ssm_parameter.LegacyToken")!;
    expect(param.attrs.value).toBeUndefined();
    expect(param.secretArgs).toEqual(["value"]);
    const key = snap.resources.get("aws_iam_access_key.ReportingBotKey")!;
    expect(Object.keys(key.attrs)).toEqual(["user"]);
    expect(snap.resources.get("aws_ssm_parameter.CiDeployerSecret")!.refs.value_wo).toEqual(["aws_iam_access_key.CiDeployerKey.secret"]);
  });

  it("redact blanks credential shapes and keeps ordinary text", () => {
    expect(redact(`id ${FAKE_KEY_ID} secret ${FAKE_SECRET}.`)).toBe("id [redacted access key id] secret [redacted secret].");
    expect(looksSecret(FAKE_SECRET)).toBe(true);
    const ordinary = "arn:aws:iam::123456789012:policy/team/reports-reader 0123456789abcdef0123456789abcdef01234567 ReadOnlyAccessForEveryServiceInTheAccount";
    expect(redact(ordinary)).toBe(ordinary);
    expect(looksSecret(ordinary)).toBe(false);
  });
});
