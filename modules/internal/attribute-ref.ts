/**
 * References to a resource's attributes (`${aws_iam_role.x.id}`), as the provider bindings' getters make them
 * (`role.id` is cdktf's `getStringAttribute("id")`), without the JavaScript stack trace cdktf records for each.
 *
 * Every attribute getter call makes a new cdktf `Reference` token, and cdktf's token constructor records the
 * whole stack (formatted at once, kept until the end). The constructs of this library take a few references per
 * principal (the role's id, the user's name, the access key's id and secret, the managed policy's ARN): at 1,000
 * principals, thousands of traces, a tenth of building the constructs and several MB kept alive. The trace is
 * shown only when resolving the token fails; {@link attributeRef} records instead where the reference belongs
 * ("<resource path> (id)"), as deferred values do (deferred.ts).
 *
 * The token is cdktf's own `Reference` (same class, so the same resolution, cross-stack references included),
 * with the same fields its constructor sets, except the creation stack. When cdktf's reference does not have the
 * shape this relies on (another cdktf version), the resource's own getter is used.
 * Tested against the getters (__tests__/stack/attribute-ref.test.ts).
 */
import { ref, Token } from "./cdktf";
import type { TerraformResource } from "./cdktf";

/** The fields cdktf's `Reference` constructor sets (cdktf/lib/tfExpression.js, Intrinsic and Reference). */
interface ReferenceFields {
  creationStack: string[];
  value: unknown;
  identifier: string;
  originStack: unknown;
  crossStackIdentifier: Record<string, string>;
}

const FIELDS = ["creationStack", "value", "identifier", "originStack", "crossStackIdentifier"];

/** cdktf's Reference prototype, when a reference made by cdktf has exactly the fields above (else undefined). */
export const REFERENCE_PROTOTYPE: object | undefined = (() => {
  const sample = ref("a.b") as unknown as Record<string, unknown>;
  const keys = Object.keys(sample);
  const sameShape = keys.length === FIELDS.length && FIELDS.every((k) => keys.includes(k));
  return sameShape && sample.identifier === "a.b" && sample.value === "a.b" ? (Object.getPrototypeOf(sample) as object) : undefined;
})();

/** A resource as its attribute getters see it (cdktf's TerraformResource, public and internal parts). */
type Resource = TerraformResource & { readonly cdktfStack: unknown; readonly forEach?: unknown };

/**
 * The string token `resource.getStringAttribute(attribute)` returns (the provider getters: `role.id`,
 * `user.name`, `policy.arn`), recording "<resource path> (<attribute>)" instead of a stack trace.
 */
export function attributeRef(resource: TerraformResource, attribute: string): string {
  if (REFERENCE_PROTOTYPE === undefined) return resource.getStringAttribute(attribute);
  const r = resource as Resource;
  // cdktf's TerraformResource.interpolationForAttribute, with the same identifier and origin stack.
  const identifier = `${r.terraformResourceType}.${r.friendlyUniqueId}${r.forEach ? ".*" : ""}.${attribute}`;
  const reference = Object.create(REFERENCE_PROTOTYPE) as ReferenceFields;
  reference.creationStack = [`${resource.node.path} (${attribute})`];
  reference.value = identifier;
  reference.identifier = identifier;
  reference.originStack = r.cdktfStack;
  reference.crossStackIdentifier = {};
  return Token.asString(reference);
}
