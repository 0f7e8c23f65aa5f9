/**
 * The `hashicorp/aws` version constraint a stack declares, derived from the provider bindings in use
 * (`@cdktf/provider-aws`): 20.x was generated for AWS provider 5.100.0, 21.x for 6.x. The constraint is
 * pessimistic on the bindings' minor version (`~> <major>.<minor>`): Terraform may take later minor and patch
 * releases of the same major version (whose schema the bindings do not know of, but which only add to it),
 * never the next major version, whose schema the bindings were not generated for.
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";

/** The metadata cdktf's generated provider class carries (`TerraformProvider.terraformGeneratorMetadata`). */
interface GeneratorMetadata {
  readonly providerVersion?: string;
}

/**
 * The constraint for a provider version: `"5.100.0"` -> `"~> 5.100"`.
 * @throws Error when the version is not `<major>.<minor>[.<patch>...]`
 */
export function awsProviderConstraintFor(version: string): string {
  const m = /^(\d+)\.(\d+)(\.|$|-)/.exec(version);
  if (!m) throw new Error(`@cdktf/provider-aws reports the AWS provider version "${version}", which is not <major>.<minor>.<patch>. Fix: install a release of @cdktf/provider-aws (20.x or 21.x).`);
  return `~> ${m[1]}.${m[2]}`;
}

/** The AWS provider version the bindings of a provider instance were generated for, e.g. "5.100.0". */
export function awsProviderVersionOf(provider: AwsProvider): string {
  const meta = (provider as unknown as { terraformGeneratorMetadata?: GeneratorMetadata }).terraformGeneratorMetadata;
  const version = meta?.providerVersion;
  if (!version) throw new Error("The @cdktf/provider-aws bindings in use carry no provider version. Fix: install a release of @cdktf/provider-aws (20.x or 21.x).");
  return version;
}
