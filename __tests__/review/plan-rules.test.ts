/** Plan rules: fixed-name replacement under create-before-destroy, users deleted with keys, stale plans refused. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { reviewApp, reviewPlan, ReviewError } from "../../modules/review";

type Change = { address: string; type: string; actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
const plan = (...changes: Change[]) => ({
  format_version: "1.2",
  resource_changes: changes.map((c) => ({ address: c.address, mode: "managed", type: c.type, name: c.address.split(".")[1], change: { actions: c.actions, before: c.before ?? null, after: c.after ?? null } })),
});
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const flagsOf = (p: unknown) => reviewPlan("s", p).flags;

describe("fixed-name replacement under create-before-destroy", () => {
  test.each([
    ["aws_iam_role", { name: "app", assume_role_policy: trust }],
    ["aws_iam_user", { name: "svc" }],
    ["aws_iam_group", { name: "ops" }],
    ["aws_iam_policy", { name: "p", policy: "{}" }],
    ["aws_iam_instance_profile", { name: "app" }],
  ])("%s with a fixed name: will fail at apply, with the fix", (type, attrs) => {
    const f = flagsOf(plan({ address: `${type}.x`, type, actions: ["create", "delete"], before: attrs, after: attrs })).find((x) => x.rule === "fixed-name-replacement");
    expect(f).toMatchObject({ severity: "critical", category: "lifecycle", subject: `${type}.x` });
    expect(f!.message).toMatch(/will fail at apply.*name_prefix.*new name.*two steps/);
  });
  test.each([
    ["delete, then create", ["delete", "create"], { name: "app", assume_role_policy: trust }],
    ["a name prefix", ["create", "delete"], { name: "app-2024", name_prefix: "app-", assume_role_policy: trust }],
  ])("near-miss: %s", (_t, actions, attrs) => {
    const flags = flagsOf(plan({ address: "aws_iam_role.x", type: "aws_iam_role", actions, before: attrs, after: attrs }));
    expect(flags.find((x) => x.rule === "fixed-name-replacement")).toBeUndefined();
    expect(flags.find((x) => x.rule === "iam-replacement")).toBeDefined();
  });
});

describe("users deleted with their keys", () => {
  test("flagged", () => {
    const p = plan(
      { address: "aws_iam_user.svc", type: "aws_iam_user", actions: ["delete"], before: { name: "svc" } },
      { address: "aws_iam_access_key.svc", type: "aws_iam_access_key", actions: ["delete"], before: { user: "svc", status: "Active" } },
    );
    const f = flagsOf(p).find((x) => x.rule === "user-with-keys-deleted");
    expect(f).toMatchObject({ severity: "high", category: "keys" });
    expect(f!.message).toMatch(/deletes user `svc`, which has an access key \(aws_iam_access_key\.svc\)/);
  });
  test("near-miss: a user without keys", () => {
    const p = plan({ address: "aws_iam_user.svc", type: "aws_iam_user", actions: ["delete"], before: { name: "svc" } });
    expect(flagsOf(p).find((x) => x.rule === "user-with-keys-deleted")).toBeUndefined();
  });
});

describe("review --plan refuses a plan older than its stack", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "i12-plan-"));
    fs.mkdirSync(path.join(dir, "stacks", "s"), { recursive: true });
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: { s: { synthesizedStackPath: "stacks/s/cdk.tf.json" } } }));
    fs.writeFileSync(path.join(dir, "stacks", "s", "cdk.tf.json"), JSON.stringify({ resource: {} }));
    fs.writeFileSync(path.join(dir, "stacks", "s", "plan.json"), JSON.stringify(plan()));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const age = (file: string, seconds: number) => {
    const t = new Date(Date.now() - seconds * 1000);
    fs.utimesSync(path.join(dir, "stacks", "s", file), t, t);
  };
  test("older plan: refused, with how to refresh it", () => {
    age("plan.json", 120);
    expect(() => reviewApp({ outDir: dir, base: { kind: "plan" } })).toThrow(ReviewError);
    expect(() => reviewApp({ outDir: dir, base: { kind: "plan" } })).toThrow(/older than stack "s".*npm run plan/);
  });
  test("newer plan: read", () => {
    age("cdk.tf.json", 120);
    expect(reviewApp({ outDir: dir, base: { kind: "plan" } }).stacks).toHaveLength(1);
  });
});
