/**
 * `inventoryReader`: discovery of EC2 instances, S3 buckets and RDS databases, for an asset inventory or a
 * backup tool that must find what to protect.
 *
 * Granted (all `List` or bucket-level `Read` actions):
 * - EC2: `DescribeInstances`, `DescribeInstanceStatus`, `DescribeRegions`, `DescribeTags` (resource `*`: EC2
 *   Describe actions support no resource-level permissions);
 * - S3: `ListAllMyBuckets` (resource `*`), `GetBucketLocation` and `GetBucketTagging` on buckets
 *   (`arn:<partition>:s3:::*`, which matches buckets, never objects);
 * - RDS: `DescribeDBInstances`, `DescribeDBClusters` (resource `*`), `ListTagsForResource` on DB instances and clusters.
 *
 * Not granted: anything that reads data or secrets (`s3:GetObject`, `s3:ListBucket` on object keys,
 * snapshots' contents, `rds:DownloadDBLogFilePortion`, `ec2:GetPasswordData`, `ec2:DescribeInstanceAttribute`
 * which exposes user data, `secretsmanager:*`, `ssm:GetParameter*`), and every write.
 */
import { Problems } from "../core/errors";
import { PolicyDocument } from "../policy";
import { PresetOptions, checkPartition, finishPreset } from "./check";

/** The EC2 read actions of {@link inventoryReader}. */
export const INVENTORY_EC2_ACTIONS: readonly string[] = ["ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ec2:DescribeRegions", "ec2:DescribeTags"];
/** The S3 read actions of {@link inventoryReader}. */
export const INVENTORY_S3_ACTIONS: readonly string[] = ["s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketTagging"];
/** The RDS read actions of {@link inventoryReader}. */
export const INVENTORY_RDS_ACTIONS: readonly string[] = ["rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:ListTagsForResource"];

/** Options of {@link inventoryReader}. */
export type InventoryReaderOptions = PresetOptions;

/** Discovery of EC2 instances, S3 buckets and RDS databases: list, describe and get-location actions only. */
export function inventoryReader(options: InventoryReaderOptions = {}): PolicyDocument {
  const partition = options.partition ?? "aws";
  const problems = new Problems("Presets.inventoryReader");
  checkPartition(problems, partition);
  const doc = new PolicyDocument({
    statements: [
      { sid: "DiscoverEc2Instances", actions: [...INVENTORY_EC2_ACTIONS], resources: ["*"] },
      { sid: "DiscoverS3Buckets", actions: ["s3:ListAllMyBuckets"], resources: ["*"] },
      { sid: "ReadS3BucketLocationAndTags", actions: ["s3:GetBucketLocation", "s3:GetBucketTagging"], resources: [`arn:${partition}:s3:::*`] },
      { sid: "DiscoverRdsDatabases", actions: ["rds:DescribeDBInstances", "rds:DescribeDBClusters"], resources: ["*"] },
      {
        sid: "ReadRdsDatabaseTags",
        actions: ["rds:ListTagsForResource"],
        resources: [`arn:${partition}:rds:*:*:db:*`, `arn:${partition}:rds:*:*:cluster:*`],
      },
    ],
  });
  return finishPreset("inventoryReader", doc, problems, partition);
}
