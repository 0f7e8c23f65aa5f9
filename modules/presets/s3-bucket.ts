/**
 * `s3Bucket`: access to one bucket and its objects, in one of three shapes.
 *
 * | access | bucket (`arn:...:s3:::<bucket>`) | objects (`arn:...:s3:::<bucket>/*`) |
 * | --- | --- | --- |
 * | `source` (read and list) | `ListBucket`, `GetBucketLocation` | `GetObject` |
 * | `store` (read, write, delete, multipart, list) | `ListBucket`, `GetBucketLocation`, `ListBucketMultipartUploads` | `GetObject`, `PutObject`, `DeleteObject`, `AbortMultipartUpload`, `ListMultipartUploadParts` |
 * | `destination` (write and list) | `ListBucket`, `GetBucketLocation` | `PutObject`, `AbortMultipartUpload` |
 *
 * Multipart uploads (`CreateMultipartUpload`, `UploadPart`, `CompleteMultipartUpload`) are authorized by
 * `s3:PutObject`; `AbortMultipartUpload` lets a writer clean up a failed upload. `GetBucketLocation` is there
 * because S3 clients that are not told the region (minio-go, older SDKs, rclone) ask for it first.
 * Nothing touches bucket configuration (policy, ACL, lifecycle, versioning) or other buckets.
 */
import { Problems } from "../core/errors";
import { PolicyDocument, looksLikeReference, parseArn } from "../policy";
import { PresetOptions, checkPartition, finishPreset, sidSuffix } from "./check";

/** The three access shapes of {@link s3Bucket}. */
export type S3BucketAccess = "source" | "store" | "destination";

/** Every access shape, for documentation, config files and tests. */
export const S3_BUCKET_ACCESS: readonly S3BucketAccess[] = ["source", "store", "destination"];

/** Bucket-level and object-level actions of each access shape. */
export const S3_BUCKET_ACTIONS: Readonly<Record<S3BucketAccess, { readonly bucket: readonly string[]; readonly objects: readonly string[] }>> = {
  source: { bucket: ["s3:ListBucket", "s3:GetBucketLocation"], objects: ["s3:GetObject"] },
  store: {
    bucket: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
    objects: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
  },
  destination: { bucket: ["s3:ListBucket", "s3:GetBucketLocation"], objects: ["s3:PutObject", "s3:AbortMultipartUpload"] },
};

/** Properties of {@link s3Bucket}. */
export interface S3BucketPresetProps extends PresetOptions {
  /**
   * The bucket: its name (`plakar-backups`), its ARN (`arn:aws:s3:::plakar-backups`), or a reference to a bucket
   * ARN (`bucket.arn`). Required.
   */
  readonly bucket: string;
  /** `source` (read and list), `store` (read, write, delete, multipart, list) or `destination` (write and list). Required. */
  readonly access: S3BucketAccess;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Access to one bucket and its objects: the least actions of `source`, `store` or `destination`. */
export function s3Bucket(props: S3BucketPresetProps): PolicyDocument {
  const problems = new Problems("Presets.s3Bucket");
  const p = props ?? ({} as S3BucketPresetProps);
  let partition = p.partition ?? "aws";
  checkPartition(problems, partition);
  if (!S3_BUCKET_ACCESS.includes(p.access)) {
    problems.add("access", p.access, `Unknown access; known: ${S3_BUCKET_ACCESS.join(", ")}.`, '"source" reads and lists, "store" also writes and deletes, "destination" writes and lists.');
  }
  let bucketArn = "";
  let name = "";
  if (typeof p.bucket !== "string" || p.bucket === "") {
    problems.add("bucket", p.bucket, "The preset needs the bucket.", 'Give the bucket name ("plakar-backups"), its ARN, or a reference such as `bucket.arn`.');
  } else if (looksLikeReference(p.bucket)) {
    bucketArn = p.bucket;
  } else if (p.bucket.startsWith("arn:")) {
    const parts = parseArn(p.bucket);
    if (!parts || parts.service !== "s3" || parts.region !== "" || parts.account !== "" || !BUCKET_NAME.test(parts.resource)) {
      problems.add("bucket", p.bucket, "A bucket ARN is arn:<partition>:s3:::<bucket name>, with no object key.", 'Give "arn:aws:s3:::plakar-backups", or just the bucket name.');
    } else {
      bucketArn = p.bucket;
      name = parts.resource;
      if (p.partition !== undefined && parts.partition !== p.partition) {
        problems.add("bucket", p.bucket, `The bucket ARN is in partition "${parts.partition}" but \`partition\` is "${p.partition}".`, "Give the ARN in the stack's partition, or just the bucket name.");
      }
      partition = parts.partition;
    }
  } else if (!BUCKET_NAME.test(p.bucket) || p.bucket.includes("..")) {
    problems.add("bucket", p.bucket, "This is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).", "Give the bucket's name, without s3:// or a key.");
  } else {
    name = p.bucket;
    bucketArn = `arn:${partition}:s3:::${name}`;
  }
  const actions = S3_BUCKET_ACTIONS[p.access] ?? S3_BUCKET_ACTIONS.source;
  const access = S3_BUCKET_ACCESS.includes(p.access) ? p.access : "source";
  const label = access[0]!.toUpperCase() + access.slice(1);
  const suffix = sidSuffix(name);
  const doc = new PolicyDocument({
    statements: problems.empty
      ? [
          { sid: `${label}Bucket${suffix}`, actions: [...actions.bucket], resources: [bucketArn] },
          { sid: `${label}Objects${suffix}`, actions: [...actions.objects], resources: [`${bucketArn}/*`] },
        ]
      : [],
  });
  return finishPreset("s3Bucket", doc, problems, partition);
}
