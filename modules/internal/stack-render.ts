/**
 * cdktf's `TerraformStack.prepareStack()` and `toTerraform()` (cdktf 0.21, lib/terraform-stack.js), step for
 * step, with {@link resolveFast} in place of cdktf's generic resolve: the same elements in the same order, the
 * same metadata, outputs, fragments, merges and raw overrides, the same tokens resolved with the same flags.
 * IamStack uses these; when rendering throws, it runs cdktf's own path, so errors read as cdktf writes them.
 *
 * Tested against cdktf's own rendering (__tests__/stack/fast-render.test.ts).
 */
import { deepMerge, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from "./cdktf";
import { prepareTokens, resolveFast, resolveFastInPlace } from "./fast-resolve";

/** The parts of a TerraformStack that cdktf's rendering reads and its typings keep private. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string | undefined;
}

/**
 * cdktf's `prepareStack()`: makes sure the stack has a backend, then resolves every element in the preparing
 * mode (which registers cross-stack references and may add elements for them).
 */
export function prepareStackFast(stack: TerraformStack): void {
  stack.ensureBackendExists();
  for (const element of terraformElements(stack)) prepareTokens(element.toTerraform(), stack);
}

/** cdktf's `toTerraform()`: the stack's Terraform JSON. */
export function renderStackFast(stack: TerraformStack): Record<string, unknown> {
  const internals = stack as unknown as StackInternals;
  const resolve = (value: unknown) => resolveFast(value, { scope: stack, preparing: false });
  const tf: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {
    version: internals.cdktfVersion,
    stackName: stack.node.id,
    backend: "local", // overwritten by backend implementations if used
    cloud: undefined, // overwritten by cloud and remote backend implementations
    ...(Object.keys(internals.rawOverrides).length > 0 ? { overrides: { stack: Object.keys(internals.rawOverrides) } } : {}),
  };
  const elements = terraformElements(stack);
  for (const meta of elements.map((e) => resolve(e.toMetadata()))) deepMerge(metadata, meta);
  const outputs: Record<string, unknown> = {};
  for (const item of elements) {
    if (!TerraformOutput.isTerraformOutput(item)) continue;
    deepMerge(outputs, item.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {}));
  }
  tf["//"] = { metadata, outputs };
  // Each fragment merged as soon as it is resolved (cdktf resolves all, then merges: same order, same result).
  for (const element of elements) mergeResolved(tf, resolve(element.toTerraform()) as Record<string, unknown>);
  // deepMerge keeps arrays by reference: copied, so that the stack's overrides are not shared with the result.
  deepMerge(tf, copyContainers(internals.rawOverrides));
  // The merged fragments are resolved already: only the overrides can hold tokens, so the rest is kept, not copied.
  return resolveFastInPlace(tf, { scope: stack, preparing: false }) as Record<string, unknown>;
}

/**
 * cdktf's `deepMerge(target, source)` for a freshly resolved fragment: where the target has nothing under a key and
 * the fragment has an object, the fragment's object itself is taken instead of a copy of it (deepMerge would make a
 * new object and copy every key into it: the same content, since a resolved value holds no token, no undefined
 * value and only new containers, which nothing else refers to). Every other case is cdktf's own merge.
 */
function mergeResolved(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const here = target[key];
    if (isRecord(value) && here === undefined) target[key] = value;
    else if (isRecord(value) && isRecord(here)) mergeResolved(here, value);
    else deepMerge(target, { [key]: value });
  }
}

/** A plain object (made by `{}`: not an array, a Date or another class instance, not a token). */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype && !Tokenization.isResolvable(value);
}

/** Plain objects and arrays copied, anything else (tokens included) kept. */
function copyContainers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyContainers);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyContainers(v)]));
  }
  return value;
}

/** The stack's elements, depth first in construct order, not entering nested stacks (cdktf's `terraformElements`). */
function terraformElements(node: { node: { children: readonly unknown[] } }, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child as { node: { children: readonly unknown[] } }, into);
  }
  return into;
}
