/**
 * No plan that cannot apply: a role, managed policy or instance profile with a fixed name is never replaced with
 * create-before-destroy. IAM names are unique in an account (and case-insensitive): the new object cannot be created
 * while the old one still holds the name, so the apply fails with EntityAlreadyExists.
 *
 * Which changes replace (AWS provider 5.100, proven by __tests__/constructs/iam-replacement.apply.test.ts):
 * - `aws_iam_role`: `name`, `name_prefix`, `path`;
 * - `aws_iam_instance_profile`: `name`, `name_prefix`, `path` (its `role` is updated in place);
 * - `aws_iam_policy`: `name`, `name_prefix`, `path`, `description`;
 * - users and groups are renamed and moved in place (never replaced by a change of the configuration): not checked.
 *
 * A resource is create-before-destroy by its own `lifecycle` (set through an escape hatch, or
 * `InstanceProfile.createBeforeDestroy`), or because Terraform extends the setting from any resource of the stack
 * that has it to everything that resource depends on, directly or through others (a launch template or an
 * auto-scaling group with `create_before_destroy` that names the instance profile makes the profile and its role
 * create-before-destroy too).
 *
 * Two problems, each at the construct's path:
 * - **always** (unless `allowCreateBeforeDestroy: { reason }` on the construct): a fixed-name entity that is
 *   create-before-destroy. The first change of a replacing argument would fail; synth cannot count on seeing it
 *   coming (a fresh checkout has no previous synthesized stack), so the trap is refused where it is set.
 * - **when the previous synthesized stack shows it** (`<outdir>/stacks/<stack>/cdk.tf.json`, read before it is
 *   overwritten): a replacing argument of such an entity changes while its name stays (ignoring case). This one has
 *   no opt-out: that apply would fail.
 *
 * Cost: nothing beyond a scan of the stack's resources' lifecycles when no resource is create-before-destroy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Problem } from "../../core/errors";
import { showValue } from "../../core/errors";
import type { IConstruct } from "../../internal/cdktf";
import { App, DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Tokenization } from "../../internal/cdktf";
import { REPLACEABLE } from "../facts";
import type { ReplaceableFact, ReplaceableKind } from "../facts";
import { registerAppRule } from "../registry";

/** The arguments whose change replaces the resource (ForceNew in AWS provider 5.100). */
export const REPLACING_ARGUMENTS: Record<ReplaceableKind, readonly string[]> = {
  role: ["name", "name_prefix", "path"],
  "instance profile": ["name", "name_prefix", "path"],
  policy: ["name", "name_prefix", "path", "description"],
};

/** The construct field of a Terraform argument, for messages. */
const FIELD: Record<string, string> = { name: "name", name_prefix: "namePrefix", path: "path", description: "description" };

type Json = Record<string, unknown>;

const address = (r: TerraformResource): string => `${r.terraformResourceType}.${r.friendlyUniqueId}`;

/** Whether the resource sets create_before_destroy itself (its lifecycle, or an override of it). */
function ownCreateBeforeDestroy(r: TerraformResource): boolean {
  if (r.lifecycle?.createBeforeDestroy === true) return true;
  const overrides = (r as unknown as { rawOverrides?: { lifecycle?: { create_before_destroy?: unknown } } }).rawOverrides;
  return overrides?.lifecycle?.create_before_destroy === true;
}

/** The synthesized body of a resource (references resolved to `${type.name.attr}`). */
function body(stack: TerraformStack, r: TerraformResource): Json {
  const tf = Tokenization.resolve(r.toTerraform(), { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false }) as { resource?: Record<string, Record<string, Json>> };
  return tf.resource?.[r.terraformResourceType]?.[r.friendlyUniqueId] ?? {};
}

/**
 * Every resource of the stack that is create-before-destroy, with the resource it got the setting from (itself, or
 * the first resource found that depends on it and has it).
 */
