/**
 * Before/after fixture apps (synthesized with the real provider bindings) with known changes:
 * each change must produce its report line and its flag.
 */
import { gate, renderMarkdown, renderJson, reviewApp, type ReviewReport } from "../../modules/review";
import { actionsOf, fixtureApps, principal, stackOf } from "./support";

let report: ReviewReport;
let markdown: string;

beforeAll(() => {
  const { base, head } = fixtureApps();
  report = reviewApp({ outDir: head.outdir, base: { kind: "out-dir", dir: base.outdir } });
  markdown = renderMarkdown(report.stacks);
});

describe("review of a configuration change (previous cdktf.out as base)", () => {
  it("reviews every stack of head and base: new, removed and changed", () => {
    expect(report.stacks.map((s) => s.stack)).toEqual(["analytics", "legacy", "payments"]);
    expect(stackOf(report.stacks, "analytics").base).toMatch(/the stack is new/);
    expect(stackOf(report.stacks, "legacy").base).toMatch(/the stack is removed/);
    expect(principal(stackOf(report.stacks, "analytics"), "role", "athena-query").status).toBe("created");
    expect(principal(stackOf(report.stacks, "legacy"), "user", "old-integration").status).toBe("destroyed");
  });

  it("lists principals created, changed and destroyed, and counts the unchanged", () => {
    const s = stackOf(report.stacks, "payments");
    const summary = s.principals.map((p) => `${p.status} ${p.kind} ${p.name}`).sort();
    expect(summary).toEqual([
      "changed group auditors",
      "changed role app-server",
      "changed user ci-deployer",
      "created role vendor-access",
      "created user ops-bot",
      "created user reporting-bot",
      "destroyed role legacy-batch",
      "destroyed user ops-bot",
    ]);
    expect(markdown).toContain("Principals: 3 created, 3 changed, 0 replaced, 2 destroyed, 0 unchanged.");
  });

  it("expands wildcards and groups gained and lost permissions by service and access level", () => {
    const app = principal(stackOf(report.stacks, "payments"), "role", "app-server");
    const gainedS3Read = actionsOf(app.gained, (g) => g.service === "s3" && g.accessLevel === "Read" && g.resources.includes("arn:aws:s3:::payments-objects/*"));
    // s3:Get* expanded through the catalog, minus s3:GetObject which the base already granted.
    expect(gainedS3Read.length).toBeGreaterThan(30);
    expect(gainedS3Read).toContain("s3:GetBucketPolicy");
    expect(gainedS3Read).not.toContain("s3:GetObject");
    expect(gainedS3Read.every((a) => a.startsWith("s3:Get"))).toBe(true);
    expect(actionsOf(app.gained, (g) => g.accessLevel === "Write")).toEqual(["ec2:RunInstances", "iam:PassRole", "s3:PutObject"]);
    expect(actionsOf(app.lost)).toEqual(["s3:ListBucket"]);
    expect(app.lost[0]).toMatchObject({ service: "s3", accessLevel: "List", resources: ["arn:aws:s3:::payments-objects"], sources: ["inline policy `objects`"] });
    // A policy changed in place reaches every principal it is attached to.
    expect(actionsOf(app.gained, (g) => g.service === "iam" && g.accessLevel.startsWith("Permissions management"))).toEqual(["iam:CreatePolicyVersion"]);
    expect(markdown).toContain("- **Amazon EC2** (`ec2`) · Write: RunInstances on `*` — from inline policy `launcher`");
    expect(markdown).toContain("- **Amazon S3** (`s3`) · List: ListBucket on `arn:aws:s3:::payments-objects` — from inline policy `objects`");
  });

  it("reads documents written through jsonencode with references and escaped policy variables", () => {
    const app = principal(stackOf(report.stacks, "payments"), "role", "app-server");
    const getRole = app.gained.find((g) => g.actions.includes("GetRole"));
    expect(getRole).toMatchObject({ service: "iam", accessLevel: "Read", resources: ["${aws_iam_role.AppServer.arn}"], sources: ["managed policy `reports-reader`"] });
    // `${aws:username}` in both base (literal, $${) and head (jsonencode): no change reported for it.
    expect(app.gained.some((g) => g.resources.some((r) => r.includes("${aws:username}")))).toBe(false);
  });

  it("follows group membership: a user gains what its group gains", () => {
    const s = stackOf(report.stacks, "payments");
    const ci = principal(s, "user", "ci-deployer");
    expect(actionsOf(ci.gained)).toEqual(expect.arrayContaining(["dynamodb:GetItem", "dynamodb:Query"]));
    expect(ci.gained[0].sources).toEqual(["managed policy `audit-tables` (via group `auditors`)"]);
    expect(principal(s, "group", "auditors").gained[0].resources).toHaveLength(37);
  });

  it("reports AWS managed policies by name, and trust changes", () => {
    const s = stackOf(report.stacks, "payments");
    const vendor = principal(s, "role", "vendor-access");
    expect(vendor.opaqueGained).toEqual(["AWS managed policy `AdministratorAccess`"]);
    expect(vendor.trustGained).toEqual([{ effect: "Allow", principal: "AWS:arn:aws:iam::210987654321:root", actions: ["sts:AssumeRole"], condition: undefined }]);
    expect(principal(s, "role", "app-server").trustGained.map((t) => t.principal)).toEqual(["Service:ecs-tasks.amazonaws.com"]);
    const legacy = principal(s, "role", "legacy-batch");
    expect(legacy.opaqueLost).toEqual(["AWS managed policy `ReadOnlyAccess`"]);
    expect(legacy.trustLost.map((t) => t.principal)).toEqual(["Service:ec2.amazonaws.com"]);
    expect(markdown).toContain("- AWS `arn:aws:iam::210987654321:root` may `sts:AssumeRole`");
  });

  it("reports keys created and rotated, and where their secrets are stored", () => {
    const keys = stackOf(report.stacks, "payments").keys;
    expect(keys.map((k) => `${k.userName} ${k.status}`)).toEqual(["ci-deployer rotated", "reporting-bot created"]);
    expect(keys[0].reason).toBe("rotation trigger `terraform_data.CiDeployerRotation` changed");
    expect(keys[0].secretStores).toEqual([
      { address: "aws_ssm_parameter.CiDeployerSecret", name: "/ci/deployer/secret-access-key", type: "SecureString", kmsKey: "alias/iam-secrets", argument: "value_wo" },
    ]);
    expect(keys[0].idStores.map((s) => s.name)).toEqual(["/ci/deployer/access-key-id"]);
    expect(markdown).toContain(
      "`aws_iam_access_key.CiDeployerKey` of user `ci-deployer` — rotated (rotation trigger `terraform_data.CiDeployerRotation` changed); secret in SSM `/ci/deployer/secret-access-key` (SecureString, KMS key `alias/iam-secrets`, write-only `value_wo`)",
    );
  });

  it("raises each expected flag with its severity, and tells new flags from existing ones", () => {
    const flags = stackOf(report.stacks, "payments").flags.map((f) => `${f.severity} ${f.rule} ${f.subject}${f.isNew ? " new" : ""}`);
    expect(flags).toEqual([
      "critical admin-access vendor-access new",
      "high address-changed ops-bot new",
      // ReadOnlyAccess (through the auditors group) reads every parameter, and the bot's key uses the default aws/ssm key.
      "high credential-exposure ci-deployer new",
      "high escalation.ec2-run-instances app-server new",
      "high escalation.iam-create-policy-version app-server new",
      "high secret-exposed output.reporting_bot_secret new",
      "medium credential-exposure-grant auditors",
      "medium data-exfiltration-grant auditors",
      "medium long-lived-key ci-deployer",
      "medium long-lived-key reporting-bot new",
      "medium passrole-star app-server new",
      "medium policy-size aws_iam_policy.AuditTables new",
      "medium secret-default-kms-key /reporting/bot/secret-access-key new",
      "medium trust-cross-account vendor-access new",
      "medium wildcard-resource app-server new",
      "low console-password reporting-bot new",
      "low secret-copy-in-state /reporting/bot/secret-access-key new",
      "low wildcard-action app-server new",
    ]);
    const byRule = (rule: string) => stackOf(report.stacks, "payments").flags.find((f) => f.rule === rule)!.message;
    expect(byRule("escalation.ec2-run-instances")).toBe(
      "role `app-server` can launch an instance with a powerful instance profile and read its credentials: iam:PassRole + ec2:RunInstances (passing any role) (from inline policy launcher of role app-server).",
    );
    expect(stackOf(report.stacks, "payments").flags.find((f) => f.rule === "escalation.ec2-run-instances")).toMatchObject({ category: "privilege-escalation", source: "pathfinding.cloud ec2-001; rhino method-3; pmapper EC2EdgeChecker" });
    expect(byRule("policy-size")).toMatch(/^customer managed policy `audit-tables` is \d{4} of 6144 characters \(9\d%\): near the limit\.$/);
    expect(byRule("wildcard-action")).toMatch(/s3:Get\*, which expands to \d+ actions/);
    expect(markdown).toContain("- **critical** `admin-access` role `vendor-access` gets AdministratorAccess");
  });

  it("has a JSON form carrying the same content", () => {
    const parsed = JSON.parse(renderJson(report)) as ReviewReport;
    expect(parsed.version).toBe(1);
    expect(parsed.maxSeverity).toBe("critical");
    const s = stackOf(parsed.stacks, "payments");
    expect(s.flags).toEqual(JSON.parse(JSON.stringify(stackOf(report.stacks, "payments").flags)));
    expect(principal(s, "role", "app-server").lost[0].actions).toEqual(["ListBucket"]);
  });

  it("gates on severity: new flags by default, every flag with scope all", () => {
    expect(gate(report, "critical").failed).toBe(true);
    expect(gate(report, "critical").blocking.map((f) => f.rule)).toEqual(["admin-access"]);
    // Compared with itself, nothing is new: the default scope passes, scope "all" still fails.
    const { head } = fixtureApps();
    const same = reviewApp({ outDir: head.outdir, base: { kind: "out-dir", dir: head.outdir } });
    expect(same.stacks.every((s) => s.principals.length === 0)).toBe(true);
    expect(gate(same, "low").failed).toBe(false);
    expect(gate(same, "critical", "all").failed).toBe(true);
    expect(gate(same, "info", "all").blocking.length).toBe(stackOf(same.stacks, "payments").flags.length);
  });

  it("without a base shows everything as created", () => {
    const { head } = fixtureApps();
    const r = reviewApp({ outDir: head.outdir, stacks: ["analytics"] });
    expect(r.stacks).toHaveLength(1);
    expect(r.base).toMatch(/no base given/);
    expect(r.stacks[0].principals.map((p) => p.status)).toEqual(["created"]);
  });
});
