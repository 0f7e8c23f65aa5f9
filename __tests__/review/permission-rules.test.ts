/** The permission rules beyond the escalation catalogue: each fires on its case and stays silent on a near-miss. */
import { CATEGORIES, RULES } from "../../modules/review";
import { gating, TfStack } from "./escalation-support";

const managed = (name: string) => new TfStack().role("app").attachRole("app", `arn:aws:iam::aws:policy/${name}`).flags();

describe("AWS managed policies are judged by their documents", () => {
  test.each(["AmazonSageMakerFullAccess", "AmazonECS_FullAccess", "AWSAppRunnerFullAccess", "AmazonSSMFullAccess", "AWSCodeBuildAdminAccess", "AWSLambda_FullAccess", "AmazonEC2FullAccess", "AWSCloudFormationFullAccess", "PowerUserAccess"])(
    "%s opens an escalation path (high or above)",
    (name) => {
      const flags = gating(managed(name)).filter((f) => f.category === "privilege-escalation");
      expect(flags.length).toBeGreaterThan(0);
      expect(flags[0].message).toContain(`AWS managed policy ${name}`);
    },
  );
  test.each(["AdministratorAccess", "IAMFullAccess"])("%s is administrator (critical)", (name) => {
    expect(managed(name).filter((f) => f.rule === "admin-access" && f.severity === "critical")).toHaveLength(1);
  });
  test.each(["ReadOnlyAccess", "AmazonSSMManagedInstanceCore", "AmazonS3ReadOnlyAccess", "CloudWatchAgentServerPolicy", "AWSLambdaBasicExecutionRole"])("%s opens none", (name) => {
    const path = name === "AWSLambdaBasicExecutionRole" ? "service-role/AWSLambdaBasicExecutionRole" : name;
    expect(gating(new TfStack().role("app").attachRole("app", `arn:aws:iam::aws:policy/${path}`).flags())).toEqual([]);
  });
});

describe("administrator grants are critical", () => {
  test.each([
    ["* on *", { Effect: "Allow", Action: "*", Resource: "*" }],
    ["*:* on *", { Effect: "Allow", Action: "*:*", Resource: "*" }],
    ["iam:* on *", { Effect: "Allow", Action: "iam:*", Resource: "*" }],
  ])("%s", (_t, statement) => {
    const flags = new TfStack().role("app", [statement]).flags();
    expect(flags.filter((f) => f.severity === "critical").map((f) => `${f.rule} ${f.category}`)).toEqual(["admin-access administrator"]);
  });
  test("near-miss: iam:* on one role is not administrator", () => {
    const flags = new TfStack().role("app", [{ Effect: "Allow", Action: "iam:*", Resource: "arn:aws:iam::123456789012:role/other" }]).flags();
    expect(flags.filter((f) => f.rule === "admin-access")).toEqual([]);
  });
});

describe("assuming a powerful role of the same stack", () => {
  const build = (trust: Record<string, unknown>, grant = true) =>
    new TfStack()
      .role("admin", undefined, trust)
      .attachRole("admin", "arn:aws:iam::aws:policy/AdministratorAccess")
      .role("ci", grant ? [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "${aws_iam_role.admin.arn}" }] : [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }])
      .flags();
  test("trust names the principal: flagged", () => {
    expect(gating(build({ AWS: "${aws_iam_role.ci.arn}" })).map((f) => `${f.rule} ${f.subject}`)).toContain("escalation.sts-assume-role ci");
  });
  test("trust admits the account and the principal may assume it: flagged", () => {
    expect(gating(build({ AWS: "arn:aws:iam::123456789012:root" })).map((f) => `${f.rule} ${f.subject}`)).toContain("escalation.sts-assume-role ci");
  });
  test("near-miss: trust admits the account but the principal has no sts:AssumeRole", () => {
    expect(build({ AWS: "arn:aws:iam::123456789012:root" }, false).filter((f) => f.subject === "ci")).toEqual([]);
  });
  test("near-miss: the role is not powerful", () => {
    const flags = new TfStack()
      .role("reader", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }], { AWS: "${aws_iam_role.ci.arn}" })
      .role("ci", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "${aws_iam_role.reader.arn}" }])
      .flags();
    expect(gating(flags)).toEqual([]);
  });
});

