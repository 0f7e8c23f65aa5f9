/**
 * Hints added to Terraform's own errors, in one place for `npm run plan` (scripts/lib/terraform.ts) and the
 * cdktf launcher (`npm run diff` / `npm run deploy`, scripts/cdktf.js).
 */

/** What Terraform and the AWS provider print when they have no usable AWS credentials. */
const CREDENTIALS = [
  /No valid credential sources found/i,
  /failed to refresh cached credentials/i,
  /no EC2 IMDS role found/i,
  /validating provider credentials/i,
  /retrieving caller identity from STS/i,
  /InvalidClientTokenId/,
  /The security token included in the request is (invalid|expired)/i,
  /ExpiredToken/,
  /Unable to locate credentials/i,
  /Required token could not be found/i,
];

/** What they print when AWS (or the state backend) cannot be reached. */
const NETWORK = [/dial tcp/i, /no such host/i, /i\/o timeout/i, /connection refused/i, /network is unreachable/i, /TLS handshake timeout/i, /context deadline exceeded/i, /Could not resolve host/i];

/** What Terraform prints when it cannot install or lock a provider from the registry. */
const REGISTRY = [/Failed to query available provider packages/i, /Could not retrieve providers for locking/i, /could not connect to registry\.terraform\.io/i, /Failed to install provider/i];

/** True when Terraform's output says it could not get a provider from the registry (an offline machine without a mirror). */
export function isRegistryFailure(output: string): boolean {
  return REGISTRY.some((re) => re.test(output));
}

/** True when Terraform's output says it lacked AWS credentials or could not reach AWS or the state backend. */
export function isCredentialsOrNetworkFailure(output: string): boolean {
  return !isRegistryFailure(output) && [...CREDENTIALS, ...NETWORK].some((re) => re.test(output));
}

/** The hint after a registry failure: use a provider mirror. */
export const MIRROR_HINT =
  "Fix: Terraform could not reach the provider registry. On an offline machine set IAM_TF_PROVIDER_MIRROR to a provider mirror folder " +
  "(made with `terraform providers mirror <dir>` on a connected machine) and run Terraform through the npm scripts (npm run plan, npm run diff, npm run deploy), which use it.";

/** The hint printed after such a failure: how to plan without AWS. */
export const OFFLINE_HINT =
  "Fix: Terraform could not use AWS here (no credentials, or no network to AWS or the state backend). Give it credentials " +
  "(AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or a deploy role: IAM_DEPLOY_ROLE_ARN), or plan without AWS: " +
  "`npm run plan -- --offline` (or `IAM_OFFLINE=1 npm run plan`), which needs no credentials and swaps a remote state for a local one for the run.";

/** The offline hint for a failed Terraform run's output, or "" when the failure is of another kind. */
export function offlineHintFor(output: string): string {
  return isCredentialsOrNetworkFailure(output) ? OFFLINE_HINT : "";
}

/** The hint for a failed Terraform run's output: the mirror hint, the offline hint, or "". */
export function terraformHintFor(output: string): string {
  return isRegistryFailure(output) ? MIRROR_HINT : offlineHintFor(output);
}
