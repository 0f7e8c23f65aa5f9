/**
 * Stand-ins for the terraform binary (IAM_TF_BIN) and the cdktf CLI (IAM_CDKTF_CLI), so the tests of our own
 * command-line scripts run in a second, without providers or AWS. They record what they were given; they do
 * not model Terraform: the real runs are in the Terraform tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../support/terraform";

/**
 * A fake `terraform`: `version -json`, `init` (writes .terraform.lock.hcl), `validate -json` (valid),
 * `plan -out=F` (records the stack folder's files and the offline override into FAKE_TF_LOG; fails with
 * FAKE_TF_PLAN_ERROR on stderr when set), `show -json` (no changes).
 */
export function fakeTerraform(): { bin: string; log: string } {
  const dir = tempDir("fake-tf-");
  const bin = path.join(dir, "terraform");
  const log = path.join(dir, "log.jsonl");
  fs.writeFileSync(
    bin,
    `#!${process.execPath}
const fs = require("fs"), path = require("path");
const args = process.argv.slice(2).filter((a) => a !== "-no-color");
const cmd = args[0];
if (cmd === "version") { process.stdout.write(JSON.stringify({ terraform_version: "1.11.4" })); process.exit(0); }
if (cmd === "init") { fs.writeFileSync(".terraform.lock.hcl", "# fake\\n"); process.exit(0); }
if (cmd === "validate") { process.stdout.write(JSON.stringify({ valid: true, error_count: 0, warning_count: 0, diagnostics: [] })); process.exit(0); }
if (cmd === "plan") {
  const files = fs.readdirSync(".").sort();
  const override = files.filter((f) => /override\\.tf\\.json$/.test(f)).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cwd: process.cwd(), files, override, key: process.env.AWS_ACCESS_KEY_ID || null }) + "\\n");
  if (process.env.FAKE_TF_PLAN_ERROR) { process.stderr.write(process.env.FAKE_TF_PLAN_ERROR + "\\n"); process.exit(1); }
  const out = args.find((a) => a.startsWith("-out="));
  fs.writeFileSync(out.slice(5), "fake plan");
  process.exit(0);
}
if (cmd === "show") { process.stdout.write(JSON.stringify({ format_version: "1.2", resource_changes: [] })); process.exit(0); }
process.stderr.write("fake terraform: unexpected " + args.join(" ") + "\\n"); process.exit(3);
`,
  );
  fs.chmodSync(bin, 0o755);
  return { bin, log };
}

/** The records a fake terraform wrote for its `plan` calls. */
export function planCalls(log: string): Array<{ cwd: string; files: string[]; override: any[]; key: string | null }> {
  if (!fs.existsSync(log)) return [];
  return fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/**
 * A fake cdktf CLI entry file: prints {"args", "tfCliConfigFile", "tfCliConfig", "telemetry", "env" (the variables
 * FAKE_CDKTF_PRINT_ENV lists)} as JSON on stdout, then the
 * text of FAKE_CDKTF_OUTPUT, and exits with FAKE_CDKTF_EXIT (default 0).
 */
export function fakeCdktfCli(): string {
  const file = path.join(tempDir("fake-cdktf-"), "cdktf.js");
  fs.writeFileSync(
    file,
    `const fs = require("fs");
const f = process.env.TF_CLI_CONFIG_FILE;
const env = Object.fromEntries((process.env.FAKE_CDKTF_PRINT_ENV || "").split(",").filter(Boolean).map((k) => [k, process.env[k] || null]));
process.stdout.write(JSON.stringify({ args: process.argv.slice(2), tfCliConfigFile: f || null, tfCliConfig: f && fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null, telemetry: process.env.CDKTF_DISABLE_TELEMETRY || null, env }) + "\\n");
if (process.env.FAKE_CDKTF_OUTPUT) process.stdout.write(process.env.FAKE_CDKTF_OUTPUT + "\\n");
process.exit(Number(process.env.FAKE_CDKTF_EXIT || 0));
`,
  );
  return file;
}
