/**
 * `s3BucketLister`: what `aws s3 ls` needs, and nothing that reads data.
 *
 * - `aws s3 ls` (the bucket list) calls `ListBuckets`, authorized by `s3:ListAllMyBuckets` on `*` (the action
 *   supports no resource-level permission).
 * - `aws s3 ls s3://<bucket>` (the keys in one bucket) calls `ListObjectsV2`, authorized by `s3:ListBucket` on the
 *   bucket. That reveals object names, so it is not granted unless the buckets are named with `buckets`; it never
 *   grants `s3:GetObject`.
 */
import { Problems } from "../core/errors";
import { PolicyDocument, looksLikeReference, parseArn } from "../policy";
import { PresetOptions, checkPartition, finishPreset } from "./check";

/** Options of {@link s3BucketLister}. */
export interface S3BucketListerOptions extends PresetOptions {
  /**
   * Buckets whose keys may also be listed (`aws s3 ls s3://<bucket>`): names, ARNs or references to bucket ARNs.
   * @default none: only the list of buckets
   */
  readonly buckets?: string[];
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `aws s3 ls`: list the account's buckets (and, with `buckets`, the keys of those buckets). */
export function s3BucketLister(options: S3BucketListerOptions = {}): PolicyDocument {
  const partition = options.partition ?? "aws";
  const problems = new Problems("Presets.s3BucketLister");
  checkPartition(problems, partition);
  const arns: string[] = [];
  (options.buckets ?? []).forEach((b, i) => {
    if (typeof b === "string" && looksLikeReference(b)) arns.push(b);
    else if (typeof b === "string" && b.startsWith("arn:")) {
      const parts = parseArn(b);
      if (!parts || parts.service !== "s3" || !BUCKET_NAME.test(parts.resource)) {
        problems.add(`buckets[${i}]`, b, "A bucket ARN is arn:<partition>:s3:::<bucket name>, with no object key.", "Give the bucket name or its ARN.");
      } else arns.push(b);
    } else if (typeof b === "string" && BUCKET_NAME.test(b)) arns.push(`arn:${partition}:s3:::${b}`);
    else problems.add(`buckets[${i}]`, b, "This is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).", "Give the bucket's name, without s3:// or a key.");
  });
  const doc = new PolicyDocument({
    statements: [
      { sid: "ListAllBuckets", actions: ["s3:ListAllMyBuckets"], resources: ["*"] },
      ...(arns.length > 0 ? [{ sid: "ListBucketKeys", actions: ["s3:ListBucket"], resources: arns }] : []),
    ],
  });
  return finishPreset("s3BucketLister", doc, problems, partition);
}
