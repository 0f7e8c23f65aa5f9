/**
 * Shared by the whole-app rules: which stack a construct belongs to (the nearest ancestor that recorded a
 * {@link STACK_TARGET} fact), and whether two stacks target the same account.
 */
import type { IConstruct } from "../../internal/cdktf";
import { TerraformResource, TerraformStack, Token } from "../../internal/cdktf";
import { resolveFast } from "../../internal/fast-resolve";
import { STACK_TARGET } from "../facts";
import type { StackTargetFact } from "../facts";
import type { AppCheckContext } from "../registry";

export interface StackOf {
  readonly stack: IConstruct;
  readonly target: StackTargetFact;
}

/** Finds the stack of each construct. */
export function stackFinder(context: AppCheckContext): (c: IConstruct) => StackOf | undefined {
  const targets = new Map<IConstruct, StackTargetFact>();
  for (const f of context.facts(STACK_TARGET)) targets.set(f.construct, f.value);
  return (c) => {
    const scopes = c.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const s = scopes[i] as IConstruct;
      const t = targets.get(s);
      if (t) return { stack: s, target: t };
    }
    return undefined;
  };
}

/** True when two constructs' stacks are one stack, or target a common account. */
export function sameAccount(a: StackOf | undefined, b: StackOf | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.stack === b.stack) return true;
  return a.target.accounts.some((x) => b.target.accounts.includes(x));
}

/** Words for where the account comes from, for messages. */
export function accountWords(a: StackOf | undefined, b: StackOf | undefined): string {
  if (!a || !b || a.stack === b.stack) return "this stack";
  const common = a.target.accounts.filter((x) => b.target.accounts.includes(x));
  return `account ${common.join(", ")} (stacks ${a.stack.node.path} and ${b.stack.node.path}, from allowedAccountIds or the deploy role's ARN)`;
}

/** Gives a comparable form of a name: see {@link comparer}. */
export type Comparable = (c: IConstruct, value: string) => string | undefined;

/**
 * For one run of a rule: a comparable form of a name. Literal names case-folded (IAM names are unique ignoring
 * case); a reference to the name of an IAM user, group, role, instance profile or policy of the same stack whose
 * name is a literal is that literal, case-folded (so `user.name` and "Agent" compare equal); any other token is
 * resolved in its stack to the Terraform expression it stands for (same attribute, same text). Undefined when it
 * cannot be told. The resources of each stack are indexed once per run.
 */
export function comparer(): Comparable {
  const index = new Map<IConstruct, Map<string, TerraformResource>>();
  const literalNameOf = (stack: TerraformStack, expression: string): string | undefined => {
    const m = NAME_REFERENCE.exec(expression);
    if (!m || (m[3] === "id" && !ID_IS_NAME.has(m[1]!))) return undefined;
    let byAddress = index.get(stack);
    if (!byAddress) {
      byAddress = new Map();
      for (const r of stack.node.findAll()) {
        if (r instanceof TerraformResource && r.terraformResourceType.startsWith("aws_iam_")) byAddress.set(`${r.terraformResourceType}.${r.friendlyUniqueId}`, r);
      }
      index.set(stack, byAddress);
    }
    const name = (byAddress.get(`${m[1]}.${m[2]}`) as (TerraformResource & { nameInput?: unknown }) | undefined)?.nameInput;
    return typeof name === "string" && !Token.isUnresolved(name) ? name.toLowerCase() : undefined;
  };
  return (c, value) => {
    if (!Token.isUnresolved(value)) return value.toLowerCase();
    try {
      const stack = TerraformStack.of(c);
      const resolved = resolveFast(value, { scope: stack, preparing: false }); // cdktf's resolution, cheaper
      if (typeof resolved !== "string" || resolved.includes("${TfToken")) return undefined;
      return literalNameOf(stack, resolved) ?? `${stack.node.path}:${resolved}`;
    } catch {
      return undefined;
    }
  };
}

/** `${aws_iam_user.X.name}` (or `.id`, which is the name for these types) as a whole expression. */
const NAME_REFERENCE = /^\$\{(aws_iam_(?:user|group|role|instance_profile|policy))\.([A-Za-z0-9_-]+)\.(name|id)\}$/;
const ID_IS_NAME = new Set(["aws_iam_user", "aws_iam_group", "aws_iam_role", "aws_iam_instance_profile"]);
