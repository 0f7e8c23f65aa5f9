/**
 * Names of SSM Parameter Store parameters: the rules AWS applies, checked at synth time.
 *
 * Rules (AWS Systems Manager API reference, PutParameter `Name`, "Naming constraints"; User Guide,
 * "Requirements and constraints for parameter names"):
 * - only `a-zA-Z0-9_.-`, plus `/` to separate hierarchy levels; no spaces;
 * - a name must not be prefixed with `aws` or `ssm`, case-insensitively (checked on the first level, so
 *   `/AWS/x` and `/ssm-keys/x` are refused as well as `awsKey`);
 * - a hierarchy has at most 15 levels;
 * - "the maximum length for a parameter name, including the full length of the parameter ARN, is 1011
 *   characters": `arn:<partition>:ssm:<region>:<12-digit account>:parameter/<name>` must fit in 1011.
 *   (The API reports 2048 because 1037 characters are reserved for internal use.)
 */
import type { Problems } from "../core/errors";

/** Largest ARN length of a parameter (name included), in characters. */
export const SSM_PARAMETER_ARN_MAX = 1011;
/** Deepest parameter hierarchy, in levels (the last level is the parameter's own name). */
export const SSM_PARAMETER_MAX_LEVELS = 15;

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const RESERVED = /^(aws|ssm)/i;

/** The ARN of a parameter: `arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export function ssmParameterArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:ssm:${region}:${account}:parameter/${name.replace(/^\//, "")}`;
}

/** Location of a parameter, used to measure its ARN. */
export interface SsmLocation {
  readonly partition: string;
  readonly region: string;
}

/**
 * Checks a hierarchy prefix such as `/integrations/sekoia`: starts with `/`, no trailing `/`, levels made of
 * allowed characters, not reserved.
 */
export function checkSsmPrefix(problems: Problems, field: string, prefix: unknown): void {
  if (typeof prefix !== "string" || prefix.length === 0) {
    problems.add(field, prefix, "An SSM prefix is required and must be a string.", 'Give a hierarchy such as "/integrations/sekoia".');
    return;
  }
  if (!prefix.startsWith("/")) {
    problems.add(field, prefix, "An SSM prefix must start with `/` (parameters in a hierarchy need a leading slash).", `Write "/${prefix.replace(/^\/*/, "")}".`);
  }
  if (prefix.length > 1 && prefix.endsWith("/")) {
    problems.add(field, prefix, "An SSM prefix must not end with `/` (the construct adds `/<user>/...`).", `Write "${prefix.replace(/\/+$/, "")}".`);
  }
  checkLevels(problems, field, prefix.replace(/^\//, "").replace(/\/$/, ""), "prefix");
}

/** Checks a full parameter name (levels, characters, reserved prefix, depth, ARN length). */
export function checkSsmParameterName(problems: Problems, field: string, name: string, where: SsmLocation): void {
  if (!name.startsWith("/")) {
    problems.add(field, name, "A parameter name in a hierarchy must start with `/`.", `Write "/${name}".`);
  }
  const body = name.replace(/^\//, "");
  checkLevels(problems, field, body, "name");
  const levels = body.split("/").length;
  if (levels > SSM_PARAMETER_MAX_LEVELS) {
    problems.add(field, name, `An SSM parameter hierarchy has at most ${SSM_PARAMETER_MAX_LEVELS} levels; this name has ${levels}.`, "Use a shorter prefix (fewer `/`-separated levels).");
  }
  const arnLength = ssmParameterArn(where.partition, where.region, "123456789012", name).length;
  if (arnLength > SSM_PARAMETER_ARN_MAX) {
    problems.add(
      field,
      name,
      `An SSM parameter name, counted with its full ARN (arn:${where.partition}:ssm:${where.region}:<account>:parameter/...), may be at most ${SSM_PARAMETER_ARN_MAX} characters; this one is ${arnLength}.`,
      `Shorten the prefix or the user name by ${arnLength - SSM_PARAMETER_ARN_MAX} characters.`,
    );
  }
}

function checkLevels(problems: Problems, field: string, body: string, what: "prefix" | "name"): void {
  if (body.length === 0) {
    if (what === "name") problems.add(field, "/", "A parameter name needs at least one level.", 'Give a name such as "/integrations/sekoia".');
    return;
  }
  const levels = body.split("/");
  const first = levels[0] ?? "";
  if (RESERVED.test(first)) {
    problems.add(field, `/${body}`, "SSM parameter names must not be prefixed with `aws` or `ssm` (any case): AWS reserves them.", `Start the hierarchy with another word, for example "/integrations/${first.replace(RESERVED, "").replace(/^[-_.]+/, "") || "app"}".`);
  }
  levels.forEach((level, i) => {
    if (level.length === 0) {
      problems.add(field, `/${body}`, `Level ${i + 1} is empty (two \`/\` in a row).`, "Remove the doubled slash.");
    } else if (!SEGMENT.test(level)) {
      problems.add(field, `/${body}`, `Level ${i + 1} ${JSON.stringify(level)} has characters SSM does not allow; allowed are letters, digits, \`_\`, \`.\` and \`-\` (and \`/\` between levels).`, "Replace spaces and other characters with `-` or `_`.");
    }
  });
}
