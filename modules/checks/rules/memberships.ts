/**
 * Group memberships of the app, for the credential-exposure rule: which groups each user is in, whatever the
 * route that made the membership (a ServiceUser's `groups`, `policiesVia: "group"`, or a separate
 * `aws_iam_user_group_membership` / `aws_iam_group_membership` resource written with the provider's classes).
 *
 * Names are compared in their comparable form (./scope.ts `comparer`): literal names case-folded (IAM names are unique ignoring
 * case), references resolved to the Terraform expression they stand for in their stack, so `group.name` passed to
 * a membership matches the group whose name it references.
 */
import type { IConstruct } from "../../internal/cdktf";
import { TerraformResource } from "../../internal/cdktf";
import type { PrincipalFact } from "../credential-facts";
import type { RecordedFact } from "../registry";
import { comparer } from "./scope";
import type { Comparable } from "./scope";

/** A membership found in the app: a user (name or reference) and the groups it joins. */
interface Membership {
  readonly construct: IConstruct;
  readonly user: string;
  readonly groups: readonly string[];
}

function membershipResources(root: IConstruct): Membership[] {
  const out: Membership[] = [];
  for (const c of root.node.findAll()) {
    if (!(c instanceof TerraformResource)) continue;
    const r = c as TerraformResource & { userInput?: string; groupsInput?: string[]; groupInput?: string; usersInput?: string[] };
    if (r.terraformResourceType === "aws_iam_user_group_membership" && typeof r.userInput === "string") {
      out.push({ construct: c, user: r.userInput, groups: r.groupsInput ?? [] });
    } else if (r.terraformResourceType === "aws_iam_group_membership" && typeof r.groupInput === "string") {
      for (const u of r.usersInput ?? []) if (typeof u === "string") out.push({ construct: c, user: u, groups: [r.groupInput] });
    }
  }
  return out;
}

/** The comparable forms of a principal's name: its literal name and, when set, what its `nameRef` stands for. */
function keysOf(p: RecordedFact<PrincipalFact>, comparable: Comparable): string[] {
  const keys = [comparable(p.construct, p.value.name), p.value.nameRef !== undefined ? comparable(p.construct, p.value.nameRef) : undefined];
  return [...new Set(keys.filter((k): k is string => k !== undefined))];
}

/**
 * For each user fact, the group facts of the app it is a member of. Groups joined that the app does not declare
 * (an existing group by name) are not in the answer: their policies are not known here.
 */
export function groupsOfUsers(
  root: IConstruct,
  principals: readonly RecordedFact<PrincipalFact>[],
): Map<RecordedFact<PrincipalFact>, RecordedFact<PrincipalFact>[]> {
  const comparable = comparer();
  const groupByKey = new Map<string, RecordedFact<PrincipalFact>>();
  for (const p of principals) if (p.value.kind === "group") for (const k of keysOf(p, comparable)) groupByKey.set(k, p);
  // No group declared in the app: no user can be a member of one of its groups (every join below needs a group).
  if (groupByKey.size === 0) return new Map();
  const users = principals.filter((p) => p.value.kind === "user");
  const userByKey = new Map<string, RecordedFact<PrincipalFact>>();
  for (const u of users) for (const k of keysOf(u, comparable)) userByKey.set(k, u);

  const result = new Map<RecordedFact<PrincipalFact>, Set<RecordedFact<PrincipalFact>>>();
  const join = (user: RecordedFact<PrincipalFact> | undefined, groupKey: string | undefined): void => {
    const group = groupKey === undefined ? undefined : groupByKey.get(groupKey);
    if (!user || !group) return;
    let set = result.get(user);
    if (!set) result.set(user, (set = new Set()));
    set.add(group);
  };
  for (const u of users) for (const g of u.value.groups ?? []) join(u, comparable(u.construct, g));
  if (groupByKey.size > 0) {
    for (const m of membershipResources(root)) {
      const user = userByKey.get(comparable(m.construct, m.user) ?? "");
      for (const g of m.groups) join(user, comparable(m.construct, g));
    }
  }
  return new Map([...result].map(([u, s]) => [u, [...s]]));
}
