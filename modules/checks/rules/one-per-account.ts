/**
 * Things an account or a user has only one of: the account password policy (one per account: a second
 * AccountPasswordPolicy overwrites the first at every apply), and the access keys of a user (AWS allows 2 access
 * keys per user and a rotating key uses both slots, so two rotating keys on one user fail at apply).
 */
import type { Problem } from "../../core/errors";
import { showValue } from "../../core/errors";
import { ACCESS_KEYS, PASSWORD_POLICY } from "../facts";
import { registerAppRule } from "../registry";
import { accountWords, comparable, sameAccount, stackFinder } from "./scope";
import type { StackOf } from "./scope";

registerAppRule({
  id: "one-password-policy-per-account",
  description: "An account has one password policy: one AccountPasswordPolicy per stack, and per account across the app.",
  check(context) {
    const problems: Problem[] = [];
    const stackOf = stackFinder(context);
    const seen: { path: string; stack: StackOf | undefined }[] = [];
    for (const { construct } of context.facts(PASSWORD_POLICY)) {
      const here = stackOf(construct);
      const other = seen.find((e) => sameAccount(e.stack, here));
      if (other) {
        problems.push({
          path: construct.node.path,
          field: "",
          rule: `The account of ${accountWords(other.stack, here)} already has an account password policy (${other.path}); an account has one, and two would overwrite each other at every apply.`,
          fix: "Declare one AccountPasswordPolicy per account (in one stack), and remove this one.",
        });
      } else seen.push({ path: construct.node.path, stack: here });
    }
    return problems;
  },
});

registerAppRule({
  id: "one-access-key-set-per-user",
  description: "A user holds at most one rotating access key (AWS allows 2 access keys per user; one rotating key uses both).",
  check(context) {
    const problems: Problem[] = [];
    const stackOf = stackFinder(context);
    const seen = new Map<string, { path: string; stack: StackOf | undefined }[]>();
    for (const { construct, value } of context.facts(ACCESS_KEYS)) {
      const key = comparable(construct, value.user);
      if (key === undefined) continue;
      const here = stackOf(construct);
      const earlier = seen.get(key) ?? [];
      const other = earlier.find((e) => sameAccount(e.stack, here));
      if (other) {
        problems.push({
          path: construct.node.path,
          field: "user",
          value: Token_safe(value.user),
          rule: `This user already has a rotating access key (${other.path}); AWS allows 2 access keys per user and each rotating key uses both slots, so this one would fail at apply.`,
          fix: "Keep one access key per user (ServiceUser's `accessKey`), or give this key to another user.",
        });
      } else earlier.push({ path: construct.node.path, stack: here });
      seen.set(key, earlier);
    }
    return problems;
  },
});

function Token_safe(v: string): string | undefined {
  return v.includes("${") ? undefined : showValue(v);
}
