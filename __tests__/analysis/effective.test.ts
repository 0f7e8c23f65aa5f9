/** effectivePermissions(): exact actions from the catalog, on resource patterns, after Deny and boundary. */
import { buildPrincipal, effectivePermissions } from "../../modules/analysis";
import { ACCOUNT, inline, principalWith } from "./support";

const user = (n: string) => `arn:aws:iam::${ACCOUNT}:user/${n}`;
const brief = (grants: ReturnType<typeof effectivePermissions>) => grants.map((g) => `${g.action} ${g.resource} ${g.status}${g.except ? ` except ${g.except.join(",")}` : ""}`);

describe("effectivePermissions", () => {
  test("expands wildcards against the catalog, canonical names, sorted", () => {
    const p = principalWith("role", "app", [{ Effect: "Allow", Action: ["ssm:getparameter*"], Resource: "arn:aws:ssm:*:*:parameter/app/*" }]);
    expect(brief(effectivePermissions(p))).toEqual([
      "ssm:GetParameter arn:aws:ssm:*:*:parameter/app/* allowed",
      "ssm:GetParameterHistory arn:aws:ssm:*:*:parameter/app/* allowed",
      "ssm:GetParameters arn:aws:ssm:*:*:parameter/app/* allowed",
      "ssm:GetParametersByPath arn:aws:ssm:*:*:parameter/app/* allowed",
    ]);
  });

  test("the actions option limits the answer (and NotAction is expanded only for them)", () => {
    const p = principalWith("role", "app", [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]);
    expect(brief(effectivePermissions(p, { actions: ["iam:PassRole", "lambda:UpdateFunctionCode", "sts:AssumeRole"] }))).toEqual([
      "lambda:UpdateFunctionCode * allowed",
      "sts:AssumeRole * allowed",
    ]);
  });

  test("a Deny covering the grant removes it; one covering part of it is listed", () => {
    const p = principalWith("role", "app", [
      { Effect: "Allow", Action: ["iam:PassRole", "iam:GetRole"], Resource: "*" },
      { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
      { Effect: "Deny", Action: "iam:GetRole", Resource: `arn:aws:iam::${ACCOUNT}:role/admin*` },
    ]);
    expect(brief(effectivePermissions(p, { actions: ["iam:PassRole", "iam:GetRole"] }))).toEqual([`iam:GetRole * allowed except arn:aws:iam::${ACCOUNT}:role/admin*`]);
  });

  test("Deny with NotResource except the caller narrows the grant to the caller", () => {
    const p = principalWith("user", "alice", [
      { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "*" },
      { Effect: "Deny", Action: "iam:CreateAccessKey", NotResource: user("${aws:username}") },
    ]);
    expect(brief(effectivePermissions(p, { actions: ["iam:CreateAccessKey"] }))).toEqual([`iam:CreateAccessKey ${user("alice")} allowed`]);
  });

  test("${aws:username} resolves for users; for roles the grant is empty", () => {
    const s = [{ Effect: "Allow", Action: "iam:UpdateLoginProfile", Resource: user("${aws:username}") }];
    expect(brief(effectivePermissions(principalWith("user", "bob", s)))).toEqual([`iam:UpdateLoginProfile ${user("bob")} allowed`]);
    expect(effectivePermissions(principalWith("role", "bob", s))).toEqual([]);
  });

  test("conditions and Denies that might apply make a grant conditional", () => {
    const p = principalWith("role", "app", [
      { Effect: "Allow", Action: "iam:CreateRole", Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/b" } } },
      { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" },
      { Effect: "Deny", Action: "iam:PutRolePolicy", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
    ]);
    expect(brief(effectivePermissions(p, { actions: ["iam:CreateRole", "iam:PutRolePolicy"] }))).toEqual(["iam:CreateRole * conditional", "iam:PutRolePolicy * conditional"]);
    expect(brief(effectivePermissions(p, { actions: ["iam:CreateRole"], context: { "iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/b" } }))).toEqual(["iam:CreateRole * allowed"]);
  });

  test("the boundary limits the grants; groups and AWS managed documents count", () => {
    const p = buildPrincipal({
      kind: "user",
      name: "alice",
      policies: [{ kind: "aws-managed", name: "AdministratorAccess" }],
      groups: [{ name: "ops", policies: [inline("ssm", { Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" })] }],
      boundary: { kind: "managed", name: "b", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:*", "s3:Get*"], Resource: "*" }] } },
    });
    const grants = effectivePermissions(p, { actions: ["ssm:SendCommand", "s3:GetObject", "iam:PassRole"] });
    expect(brief(grants)).toEqual(["s3:GetObject * allowed", "ssm:SendCommand * allowed"]);
    expect(grants[1].grantedBy.map((r) => r.source)).toEqual(["AWS managed policy AdministratorAccess", "inline policy ssm of group ops"]);
  });
});
