/**
 * Findings, keys and console users of an adoption; filters; input errors. Findings use the review's rules on the
 * adopted stack, plus what only the account shows (key ages, console users without MFA).
 */
import * as fs from "node:fs";
import { adopt, AdoptInputError, ADOPTED_REASON, readAccessKeys, readAuthorizationDetails, readCredentialReport, readProfileAssociations, readRoleList } from "../../modules/adopt";
import { compareSeverity } from "../../modules/review";
import { adoptFixture, fixture, fixtureInput, NOW } from "./support";

const result = adoptFixture();

describe("adopt: findings", () => {
  it("ranks the most serious first: the quick-start admin's AdministratorAccess on top", () => {
    expect(result.findings[0]).toMatchObject({ severity: "critical", rule: "admin-access", subject: "quickstart-admin" });
    for (let i = 1; i < result.findings.length; i++) expect(compareSeverity(result.findings[i - 1]!.severity, result.findings[i]!.severity)).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ["passrole-star", "developers"],
    ["passrole-star", "ci-deploy"],
    ["escalation.ec2-run-instances", "ops"],
    ["console-without-mfa", "alice"],
    ["console-password", "alice"],
    ["old-access-key", "quickstart-admin"],
    ["long-lived-key", "sekoia-connector"],
  ])("reports %s for %s", (rule, subject) => {
    expect(result.findings).toContainEqual(expect.objectContaining({ rule, subject }));
  });

  it("keeps what the rules refuse, with the adopted-as-is reason, and lists it in the report", () => {
    expect(result.yaml.split(ADOPTED_REASON).length - 1).toBe(3); // PassRole on * twice (allowBroad), an unknown action (skipCatalogCheck)
    expect(result.yaml).toMatch(/allowBroad:\n\s+reason: adopted as is/);
    expect(result.yaml).toMatch(/skipCatalogCheck:\n\s+reason: adopted as is/);
    expect(result.report).toContain("policy ec2-deployer (v1): 1 statement(s) with opt-outs");
    expect(result.report).toContain("group ops inline policy orders-legacy: Version raised to 2012-10-17");
  });

  it("lists keys with ids and ages, never a secret, and plans the rotation step by step", () => {
    expect(result.keys.map((k) => [k.userName, k.action])).toEqual([["alice", "none"], ["quickstart-admin", "retire-first"], ["sekoia-connector", "rotate"]]);
    expect(result.report).toContain("| sekoia-connector | AKIASEKOIACONN0001CC | Active | 2025-01-15T13:25:00+00:00 | 683 | rotate into SSM (steps below) |");
    expect(result.report).toMatch(/### Planned rotation into SSM[\s\S]*1\. Add the key[\s\S]*2\. `npm run plan`[\s\S]*4\. When `aws iam get-access-key-last-used`/);
    expect(result.report).not.toMatch(/SecretAccessKey|secret-access-key: [A-Za-z0-9/+]{40}/);
  });

  it("with --rotate-keys, declares the new key in SSM for users with one key, and not for a user who has two", () => {
    const r = adoptFixture({ rotateKeys: true, ssmPrefix: "/integrations" });
    expect(r.yaml).toMatch(/name: sekoia-connector[\s\S]*accessKey:\n\s+storeIn:\n\s+prefix: \/integrations\n\s+rotation:\n\s+generation: 0/);
    const admin = r.yaml.slice(r.yaml.indexOf("name: quickstart-admin"), r.yaml.indexOf("name: sekoia-connector"));
    expect(admin).not.toContain("accessKey");
    const created = Object.keys(r.tfJson.resource as object).filter((t) => ["aws_iam_access_key", "aws_ssm_parameter"].includes(t));
    expect(created.sort()).toEqual(["aws_iam_access_key", "aws_ssm_parameter"]);
    // the new key and its parameters are created, not imported
    expect(r.imports.some((i) => /aws_iam_access_key|aws_ssm_parameter/.test(i.to))).toBe(false);
  });

  it("lists console users and their MFA, never adopting a login profile", () => {
    expect(result.logins).toEqual([{ userName: "alice", passwordEnabled: true, passwordLastUsed: "2026-11-28T17:40:00+00:00", mfaActive: false }]);
    expect(Object.keys(result.tfJson.resource as object)).not.toContain("aws_iam_user_login_profile");
    expect(result.report).toContain("| alice | 2026-11-28T17:40:00+00:00 | **no** |");
  });

  it("shows the instances that use an adopted profile", () => {
    expect(result.report).toContain("| i-0abc123def4567890 | arn:aws:iam::111122223333:instance-profile/ec2-app-role | associated |");
  });

  it("warns when role descriptions and session durations are unknown (no list-roles)", () => {
    const { roleList: _omit, ...rest } = fixtureInput();
    const r = adopt(rest, { now: NOW });
    expect(r.report).toContain("Role descriptions and maximum session durations are unknown");
    expect(result.report).not.toContain("are unknown");
  });
});

describe("adopt: filters", () => {
  const names = (opts: Parameters<typeof adoptFixture>[0]) => {
    const r = adoptFixture(opts);
    const c = r.mapped.config;
    return [...(c.roles ?? []), ...(c.users ?? []), ...(c.groups ?? []), ...(c.policies ?? [])].map((e) => e.name).sort();
  };
  it.each([
    ["path prefix /integrations/", { pathPrefix: "/integrations/" }, ["sekoia-connector"]],
    ["path prefix /ci/", { pathPrefix: "/ci/" }, ["ci-deploy"]],
    ["name pattern", { namePattern: "ec2-*" }, ["ec2-app-role", "ec2-deployer"]],
    ["name pattern with ?", { namePattern: "op?" }, ["ops"]],
    ["tag key", { tag: "owner" }, ["ci-deploy", "sekoia-connector", "developers", "ops"].sort()],
    ["tag key=value", { tag: "owner=secops" }, ["developers", "ops", "sekoia-connector"]],
    ["path and name together", { pathPrefix: "/", namePattern: "*admin" }, ["quickstart-admin"]],
  ])("%s", (_l, opts, expected) => {
    expect(names(opts)).toEqual([...expected].sort());
  });

  it("refers to a policy outside the filter by its ARN (still attached, not adopted)", () => {
    const r = adoptFixture({ pathPrefix: "/ci/" });
    expect(r.mapped.config.roles?.[0]?.managedPolicies).toEqual(["arn:aws:iam::111122223333:policy/ec2-deployer"]);
    expect(r.imports.map((i) => i.id)).toContain("ci-deploy/arn:aws:iam::111122223333:policy/ec2-deployer");
  });
});

describe("adopt: input errors name the file, the place and the fix", () => {
  const tmp = (text: string) => {
    const f = `${fs.mkdtempSync(`${process.env.TMPDIR ?? "/tmp"}/adopt-`)}/in.json`;
    fs.writeFileSync(f, text);
    return f;
  };
  it.each([
    ["not JSON", () => readAuthorizationDetails(tmp("{ nope")), /is not JSON.*--output json/],
    ["another command's output", () => readAuthorizationDetails(tmp('{"Users": []}')), /not the output of `aws iam get-account-authorization-details`/],
    ["a role without a name", () => readAuthorizationDetails(tmp('{"RoleDetailList": [{"Path": "/"}]}')), /RoleDetailList\[0\]\.RoleName/],
    ["a missing file", () => readAuthorizationDetails("/nonexistent/account.json"), /cannot be read \(ENOENT\)/],
    ["keys in the wrong shape", () => readAccessKeys(tmp('{"Keys": []}')), /AccessKeyMetadata/],
    ["a key without a date", () => readAccessKeys(tmp('{"AccessKeyMetadata": [{"UserName": "u", "AccessKeyId": "AKIA", "Status": "Active"}]}')), /AccessKeyMetadata\[0\]\.CreateDate/],
    ["associations in the wrong shape", () => readProfileAssociations(tmp("[]")), /IamInstanceProfileAssociations/],
    ["a credential report without columns", () => readCredentialReport(tmp("a,b\n1,2\n")), /no `user` column/],
    ["list-roles in the wrong shape", () => readRoleList(tmp('{"RoleDetailList": []}')), /aws iam list-roles/],
  ])("%s", (_l, run, message) => {
    expect(run).toThrow(AdoptInputError);
    expect(run).toThrow(message);
  });

  it("reads paged outputs given as a JSON list", () => {
    const pages = JSON.parse(fs.readFileSync(fixture("account.json"), "utf8"));
    const [one, two] = [{ ...pages, RoleDetailList: pages.RoleDetailList.slice(0, 2) }, { RoleDetailList: pages.RoleDetailList.slice(2), IsTruncated: false }];
    const merged = readAuthorizationDetails(tmp(JSON.stringify([one, two])));
    expect(merged.RoleDetailList?.length).toBe(pages.RoleDetailList.length);
  });
});
