/** `users[]` of a stack: service users, their access keys in SSM, console access, and credentials reader policies. */
import { childId } from "../../core/child-id";
import { Rotation } from "../../constructs/access-key-rotation";
import { ManagedPolicy } from "../../constructs/managed-policy";
import { ServiceUser } from "../../constructs/service-user";
import type { ServiceUserAccessKeyProps } from "../../constructs/service-user";
import { SsmStore } from "../../constructs/ssm-store";
import type { UserConfig } from "../types";
import type { BuildContext, Entry } from "./context";
import { pick } from "./context";
import { buildInlineDocs } from "./documents";
import type { StackScope } from "./scope";

/** Builds the users (and their credentials reader policies, which roles may attach). */
export function buildUsers(ctx: BuildContext, scope: StackScope, users: UserConfig[] | undefined): void {
  const { stack, prefix, registry } = scope;
  (users ?? []).forEach((u, i) => {
    const at = [...prefix, "users", i];
    // When the user cannot be built, neither can its reader policy: references to it are then not reported again.
    const rc = u && typeof u === "object" ? u.credentialsReaderPolicy : undefined;
    const readerId = rc && typeof rc === "object" ? (rc.id ?? rc.name ?? `${u.id ?? u.name}-credentials-reader`) : undefined;
    const unbuilt = () => {
      if (readerId !== undefined && !registry.has(readerId)) registry.set(readerId, { at: [...at, "credentialsReaderPolicy"] });
    };
    if (ctx.broken(at) || !u) return unbuilt();
    const id = scope.idOf(u, at, "user");
    if (!id) return unbuilt();
    scope.claimName("user", u.name, [...at, "name"]);
    if (u.policiesVia === "group") scope.claimName("group", u.group?.name ?? `${u.name}-policies`, [...at, u.group?.name !== undefined ? "group" : "policiesVia"]);
    if (u.credentialsReaderPolicy?.name !== undefined) scope.claimName("policy", u.credentialsReaderPolicy.name, [...at, "credentialsReaderPolicy", "name"]);
    const policies = scope.resolveAll(u.managedPolicies, [...at, "managedPolicies"]);
    const boundary = u.permissionsBoundary !== undefined ? scope.resolve(u.permissionsBoundary, [...at, "permissionsBoundary"]) : undefined;
    const inline = buildInlineDocs(ctx, u.inlinePolicies, [...at, "inlinePolicies"], stack.partition);
    const memberOf: string[] = [];
    (u.groups ?? []).forEach((g) => {
      const local = scope.groups.get(g);
      if (local === null) return; // broken group: already reported
      memberOf.push(local ? local.name : g);
    });
    const entry: Entry = {
      constructPath: `${stack.node.path}/${childId(id)}`,
      at,
      keyIndex: policies.keyIndex,
      inlineOrigins: inline.origins,
      children: { AccessKey: ["accessKey"], Console: ["console"] },
    };
    ctx.entries.push(entry);
    if (!inline.ok) return unbuilt();
    let user: ServiceUser;
    try {
      user = new ServiceUser(stack, childId(id), {
        name: u.name,
        managedPolicies: policies.list,
        inlinePolicies: inline.docs,
        ...(boundary ? { permissionsBoundary: boundary } : {}),
        ...(memberOf.length > 0 ? { groups: memberOf } : {}),
        ...(u.accessKey ? { accessKey: accessKeyOf(u.accessKey) } : {}),
        ...(u.console ? { console: { ...u.console } } : {}),
        ...pick(u, ["path", "forceDestroy", "tags", "policiesVia", "group", "managedPolicyQuota"]),
      });
    } catch (e) {
      ctx.constructError(e, entry);
      return unbuilt();
    }
    if (u.import === true) {
      scope.adopted.push({ scope: user, at });
      // An import leaves force_destroy unset in state: keep it unset (unless the entry sets it) so that adopting
      // the user plans no change; `forceDestroy: true` in the entry then takes the library's default.
      if (u.forceDestroy === undefined) user.user.resetForceDestroy();
    }
    const r = u.credentialsReaderPolicy;
    if (r) {
      const rat = [...at, "credentialsReaderPolicy"];
      const rid = r.id ?? r.name ?? `${id}-credentials-reader`;
      if (!scope.claimId(rid, rat, [...rat, r.id !== undefined ? "id" : "name"])) return;
      const rentry: Entry = { constructPath: `${stack.node.path}/${childId(rid)}`, at: rat, renames: { document: "" } };
      try {
        const doc = user.credentialsReaderPolicy(r.accountId !== undefined ? { accountId: r.accountId } : {});
        const policy = new ManagedPolicy(stack, childId(rid), { document: doc, ...pick(r, ["name", "path", "description"]) });
        registry.set(rid, { policy, at: rat });
        if (r.name !== undefined && !registry.has(r.name)) registry.set(r.name, { policy, at: rat });
      } catch (e) {
        registry.set(rid, { at: rat });
        ctx.constructError(e, rentry, entry);
      }
      ctx.entries.push(rentry);
    }
  });
}

function accessKeyOf(k: NonNullable<UserConfig["accessKey"]>): ServiceUserAccessKeyProps {
  return {
    ...(k.storeIn ? { storeIn: SsmStore.secure({ ...k.storeIn }) } : {}),
    ...(k.pgpKey !== undefined ? { pgpKey: k.pgpKey } : {}),
    ...(k.rotation ? { rotation: Rotation.generation(k.rotation.generation, k.rotation.every ? { every: k.rotation.every } : {}) } : {}),
    ...(k.deactivatePrevious !== undefined ? { deactivatePrevious: k.deactivatePrevious } : {}),
    ...(k.exposureOptOut !== undefined ? { exposureOptOut: { ...k.exposureOptOut } } : {}),
  };
}
