/**
 * AWS partitions and the regions that belong to them, from the AWS SDK's endpoint data
 * (`@aws-sdk/util-endpoints`, Apache-2.0; the same partitions data every AWS SDK ships), not a hand-kept list.
 *
 * The partition is derived from the region at synth time, so ARNs in the synthesized JSON are literal and
 * readable ("arn:aws-cn:iam::..."), and no data source has to call AWS during a plan.
 */
import { partition as sdkPartition } from "@aws-sdk/util-endpoints";

/** Shape of a region name such as `eu-west-1`, `us-gov-west-1` or `us-isob-east-1`. */
export const REGION_PATTERN = /^[a-z]{2,5}(-[a-z]+)+-\d{1,2}$/;

/** What the SDK's data says of a region. */
interface RegionInfo {
  /** Partition name: "aws", "aws-cn", "aws-us-gov", ... */
  readonly name: string;
  /** Partition DNS suffix: "amazonaws.com", "amazonaws.com.cn", ... */
  readonly dnsSuffix: string;
  /** Set only for a region the data lists by name (an existing region). */
  readonly description?: string;
}

function info(region: string): RegionInfo {
  return sdkPartition(region) as unknown as RegionInfo;
}

/** True for a region the SDK's partition data lists (`eu-west-1`, `cn-north-1`, `us-gov-west-1`...). */
export function isKnownRegion(region: string): boolean {
  return typeof region === "string" && REGION_PATTERN.test(region) && !region.endsWith("-global") && info(region).description !== undefined;
}

let regionList: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * Every region of the SDK's data, by partition. The data is only reachable region by region, so the list is
 * found by asking it about every name of the form `<area>-<direction>-<n>` (the form of every AWS region).
 */
export function regionsByPartition(): ReadonlyMap<string, readonly string[]> {
  if (regionList) return regionList;
  const areas = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "us-gov", "us-iso", "us-isob", "us-isof", "eu-isoe", "eusc-de"];
  const directions = ["north", "south", "east", "west", "central", "northeast", "southeast", "northwest", "southwest"];
  const out = new Map<string, string[]>();
  for (const a of areas) {
    for (const d of directions) {
      for (let n = 1; n <= 9; n++) {
        const r = `${a}-${d}-${n}`;
        if (!isKnownRegion(r)) continue;
        const p = info(r).name;
        out.set(p, [...(out.get(p) ?? []), r].sort());
      }
    }
  }
  regionList = out;
  return out;
}

/** Every partition name the SDK's data knows ("aws" first). */
export function knownPartitions(): readonly string[] {
  return [...regionsByPartition().keys()];
}

/** @deprecated use {@link knownPartitions}; kept for existing imports. Every partition name this library knows. */
export const KNOWN_PARTITIONS: readonly string[] = knownPartitions();

/** The partition of a region: `cn-north-1` -> `aws-cn`, `eu-west-1` -> `aws` (by the SDK's region patterns). */
export function partitionOfRegion(region: string): string {
  return info(region).name;
}

/** The DNS suffix of a partition's service principals: `aws` -> `amazonaws.com`, `aws-cn` -> `amazonaws.com.cn`. */
export function dnsSuffixOfPartition(partition: string): string | undefined {
  const region = regionsByPartition().get(partition)?.[0];
  return region ? info(region).dnsSuffix : undefined;
}

/** Why `region` is refused, in one sentence naming the regions that exist; undefined when it exists. */
export function regionProblem(region: unknown): string | undefined {
  if (typeof region === "string" && isKnownRegion(region)) return undefined;
  const byPartition = regionsByPartition();
  const all = [...byPartition.values()].flat();
  const close = typeof region === "string" ? all.filter((r) => r.split("-").slice(0, -1).join("-") === region.split("-").slice(0, -1).join("-")) : [];
  const listed = close.length > 0 ? close : (byPartition.get("aws") ?? []);
  const shape = typeof region === "string" && REGION_PATTERN.test(region) ? "is not an AWS region in the AWS SDK's partition data" : "is not an AWS region name";
  return `This ${shape}; ${close.length > 0 ? "regions of that area" : "regions of the aws partition"}: ${listed.join(", ")} (other partitions: ${[...byPartition.keys()].filter((p) => p !== "aws").join(", ")}).`;
}