describe("risky grants that are not escalation", () => {
  test.each([
    ["credential-exposure-grant", "credential-exposure", ["ecr:GetAuthorizationToken"]],
    ["credential-exposure-grant", "credential-exposure", ["secretsmanager:GetSecretValue"]],
    ["credential-exposure-grant", "credential-exposure", ["ssm:GetParameter"]],
    ["data-exfiltration-grant", "data-exfiltration", ["s3:GetObject"]],
    ["resource-exposure-grant", "resource-exposure", ["s3:PutBucketPolicy"]],
    ["resource-exposure-grant", "resource-exposure", ["kms:PutKeyPolicy"]],
  ])("%s (%s) for %s on *", (rule, category, actions) => {
    const f = new TfStack().role("app", [{ Effect: "Allow", Action: actions, Resource: "*" }]).flags().find((x) => x.rule === rule);
    expect(f).toMatchObject({ category, severity: "medium" });
    expect(f!.message).toContain(actions[0]);
    // Near-miss: the same action on one named resource.
    const scoped = new TfStack().role("app", [{ Effect: "Allow", Action: actions, Resource: "arn:aws:s3:::one-bucket/*" }]).flags();
    expect(scoped.find((x) => x.rule === rule)).toBeUndefined();
  });
});

describe("stored access keys: who can read and decrypt them", () => {
  const withKey = (kmsKey: string | undefined, readers: Record<string, Record<string, unknown>[]>) => {
    const s = new TfStack()
      .user("svc")
      .raw("aws_iam_access_key", "svc", { user: "${aws_iam_user.svc.name}" })
      .raw("aws_ssm_parameter", "secret", { name: "/svc/secret-access-key", type: "SecureString", value_wo: "${aws_iam_access_key.svc.secret}", ...(kmsKey ? { key_id: kmsKey } : {}) });
    if (kmsKey) s.raw("aws_kms_key", "k", { description: "credentials" });
    for (const [name, statements] of Object.entries(readers)) s.role(name, statements);
    return s.flags();
  };
  const KEY = "${aws_kms_key.k.arn}";
  test("a broad reader with decrypt is credential exposure (high)", () => {
    const flags = withKey(KEY, { ops: [{ Effect: "Allow", Action: ["ssm:GetParameter*", "kms:Decrypt"], Resource: "*" }] });
    expect(flags.find((f) => f.rule === "credential-exposure" && f.subject === "ops")).toMatchObject({ severity: "high", category: "credential-exposure" });
  });
  test("a broad reader under the default aws/ssm key is exposure even without kms:Decrypt", () => {
    const flags = withKey(undefined, { ops: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/*" }] });
    expect(flags.find((f) => f.rule === "credential-exposure" && f.subject === "ops")?.message).toMatch(/default aws\/ssm key lets every reader decrypt/);
  });
  test("near-miss: a broad reader without decrypt on the customer key", () => {
    const flags = withKey(KEY, { ops: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" }] });
    expect(flags.find((f) => f.rule === "credential-exposure")).toBeUndefined();
  });
  test("near-miss: a declared reader (grant naming the parameter) is info only", () => {
    const flags = withKey(KEY, { reader: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "${aws_ssm_parameter.secret.arn}" }, { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }] });
    expect(flags.find((f) => f.subject === "reader" && f.rule.startsWith("credential"))).toMatchObject({ rule: "credential-reader", severity: "info" });
  });
});

describe("unattached customer managed policies", () => {
  test("listed, with what they would grant", () => {
    const flags = new TfStack().policy("partner-reader", [{ Effect: "Allow", Action: ["ssm:GetParameter", "kms:Decrypt"], Resource: "*" }]).flags();
    const f = flags.find((x) => x.rule === "unattached-policy");
    expect(f).toMatchObject({ category: "credential-exposure", severity: "low", subject: "partner-reader" });
    expect(f!.message).toMatch(/attached to no principal.*ssm:GetParameter/);
  });
  test("near-miss: an attached policy is not listed", () => {
    const flags = new TfStack().policy("p", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]).role("app").attachRole("app", "${aws_iam_policy.p.arn}").flags();
    expect(flags.find((x) => x.rule === "unattached-policy")).toBeUndefined();
  });
});

test("every rule has a category from the fixed set and a summary; escalation rules name their sources", () => {
  for (const [id, r] of Object.entries(RULES)) {
    expect(CATEGORIES).toContain(r.category);
    expect(r.summary.length).toBeGreaterThan(10);
    if (id.startsWith("escalation.")) expect(r.sources).toMatch(/pathfinding\.cloud|rhino|pmapper|hacktricks/);
  }
});
