/**
 * Two stacks of one app must not share one Terraform state (same S3 bucket and key, same local path, same Terraform
 * Cloud workspace): each plan would destroy what the other stack created.
 */
import type { Problem } from "../../core/errors";
import { STACK_TARGET } from "../facts";
import { registerAppRule } from "../registry";

registerAppRule({
  id: "one-stack-per-state",
  description: "Every stack of the app keeps its own Terraform state.",
  check(context) {
    const problems: Problem[] = [];
    const seen = new Map<string, string>();
    for (const { construct, value } of context.facts(STACK_TARGET)) {
      if (value.state === undefined) continue;
      const other = seen.get(value.state);
      if (other !== undefined) {
        problems.push({
          path: construct.node.path,
          field: value.stateField,
          value: JSON.stringify(value.state),
          rule: `Stack ${other} keeps its state in the same place; two stacks on one state destroy each other's resources at every apply.`,
          fix: "Give each stack its own state: another S3 key, local path or Terraform Cloud workspace.",
        });
      } else seen.set(value.state, construct.node.path);
    }
    return problems;
  },
});
