/**
 * IAM names are unique per entity type in an account, whatever the path, and case-insensitive: roles `App` and
 * `app` cannot both exist (IAM User Guide, "IAM object names": "Names are not distinguished by case"). The
 * second fails at apply. Checked across the whole stack, and across the stacks of one app that target the same
 * account (known from allowedAccountIds or the deploy role's ARN).
 */
import type { Problem } from "../../core/errors";
import { showValue } from "../../core/errors";
import { IAM_NAME } from "../facts";
import { registerAppRule } from "../registry";
import { accountWords, comparer, sameAccount, stackFinder } from "./scope";
import type { StackOf } from "./scope";

registerAppRule({
  id: "unique-iam-names",
  description: "Every role, user, group, managed policy and instance profile name is unique, ignoring case, in its account.",
  check(context) {
    const comparable = comparer();
    const problems: Problem[] = [];
    const stackOf = stackFinder(context);
    const seen = new Map<string, { path: string; name: string; stack: StackOf | undefined }[]>();
    for (const { construct, value } of context.facts(IAM_NAME)) {
      const key = comparable(construct, value.name);
      if (key === undefined) continue;
      const here = stackOf(construct);
      const bucket = `${value.kind}\u0000${key}`;
      const earlier = seen.get(bucket) ?? [];
      const other = earlier.find((e) => sameAccount(e.stack, here));
      if (other) {
        const exact = other.name === value.name;
        problems.push({
          path: construct.node.path,
          field: value.field,
          value: showValue(value.name),
          rule: `Another ${value.kind} of ${accountWords(other.stack, here)} (${other.path}) is named ${JSON.stringify(other.name)}; IAM ${value.kind} names are unique in an account${exact ? "" : " and case-insensitive"}, so the second would fail at apply.`,
          fix: `Give each ${value.kind} its own name${exact ? "" : " (differing in more than letter case)"}, or declare the ${value.kind} once and share it.`,
        });
      } else earlier.push({ path: construct.node.path, name: value.name, stack: here });
      seen.set(bucket, earlier);
    }
    return problems;
  },
});
