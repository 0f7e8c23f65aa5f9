/**
 * The one place the library imports the CDKTF core from.
 *
 * CDKTF was archived upstream in December 2025 (last release 0.21.0). A maintained
 * fork exists (CDK Terrain, package `cdktn`). Every module of this library imports
 * the core through this file, so moving to the fork is a change of this file only.
 * Provider bindings are imported by deep path (`@cdktf/provider-aws/lib/...`),
 * never through the barrel.
 */
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
