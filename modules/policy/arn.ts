/**
 * Shape checks for literal ARNs: `arn:partition:service:region:account:resource`.
 * IAM policy variables (`${aws:username}`) and wildcards (`*`, `?`) are allowed in every part after `arn:`.
 */

/** Partitions AWS has today. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;

/** The parts of an ARN. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** One thing wrong with an ARN (no path: the caller adds it). */
export interface ArnIssue {
  readonly rule: string;
  readonly fix: string;
}

const VARIABLE = /\$\{[^}]*\}/g;

/** Replaces IAM policy variables with a neutral placeholder so that shape checks treat them as wildcards. */
function withoutVariables(s: string): string {
  return s.replace(VARIABLE, "*");
}

/** True when the text holds a wildcard or a policy variable (so exact checks do not apply). */
export function isPattern(s: string): boolean {
  return /[*?]/.test(s) || s.includes("${");
}

/** Splits an ARN into its parts; undefined when it has fewer than six colon-separated parts. */
export function parseArn(arn: string): ArnParts | undefined {
  // Policy variables may contain a colon (${aws:username}): split on colons outside ${...}.
  const parts: string[] = [];
  let cur = "";
  let depth = 0;
  for (let i = 0; i < arn.length; i++) {
    const c = arn[i];
    if (c === "$" && arn[i + 1] === "{") depth++;
    else if (c === "}" && depth > 0) depth--;
    if (c === ":" && depth === 0 && parts.length < 5) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5] };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Checks the shape of a literal ARN; returns every issue found (empty when well formed).
 * @param expectedPartition when given, a literal partition must equal it.
 */
export function checkArn(arn: string, expectedPartition?: string): ArnIssue[] {
  const p = parseArn(arn);
  if (!p) {
    return [
      {
        rule: 'An ARN has six parts: "arn:partition:service:region:account:resource".',
        fix: 'Write the full ARN (for example "arn:aws:s3:::my-bucket/*"), or pass the ARN attribute of the resource.',
      },
    ];
  }
  const issues: ArnIssue[] = [];
  const partition = p.partition;
  if (!isPattern(partition)) {
    if (!(PARTITIONS as readonly string[]).includes(partition)) {
      issues.push({
        rule: `"${partition}" is not an AWS partition (${PARTITIONS.join(", ")}).`,
        fix: "Use the partition of the stack, for example arn:aws:... .",
      });
    } else if (expectedPartition && partition !== expectedPartition) {
      issues.push({
        rule: `The ARN is in partition "${partition}" but the stack is in partition "${expectedPartition}".`,
        fix: `Write arn:${expectedPartition}:... (the stack's partition).`,
      });
    }
  }
  if (!/^[a-z0-9*?-]+$/.test(withoutVariables(p.service))) {
    issues.push({
      rule: `The service part "${p.service}" of an ARN is lower-case letters, digits and dashes.`,
      fix: 'Use the service namespace, for example "s3" or "dynamodb".',
    });
  }
  const region = withoutVariables(p.region);
  if (region !== "" && !/[*?]/.test(region) && !REGION.test(region)) {
    issues.push({
      rule: `The region part "${p.region}" is not a region name such as eu-west-1.`,
      fix: "Use a region name, a wildcard, or leave it empty for global resources.",
    });
  }
  if (p.service === "iam" && region !== "") {
    issues.push({ rule: "IAM ARNs have an empty region part.", fix: `Write arn:${partition}:iam::<account>:... .` });
  }
  const account = withoutVariables(p.account);
  if (account !== "" && account !== "aws" && account !== "cloudfront" && !/^[0-9*?]+$/.test(account)) {
    issues.push({
      rule: `The account part "${p.account}" is not a 12-digit account id.`,
      fix: 'Use the 12-digit account id, a wildcard, "aws" for AWS managed policies, or leave it empty.',
    });
  } else if (/^[0-9]+$/.test(account) && account.length !== 12) {
    issues.push({
      rule: `The account part "${p.account}" has ${account.length} digits; an account id has 12.`,
      fix: "Use the 12-digit account id (keep leading zeros).",
    });
  }
  if (p.resource === "") {
    issues.push({ rule: "The resource part of the ARN is empty.", fix: 'Name the resource, or use "*" for all of them.' });
  }
  return issues;
}
