/**
 * The `allowCreateBeforeDestroy: { reason }` opt-out of roles, managed policies and instance profiles, and the fact
 * that hands them to the synth-time rule `fixed-name-create-before-destroy` (modules/checks/rules/fixed-name-replacement.ts).
 *
 * The constructs of this library never make a fixed-name entity create-before-destroy. Another resource of the stack
 * can (Terraform extends `create_before_destroy` from a resource to everything it depends on: a launch template or an
 * auto-scaling group that has it and names the instance profile makes the profile and its role create-before-destroy),
 * and the rule refuses that: a later path or description change would replace the entity under the same name, which
 * IAM refuses. The opt-out keeps it knowingly (such changes are then made in two steps, or with a new name); a change
 * the previous synthesized stack shows is refused all the same.
 */
import { REPLACEABLE } from "../checks/facts";
import type { ReplaceableKind } from "../checks/facts";
import { recordFact } from "../checks/registry";
import type { Problems } from "../core/errors";
import type { IConstruct, TerraformResource } from "../internal/cdktf";

/** Keeps create-before-destroy on a fixed-name entity, with the reason (shown in messages and the review). */
export interface AllowCreateBeforeDestroy {
  /** Why the entity stays create-before-destroy under a fixed name. Required, not empty. */
  readonly reason: string;
}

/** Checks the opt-out (a non-empty reason); returns the reason. */
export function allowedReason(problems: Problems, field: string, allow: AllowCreateBeforeDestroy | undefined): string | undefined {
  if (allow === undefined) return undefined;
  const reason = (allow as { reason?: unknown } | null)?.reason;
  if (typeof reason === "string" && reason.trim() !== "") return reason.trim();
  problems.add(`${field}.reason`, reason, "Keeping create-before-destroy on a fixed name needs a reason.", 'Give `allowCreateBeforeDestroy: { reason: "..." }`, or leave it out and use a generated name (`namePrefix`).');
  return undefined;
}

/** Records the entity for the rule `fixed-name-create-before-destroy`. */
export function recordReplaceable(construct: IConstruct, opts: { kind: ReplaceableKind; resource: TerraformResource; fieldPrefix?: string; optOut?: string }): void {
  recordFact(construct, REPLACEABLE, { kind: opts.kind, resource: opts.resource, fieldPrefix: opts.fieldPrefix ?? "", ...(opts.optOut !== undefined ? { optOut: opts.optOut } : {}) });
}