function createBeforeDestroyOf(stack: TerraformStack, resources: TerraformResource[]): Map<TerraformResource, TerraformResource> {
  const out = new Map<TerraformResource, TerraformResource>();
  const roots = resources.filter(ownCreateBeforeDestroy);
  if (roots.length === 0) return out;
  const byAddress = new Map(resources.map((r) => [address(r), r]));
  const bodies = new Map<TerraformResource, Json>();
  const bodyOf = (r: TerraformResource): Json => {
    let b = bodies.get(r);
    if (!b) bodies.set(r, (b = body(stack, r)));
    return b;
  };
  for (const root of roots) {
    const queue = [root];
    while (queue.length > 0) {
      const r = queue.pop() as TerraformResource;
      if (out.has(r)) continue;
      out.set(r, root);
      // Every `type.name` that is an address of this stack: references (`${aws_iam_role.X.id}`) and depends_on.
      const text = JSON.stringify(bodyOf(r));
      for (const m of text.matchAll(/([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
        const dep = byAddress.get(`${m[1]}.${m[2]}`);
        if (dep && !out.has(dep)) queue.push(dep);
      }
    }
  }
  return out;
}

/** The stack's previous synthesized configuration, when the app's output folder holds one. */
function previousConfig(stack: TerraformStack): Json | undefined {
  try {
    const file = path.join(App.of(stack).outdir, "stacks", stack.node.id, "cdk.tf.json");
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the entity's name is fixed: given, and not a reference to a name Terraform generates. */
function fixedName(config: Json, configOf: (address: string) => Json | undefined): boolean {
  const name = config.name;
  if (typeof name !== "string") return false;
  const ref = /^\$\{([a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)\.name\}$/.exec(name);
  if (ref) {
    const target = configOf(ref[1] as string);
    if (target && typeof target.name !== "string") return false;
  }
  return true;
}

const words = (kind: ReplaceableKind, args: readonly string[]): string =>
  `${args.map((a) => `\`${a}\``).join(", ")} of ${kind === "policy" ? "a managed policy" : `an ${kind === "role" ? "IAM role" : "instance profile"}`}`;

registerAppRule({
  id: "fixed-name-create-before-destroy",
  description: "No role, managed policy or instance profile with a fixed name is replaced with create-before-destroy.",
  check(context) {
    const facts = context.facts(REPLACEABLE);
    if (facts.length === 0) return [];
    const problems: Problem[] = [];
    const byStack = new Map<TerraformStack, Array<{ construct: IConstruct; value: ReplaceableFact }>>();
    for (const f of facts) {
      const stack = TerraformStack.of(f.construct);
      const list = byStack.get(stack);
      if (list) list.push(f); // (not a copy per fact: quadratic in the facts of a large stack)
      else byStack.set(stack, [f]);
    }
    for (const [stack, list] of byStack) {
      const resources = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
      const cbd = createBeforeDestroyOf(stack, resources);
      if (cbd.size === 0) continue;
      const mine = list.filter((f) => cbd.has(f.value.resource));
      if (mine.length === 0) continue;
      const configs = new Map<string, Json | undefined>();
      const configOf = (a: string): Json | undefined => {
        if (!configs.has(a)) {
          const r = resources.find((x) => address(x) === a);
          configs.set(a, r ? body(stack, r) : undefined);
        }
        return configs.get(a);
      };
      const previous = previousConfig(stack);
      for (const { construct, value } of mine) {
        const r = value.resource;
        const here = configOf(address(r)) ?? {};
        if (typeof here.name !== "string") continue; // a generated name (name_prefix or none): a replacement gets a new one
        const fixed = fixedName(here, configOf);
        const from = cbd.get(r) as TerraformResource;
        const cause =
          from === r
            ? "its own `lifecycle.create_before_destroy`"
            : `Terraform extends create-before-destroy from ${from.node.path} (${address(from)}), which has it and depends on this ${value.kind}`;
        const args = REPLACING_ARGUMENTS[value.kind];
        const name = String(here.name);
        const fieldOf = (arg: string) => `${value.fieldPrefix}${FIELD[arg] ?? arg}`;
        const generated = value.kind === "instance profile" ? "use generated names (leave the profile's name out and give its role a `namePrefix`)" : "use `namePrefix` (a generated name) instead of a fixed name";
        const fixes = `${generated}${from === r ? ", or remove create_before_destroy" : `, or remove create_before_destroy from ${address(from)}`}`;

        // (b) The previous synthesized stack shows a replacing change under the same name.
        const before = (previous?.resource as Record<string, Record<string, Json>> | undefined)?.[r.terraformResourceType]?.[r.friendlyUniqueId];
        if (before && typeof before.name === "string" && before.name.toLowerCase() === name.toLowerCase()) {
          for (const arg of args) {
            if (arg === "name" || JSON.stringify(before[arg] ?? null) === JSON.stringify(here[arg] ?? null)) continue;
            problems.push({
              path: construct.node.path,
              field: fieldOf(arg),
              value: `${showValue(before[arg] ?? "(none)")} -> ${showValue(here[arg] ?? "(none)")}`,
              rule: `This change replaces the ${value.kind} ${JSON.stringify(name)} (a change of ${words(value.kind, [arg])} replaces it), and the replacement is create-before-destroy (${cause}): IAM names are unique, so the new ${value.kind} cannot be created while the old one still holds the name, and the apply would fail with EntityAlreadyExists.`,
              fix: `Give it a new name in the same change, ${fixes}, or make the change in two steps (first remove create-before-destroy and apply, then change ${fieldOf(arg)}).`,
            });
          }
        }
        // (a) The trap itself, unless knowingly kept.
        if (!fixed || value.optOut !== undefined) continue;
        problems.push({
          path: construct.node.path,
          field: `${value.fieldPrefix}name`,
          value: showValue(name),
          rule: `This ${value.kind} has a fixed name and is create-before-destroy (${cause}): a later change of ${words(value.kind, args.filter((a) => a !== "name_prefix"))} replaces it, and IAM would refuse the new ${value.kind} while the old one still holds the name (names are unique), so that apply would fail.`,
          fix: `${fixes[0]?.toUpperCase()}${fixes.slice(1)}; or keep it knowingly with \`allowCreateBeforeDestroy: { reason: "..." }\` and make any such change in two steps or with a new name.`,
        });
      }
    }
    return problems;
  },
});
