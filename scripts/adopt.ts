/**
 * `npm run adopt -- --from account.json [options]`: bring an account's existing IAM under this project.
 * Run `npm run adopt -- --help` for the options. Exit status: 0 written, 1 usage or input error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { adopt, AdoptInputError, readAccessKeys, readAuthorizationDetails, readCredentialReport, readProfileAssociations, readRoleList } from "../modules/adopt";
import type { AccessKeyMetadata, AdoptOptions } from "../modules/adopt";
import { ConfigError } from "../modules/config";

const HELP = `Usage: npm run adopt -- --from <account.json> [options]

Reads what \`aws iam get-account-authorization-details\` printed and writes a config file of this project
(every entry marked \`import: true\`) and an adoption report. \`IAM_CONFIG=<config> npm run synth\` then
writes a stack whose import blocks adopt the existing objects. Guide: docs/adopt.md.

Input
  --from <file>                 aws iam get-account-authorization-details --output json (required)
  --access-keys <file>          aws iam list-access-keys --user-name <u> output; repeatable, or a JSON list of outputs
  --instance-profile-associations <file>
                                aws ec2 describe-iam-instance-profile-associations output
  --credential-report <file>    aws iam get-credential-report output (console passwords, MFA)
  --roles <file>                aws iam list-roles output (role descriptions and session durations, which
                                get-account-authorization-details does not return; strongly advised)

Filters (all given must match; AWS managed policies and service-linked roles are always left out)
  --path-prefix <prefix>        only objects whose IAM path starts with it, e.g. /integrations/
  --name <pattern>              only names matching it: * any characters, ? one, e.g. 'shop-*'
  --tag <key[=value]>           only roles, users and policies with this tag (groups have no tags)

Output
  --out <file>                  the config file (default: iam.adopted.yaml)
  --report <file>               the Markdown report (default: <out without extension>.report.md)
  --stack <name>                stack name (default: adopted)
  --region <region>             provider region (default: eu-west-1)
  --account <id>                account id (default: from the input's ARNs)
  --rotate-keys                 declare a new access key in SSM for each user with one active key
  --ssm-prefix <prefix>         SSM prefix of those keys (default: /adopted)
  --force                       overwrite existing output files
`;

function fail(message: string): never {
  process.stderr.write(`adopt: ${message}\n`);
  process.exit(1);
}

function main(argv: string[]): void {
  const opts: Record<string, string | boolean> = {};
  const keyFiles: string[] = [];
  const valued = new Set(["from", "access-keys", "instance-profile-associations", "credential-report", "roles", "path-prefix", "name", "tag", "out", "report", "stack", "region", "account", "ssm-prefix"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--help" || a === "-h") {
      process.stdout.write(HELP);
      return;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) fail(`unexpected argument "${a}". Fix: see npm run adopt -- --help.`);
    const name = m[1] as string;
    if (valued.has(name)) {
      const v = m[2] ?? argv[++i];
      if (v === undefined || v.startsWith("--")) fail(`--${name} needs a value. Fix: see npm run adopt -- --help.`);
      if (name === "access-keys") keyFiles.push(v);
      else opts[name] = v;
    } else if (name === "rotate-keys" || name === "force") opts[name] = true;
    else fail(`unknown option --${name}. Fix: see npm run adopt -- --help.`);
  }
  if (typeof opts.from !== "string") fail("--from <file> is required: the output of `aws iam get-account-authorization-details --output json`.");
  if (opts.account !== undefined && !/^\d{12}$/.test(String(opts.account))) fail(`--account ${String(opts.account)}: an account id is 12 digits.`);
  const out = typeof opts.out === "string" ? opts.out : "iam.adopted.yaml";
  const report = typeof opts.report === "string" ? opts.report : `${out.replace(/\.(ya?ml|json)$/i, "")}.report.md`;
  for (const f of [out, report]) if (fs.existsSync(f) && opts.force !== true) fail(`${f} exists. Fix: pass --force to overwrite it, or choose another --out/--report.`);

  try {
    const details = readAuthorizationDetails(opts.from);
    const accessKeys: AccessKeyMetadata[] = keyFiles.flatMap((f) => readAccessKeys(f));
    const options: AdoptOptions = {
      ...(typeof opts["path-prefix"] === "string" ? { pathPrefix: opts["path-prefix"] } : {}),
      ...(typeof opts.name === "string" ? { namePattern: opts.name } : {}),
      ...(typeof opts.tag === "string" ? { tag: opts.tag } : {}),
      ...(typeof opts.stack === "string" ? { stackName: opts.stack } : {}),
      ...(typeof opts.region === "string" ? { region: opts.region } : {}),
      ...(typeof opts.account === "string" ? { accountId: opts.account } : {}),
      ...(typeof opts["ssm-prefix"] === "string" ? { ssmPrefix: opts["ssm-prefix"] } : {}),
      rotateKeys: opts["rotate-keys"] === true,
      configFile: path.basename(out),
    };
    const started = process.hrtime.bigint();
    const result = adopt(
      {
        details,
        accessKeys,
        ...(typeof opts["instance-profile-associations"] === "string" ? { associations: readProfileAssociations(opts["instance-profile-associations"]) } : {}),
        ...(typeof opts["credential-report"] === "string" ? { credentialReport: readCredentialReport(opts["credential-report"]) } : {}),
        ...(typeof opts.roles === "string" ? { roleList: readRoleList(opts.roles) } : {}),
      },
      options,
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    fs.writeFileSync(out, result.yaml);
    fs.writeFileSync(report, result.report);
    const c = result.mapped.counts;
    const top = result.findings[0];
    process.stdout.write(
      `adopt: ${c.roles} roles, ${c.users} users, ${c.groups} groups, ${c.policies} policies -> ${out} (${result.imports.length} import blocks); ` +
        `${result.findings.length} findings${top ? ` (top: ${top.severity} ${top.rule})` : ""}, ${result.mapped.leftOut.length} left out -> ${report}; ${ms.toFixed(0)} ms.\n` +
        `Next: IAM_CONFIG=${out} npm run synth && npm run plan   (expect: ${result.imports.length} to import, 0 to add, 0 to change, 0 to destroy)\n`,
    );
  } catch (e) {
    if (e instanceof AdoptInputError) fail(e.message);
    if (e instanceof ConfigError) fail(`the written config does not build (please report this with the input):\n${e.message}`);
    throw e;
  }
}

main(process.argv.slice(2));
