/**
 * Shared by the whole-app rules: which stack a construct belongs to (the nearest ancestor that recorded a
 * {@link STACK_TARGET} fact), and whether two stacks target the same account.
 */
import type { IConstruct } from "../../internal/cdktf";
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from "../../internal/cdktf";
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

/** A comparable form of a name: literal names case-folded; tokens resolved in their stack (same attribute, same text). */
export function comparable(c: IConstruct, value: string): string | undefined {
  if (!Token.isUnresolved(value)) return value.toLowerCase();
  try {
    const stack = TerraformStack.of(c);
    const resolved = Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false }) as unknown;
    return typeof resolved === "string" && !resolved.includes("${TfToken") ? `${stack.node.path}:${resolved}` : undefined;
  } catch {
    return undefined;
  }
}
