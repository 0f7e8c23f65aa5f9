/**
 * AWS partitions and the regions that belong to them.
 *
 * The partition is derived from the region at synth time, so ARNs in the
 * synthesized JSON are literal and readable ("arn:aws-cn:iam::..."), and no data
 * source has to call AWS during a plan.
 */

/** Partitions AWS runs, with the region prefixes that belong to each. */
const PARTITION_BY_REGION_PREFIX: ReadonlyArray<readonly [RegExp, string]> = [
  [/^cn-/, "aws-cn"],
  [/^us-gov-/, "aws-us-gov"],
  [/^us-isob-/, "aws-iso-b"],
  [/^us-isof-/, "aws-iso-f"],
  [/^us-iso-/, "aws-iso"],
  [/^eu-isoe-/, "aws-iso-e"],
  [/^eusc-/, "aws-eusc"],
];

/** Every partition name this library knows. */
export const KNOWN_PARTITIONS: readonly string[] = ["aws", ...new Set(PARTITION_BY_REGION_PREFIX.map(([, p]) => p))];

/** Shape of a region name such as `eu-west-1`, `us-gov-west-1` or `us-isob-east-1`. */
export const REGION_PATTERN = /^[a-z]{2,5}(-[a-z]+)+-\d{1,2}$/;

/** The partition of a region: `cn-north-1` -> `aws-cn`, `eu-west-1` -> `aws`. */
export function partitionOfRegion(region: string): string {
  for (const [prefix, partition] of PARTITION_BY_REGION_PREFIX) {
    if (prefix.test(region)) return partition;
  }
  return "aws";
}
