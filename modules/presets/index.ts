/**
 * Permission sets for real integrations. Each preset is a function returning a {@link PolicyDocument} whose every
 * action exists in the AWS action catalog (checked when it is first built with given arguments) and which is a valid
 * identity policy.
 * Give them to a ManagedPolicy or as an inline policy:
 *
 * ```ts
 * new ManagedPolicy(stack, "Inventory", { name: "plakar-inventory", document: Presets.inventoryReader({ partition: stack.partition }) });
 * ```
 */
import { cachedPreset } from "./cache";
import { iamReadConnector } from "./iam-read-connector";
import { inventoryReader } from "./inventory-reader";
import { s3Bucket } from "./s3-bucket";
import { s3BucketLister } from "./s3-bucket-lister";
import { secretsManagerReader } from "./secrets-manager-reader";

export type { PresetOptions } from "./check";
export { IAM_READ_CONNECTOR_ACTIONS, iamReadConnector } from "./iam-read-connector";
export type { IamReadConnectorOptions } from "./iam-read-connector";
export { INVENTORY_EC2_ACTIONS, INVENTORY_RDS_ACTIONS, INVENTORY_S3_ACTIONS, inventoryReader } from "./inventory-reader";
export type { InventoryReaderOptions } from "./inventory-reader";
export { S3_BUCKET_ACCESS, S3_BUCKET_ACTIONS, s3Bucket } from "./s3-bucket";
export type { S3BucketAccess, S3BucketPresetProps } from "./s3-bucket";
export { s3BucketLister } from "./s3-bucket-lister";
export type { S3BucketListerOptions } from "./s3-bucket-lister";
export { secretsManagerReader } from "./secrets-manager-reader";
export type { SecretsManagerReaderProps } from "./secrets-manager-reader";

/**
 * Every preset, by name: `Presets.inventoryReader()`, `Presets.s3Bucket({ bucket, access })`, ... Each is built
 * and validated once per process for each distinct set of arguments (see cache.ts); every call returns a new
 * document.
 */
export const Presets = Object.freeze({
  inventoryReader: cachedPreset(inventoryReader),
  s3Bucket: cachedPreset(s3Bucket),
  secretsManagerReader: cachedPreset(secretsManagerReader),
  iamReadConnector: cachedPreset(iamReadConnector),
  s3BucketLister: cachedPreset(s3BucketLister),
});

/** The names of the presets (as written in config files). */
export type PresetName = keyof typeof Presets;
