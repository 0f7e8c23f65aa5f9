/**
 * The imports of entries marked `import: true` (adoption, `npm run adopt`): run once every entry of the stack is
 * built, so that the policies they attach exist. The IDs are made in ../imports.ts; an ID that cannot be made is
 * reported at the entry's `import` key.
 */
import type { Segment } from "../errors";
import { LiteralResolver, importAll } from "../imports";
import type { BuildContext } from "./context";
import type { StackScope } from "./scope";

export function buildImports(ctx: BuildContext, scope: StackScope, accounts: readonly string[] | undefined): void {
  if (scope.adopted.length === 0) return;
  const { stack } = scope;
  const lit = new LiteralResolver(stack, accounts?.length === 1 ? accounts[0] : undefined);
  for (const a of scope.adopted) {
    for (const p of importAll(a.scope, lit).problems) {
      const at: Segment[] = [...a.at, "import"];
      ctx.add({ at, note: `(${p.path.slice(stack.node.path.length + 1)})`, value: true, rule: p.rule, fix: accounts && accounts.length > 1 ? p.fix.replace("(exactly one)", "(exactly one: this stack lists several)") : p.fix });
    }
  }
}
