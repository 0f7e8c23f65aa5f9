/**
 * The escalation catalogue, rule by rule: a stack holding exactly the path's permission set is flagged
 * `privilege-escalation` at high or above; scoped near-misses of it are not.
 */
import { ESCALATION_PATHS, RULES, type EscalationPath } from "../../modules/review";
import { gating, TfStack, type Statement } from "./escalation-support";

const SELF_USER = /^iam:(PutUserPolicy|AttachUserPolicy|PutUserPermissionsBoundary|DeleteUserPermissionsBoundary|AddUserToGroup|PutGroupPolicy|AttachGroupPolicy)$/;
const USER_CREDENTIALS = /^iam:(CreateAccessKey|DeleteAccessKey|CreateLoginProfile|UpdateLoginProfile)$/;

/** The principal kind a path is tried on: a user for user and group paths, a role otherwise. */
function kindOf(path: EscalationPath): "user" | "role" {
  return path.kind === "self" && path.actions.some((a) => SELF_USER.test(a)) ? "user" : "role";
}

/** A stack whose principal `subject` holds `statements`; a powerful role trusts it when the path assumes roles. */
function stackWith(path: EscalationPath, statements: Statement[], adminTrustsSubject = true): TfStack {
  const s = new TfStack().group("team").role("weak", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }]);
  if (kindOf(path) === "user") s.user("subject", statements, ["team"]);
  else s.role("subject", statements);
  if (path.id === "escalation.sts-assume-role") {
    s.role("admin", undefined, adminTrustsSubject ? { AWS: "${aws_iam_role.subject.arn}" } : { Service: "ec2.amazonaws.com" }).attachRole("admin", "arn:aws:iam::aws:policy/AdministratorAccess");
  }
  return s;
}

function fires(path: EscalationPath, statements: Statement[], adminTrustsSubject = true): string[] {
  const flags = gating(stackWith(path, statements, adminTrustsSubject).flags()).filter((f) => f.subject === "subject" && f.category === "privilege-escalation");
  // A longer path is reported by the shorter catalogued path it contains (same kind), when there is one.
  return flags.filter((f) => f.rule === path.id || ESCALATION_PATHS.some((o) => o.id === f.rule && o.actions.every((a) => path.actions.includes(a)))).map((f) => f.rule);
}

const exact = (path: EscalationPath): Statement[] => {
  if (path.id === "escalation.sts-assume-role") return [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "${aws_iam_role.admin.arn}" }];
  return [{ Effect: "Allow", Action: path.actions, Resource: "*" }];
};

/** True when `actions` hold every action of another catalogued path (then they legitimately fire that one). */
function holdsOtherPath(path: EscalationPath, actions: readonly string[]): boolean {
  return ESCALATION_PATHS.some((o) => o !== path && o.actions.every((a) => actions.includes(a)));
}

/**
 * Near-misses: the path's key action taken back by a Deny (an action whose loss leaves no other catalogued path; all
 * of them when there is none), plus a scoped variant where the kind has one. Variants whose remaining actions form
 * another catalogued path are skipped: that path rightly fires.
 */
function nearMisses(path: EscalationPath): [string, Statement[], boolean][] {
  const key = path.actions.find((a) => !holdsOtherPath(path, path.actions.filter((x) => x !== a)));
  const out: [string, Statement[], boolean][] = [["a Deny takes the permission set back", [...exact(path), { Effect: "Deny", Action: key ?? path.actions, Resource: "*" }], true]];
  const others = path.actions.filter((a) => a !== "iam:PassRole");
  if (path.passTo) {
    if (!holdsOtherPath(path, others)) out.push(["PassRole only to a weak role of the stack", [{ Effect: "Allow", Action: others, Resource: "*" }, { Effect: "Allow", Action: "iam:PassRole", Resource: "${aws_iam_role.weak.arn}" }], true]);
    if (!holdsOtherPath(path, others)) out.push(["PassRole only to a service that runs no code", [{ Effect: "Allow", Action: others, Resource: "*" }, { Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } } }], true]);
  } else if (path.id === "escalation.iam-add-user-to-group") {
    out.push(["only into a weak group of the stack", [{ Effect: "Allow", Action: path.actions, Resource: "${aws_iam_group.team.arn}" }], true]);
  } else if (path.kind === "self") {
    out.push(["scoped to another principal", [{ Effect: "Allow", Action: path.actions, Resource: ["arn:aws:iam::123456789012:role/someone-else", "arn:aws:iam::123456789012:user/someone-else", "arn:aws:iam::123456789012:group/someone-else"] }], true]);
  } else if (path.actions.every((a) => USER_CREDENTIALS.test(a))) {
    out.push(["scoped to the caller (${aws:username})", [{ Effect: "Allow", Action: path.actions, Resource: "arn:aws:iam::123456789012:user/${aws:username}" }], true]);
  } else if (path.id === "escalation.sts-assume-role") {
    out.push(["the powerful role's trust does not admit it", [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }], false]);
  } else if (path.kind === "existing-resource") {
    out.push(["only the read actions of the service", [{ Effect: "Allow", Action: path.actions.map((a) => `${a.split(":")[0]}:Describe*`), Resource: "*" }], true]);
  }
  return out;
}

describe.each(ESCALATION_PATHS.map((p) => [p.id, p] as const))("%s", (_id, path) => {
  test("is a rule with sources, category and severity", () => {
    expect(RULES[path.id]).toMatchObject({ category: "privilege-escalation", severity: "high" });
    expect(path.sources.length).toBeGreaterThan(0);
  });
  test("fires on exactly its permission set", () => {
    expect(fires(path, exact(path))).not.toEqual([]);
  });
  test.each(nearMisses(path))("near-miss: %s", (_t, statements, adminTrustsSubject) => {
    expect(fires(path, statements, adminTrustsSubject)).toEqual([]);
  });
});

test("coverage of the public catalogues", () => {
  const ids = (catalogue: string) => new Set(ESCALATION_PATHS.flatMap((p) => p.sources.filter((s) => s.catalogue === catalogue).map((s) => s.id)));
  // pathfinding.cloud: every path of data/paths (65 at 84dd65c), all of them expressed in identity policies.
  expect(ids("pathfinding.cloud").size).toBe(65);
  // Rhino Security Labs: the 21 methods of the article.
  expect([...ids("rhino")].sort()).toEqual(Array.from({ length: 21 }, (_, i) => `method-${i + 1}`).sort());
  // PMapper: one edge checker per service (IAM, STS, EC2, Lambda, CloudFormation, CodeBuild, SSM, AutoScaling, SageMaker).
  expect(ids("pmapper").size).toBe(9);
});
