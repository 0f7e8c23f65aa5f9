/** `groups[]` of a stack: IAM groups with their policies (users join them by id or name). */
import { childId } from "../../core/child-id";
import { UserGroup } from "../../constructs/user-group";
import type { GroupConfig } from "../types";
import type { BuildContext, Entry } from "./context";
import { pick } from "./context";
import { buildInlineDocs } from "./documents";
import type { StackScope } from "./scope";

export function buildGroups(ctx: BuildContext, scope: StackScope, groups: GroupConfig[] | undefined): void {
  const { stack, prefix } = scope;
  (groups ?? []).forEach((g, i) => {
    const at = [...prefix, "groups", i];
    if (ctx.broken(at) || !g) {
      for (const k of [g?.id, g?.name]) if (typeof k === "string") scope.groups.set(k, null);
      return;
    }
    const id = scope.idOf(g, at, "group");
    if (!id) return;
    scope.claimName("group", g.name, [...at, "name"]);
    const policies = scope.resolveAll(g.managedPolicies, [...at, "managedPolicies"]);
    const inline = buildInlineDocs(ctx, g.inlinePolicies, [...at, "inlinePolicies"], stack.partition);
    const entry: Entry = { constructPath: `${stack.node.path}/${childId(id)}`, at, keyIndex: policies.keyIndex, inlineOrigins: inline.origins };
    ctx.entries.push(entry);
    if (!inline.ok) return;
    try {
      const group = new UserGroup(stack, childId(id), {
        name: g.name,
        managedPolicies: policies.list,
        inlinePolicies: inline.docs,
        ...pick(g, ["path", "managedPolicyQuota", "enforceMfa", "memberPath"]),
      });
      scope.groups.set(id, group);
      scope.groups.set(g.name, group);
      if (g.import === true) scope.adopted.push({ scope: group, at });
    } catch (e) {
      scope.groups.set(id, null);
      ctx.constructError(e, entry);
    }
  });
}
