/** `policies[]` of a stack: customer managed policies. */
import { childId } from "../../core/child-id";
import { ManagedPolicy } from "../../constructs/managed-policy";
import type { PolicyConfig } from "../types";
import type { BuildContext, Entry } from "./context";
import { pick } from "./context";
import { buildDocument } from "./documents";
import type { StackScope } from "./scope";

export function buildPolicies(ctx: BuildContext, scope: StackScope, policies: PolicyConfig[] | undefined): void {
  const { stack, prefix, registry } = scope;
  (policies ?? []).forEach((p, i) => {
    const at = [...prefix, "policies", i];
    if (ctx.broken(at) || !p) {
      for (const k of [p?.id, p?.name]) if (typeof k === "string") registry.set(k, { at });
      return;
    }
    const id = scope.idOf(p, at, "policy");
    if (!id) return;
    scope.claimName("policy", p.name, [...at, "name"]);
    const built = buildDocument(ctx, p, at, stack.partition);
    if (!built) {
      registry.set(id, { at });
      if (p.name) registry.set(p.name, { at });
      return;
    }
    const entry: Entry = { constructPath: `${stack.node.path}/${childId(id)}`, at, documentOrigins: built.origins };
    try {
      const policy = new ManagedPolicy(stack, childId(id), {
        document: built.doc,
        ...pick(p, ["name", "namePrefix", "path", "description", "tags", "mergeStatements", "allowCreateBeforeDestroy"]),
      });
      registry.set(id, { policy, at });
      if (p.name && !registry.has(p.name)) registry.set(p.name, { policy, at });
      if (p.import === true) scope.adopted.push({ scope: policy, at });
    } catch (e) {
      registry.set(id, { at });
      ctx.constructError(e, entry);
    }
    ctx.entries.push(entry);
  });
}
