/**
 * The one place the library imports the CDKTF core from.
 *
 * CDKTF was archived upstream in December 2025 (last release 0.21.0). A maintained
 * fork exists (CDK Terrain, package `cdktn`). Every module of this library imports
 * the core through this file, so moving to the fork is a change of this file only.
 * Provider bindings are imported by deep path (`@cdktf/provider-aws/lib/...`),
 * never through the barrel.
 */
import { dirname } from "node:path";

export {
  App,
  Aspects,
  Fn,
  Lazy,
  LocalBackend,
  S3Backend,
  CloudBackend,
  NamedCloudWorkspace,
  TaggedCloudWorkspaces,
  TerraformStack,
  TerraformOutput,
  TerraformResource,
  TerraformElement,
  TerraformIterator,
  Token,
  Testing,
  Annotations,
  Op,
  ref,
  Tokenization,
  TerraformVariable,
  DefaultTokenResolver,
  StringConcat,
  TerraformAsset,
  AssetType,
} from "cdktf";
/**
 * cdktf's merge of rendered fragments (lib/util.js), not part of its public index: the stack rendering of
 * stack-render.ts merges exactly as cdktf's `TerraformStack.toTerraform()` does.
 */
export { deepMerge } from "cdktf/lib/util";
/**
 * cdktf's registry of tokens (lib/tokens/private/token-map.js), not part of its public index: fast-resolve.ts looks
 * the token of a one-token string up by its key, as cdktf's own string splitting does.
 */
export { TokenMap } from "cdktf/lib/tokens/private/token-map";
export { AnnotationMetadataEntryType } from "cdktf";
export type { IStackSynthesizer, ISynthesisSession } from "cdktf";
/**
 * The parts of cdktf's stack synthesizer (lib/synthesize/synthesizer.js) that stack-synthesizer.ts runs step for
 * step: aspects, the Terraform version validation of resource moves, the error annotations' failure; and cdktf's
 * own `StackSynthesizer`, which the tests compare the library's with.
 */
export { invokeAspects, StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
export { ValidateTerraformVersion } from "cdktf/lib/validations/validate-terraform-version";
export { encounteredAnnotationWithLevelError } from "cdktf/lib/errors";
/**
 * The JSON writer cdktf writes each stack with (`json-stable-stringify`, a dependency of cdktf, not of this
 * library): the copy cdktf itself loads, so that stable-json.ts falls back to exactly cdktf's text.
 */
export const cdktfStableStringify: (value: unknown, options: { space?: number | string }) => string | undefined =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(require.resolve("json-stable-stringify", { paths: [dirname(require.resolve("cdktf/package.json"))] }));
export type {
  AppConfig,
  IAspect,
  ITerraformDependable,
  IResolvable,
  IResolveContext,
  S3BackendConfig,
  CloudBackendConfig,
  LocalBackendConfig,
  TerraformResourceLifecycle,
} from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";
