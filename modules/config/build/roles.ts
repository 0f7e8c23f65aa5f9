/** `roles[]` of a stack: EC2 instance roles (or, with `trustPolicy`, roles adopted with their own trust) and their instance profiles. */
import { childId } from "../../core/child-id";
import { Ec2InstanceRole } from "../../constructs/ec2-instance-role";
import type { RoleConfig } from "../types";
import type { BuildContext, Entry } from "./context";
import { pick } from "./context";
import { buildDocument, buildInlineDocs, statementOf } from "./documents";
import type { StackScope } from "./scope";

export function buildRoles(ctx: BuildContext, scope: StackScope, roles: RoleConfig[] | undefined): void {
  const { stack, prefix } = scope;
  (roles ?? []).forEach((r, i) => {
    const at = [...prefix, "roles", i];
    if (ctx.broken(at) || !r) return;
    const id = scope.idOf(r, at, "role");
    if (!id) return;
    scope.claimName("role", r.name, [...at, "name"]);
    if (r.instanceProfile !== false && (r.instanceProfile as unknown) !== true) {
      const profileName = r.instanceProfile?.name ?? r.name;
      scope.claimName("instance profile", profileName, [...at, r.instanceProfile?.name !== undefined ? "instanceProfile" : "name"]);
    }
    if ((r.instanceProfile as unknown) === true) {
      ctx.add({ at: [...at, "instanceProfile"], value: true, rule: "`instanceProfile` takes options or `false`; a profile is made by default.", fix: "Remove `instanceProfile: true` (or write `instanceProfile: { name: ... }`)." });
      return;
    }
    const policies = scope.resolveAll(r.managedPolicies, [...at, "managedPolicies"]);
    const boundary = r.permissionsBoundary !== undefined ? scope.resolve(r.permissionsBoundary, [...at, "permissionsBoundary"]) : undefined;
    const inline = buildInlineDocs(ctx, r.inlinePolicies, [...at, "inlinePolicies"], stack.partition);
    const trust = (r.additionalTrustStatements ?? []).map(statementOf);
    const trustPolicy = r.trustPolicy !== undefined ? buildDocument(ctx, r.trustPolicy ?? {}, [...at, "trustPolicy"], stack.partition) : undefined;
    const entry: Entry = {
      constructPath: `${stack.node.path}/${childId(id)}`,
      at,
      keyIndex: policies.keyIndex,
      inlineOrigins: inline.origins,
      ...(trustPolicy ? { trustOrigins: trustPolicy.origins } : {}),
      children: { InstanceProfile: ["instanceProfile"] },
    };
    ctx.entries.push(entry);
    if (!inline.ok || (r.trustPolicy !== undefined && !trustPolicy)) return;
    try {
      const role = new Ec2InstanceRole(stack, childId(id), {
        managedPolicies: policies.list,
        inlinePolicies: inline.docs,
        ...(boundary ? { permissionsBoundary: boundary } : {}),
        ...(trust.length > 0 ? { additionalTrustStatements: trust } : {}),
        ...(trustPolicy ? { trustPolicy: trustPolicy.doc } : {}),
        ...pick(r, ["name", "namePrefix", "path", "description", "maxSessionDuration", "tags", "managedPolicyQuota", "trustedService", "trustPolicyQuota", "instanceProfile", "allowCreateBeforeDestroy"]),
      });
      if (r.import === true) scope.adopted.push({ scope: role, at });
    } catch (e) {
      ctx.constructError(e, entry);
    }
  });
}
