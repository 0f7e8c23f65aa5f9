/** `passwordPolicy` of a stack: the account password policy. */
import { AccountPasswordPolicy } from "../../constructs/account-password-policy";
import type { AccountPasswordPolicyProps } from "../../constructs/account-password-policy";
import type { StackContentsConfig } from "../types";
import type { BuildContext, Entry } from "./context";
import type { StackScope } from "./scope";

export function buildPasswordPolicy(ctx: BuildContext, scope: StackScope, spec: StackContentsConfig["passwordPolicy"]): void {
  const { stack, prefix } = scope;
  if (spec === undefined || ctx.broken([...prefix, "passwordPolicy"])) return;
  const at = [...prefix, "passwordPolicy"];
  const entry: Entry = { constructPath: `${stack.node.path}/PasswordPolicy`, at };
  ctx.entries.push(entry);
  if (!scope.claimId("PasswordPolicy", at, at)) return;
  try {
    new AccountPasswordPolicy(stack, "PasswordPolicy", { ...(spec as AccountPasswordPolicyProps) });
  } catch (e) {
    ctx.constructError(e, entry);
  }
}
