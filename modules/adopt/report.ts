/**
 * The adoption report (Markdown): what was adopted and imported, the findings ranked, what was left out and why,
 * keys and their planned rotation step by step, console logins, and what the first plan should show.
 */
import { stringify } from "yaml";
import type { ImportBlock } from "./adopt";
import { ADOPT_RULES } from "./findings";
import type { Finding } from "./findings";
import type { ConsoleLogin, KeyPlan } from "./keys";
import type { Mapped } from "./map";
import type { ProfileAssociation } from "./types";
import { RULES } from "../review/flags";

/** What the report is made of. */
export interface ReportInput {
  readonly mapped: Mapped;
  readonly imports: readonly ImportBlock[];
  readonly keys: readonly KeyPlan[];
  readonly logins: readonly ConsoleLogin[];
  readonly findings: readonly Finding[];
  readonly associations: readonly ProfileAssociation[];
  readonly filteredOut: number;
  readonly configFile: string;
  readonly stackName: string;
  /** False when some role's description and session duration are unknown (no `aws iam list-roles` output). */
  readonly roleDetailsKnown: boolean;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Renders the report. Holds ids and names only: never a secret (none is ever read). */
export function renderReport(r: ReportInput): string {
  const out: string[] = [];
  const c = r.mapped.counts;
  out.push(`# Adoption report: stack \`${r.stackName}\``, "");
  out.push(`Account ${r.mapped.accountId ?? "(unknown)"}, partition \`${r.mapped.partition}\`. Written: \`${r.configFile}\`.`, "");
  out.push(`Adopted: ${c.roles} roles, ${c.users} users, ${c.groups} groups, ${c.policies} customer managed policies; ${r.imports.length} import blocks. Left out: ${r.mapped.leftOut.length} (below); outside the filters: ${r.filteredOut}.`, "");

  if (!r.roleDetailsKnown) {
    out.push(
      "**Role descriptions and maximum session durations are unknown**: `get-account-authorization-details` does not return them. Pass `aws iam list-roles --output json` with `--roles`, or the first plan will propose to clear descriptions and to set every role's maximum session to 1 hour.",
      "",
    );
  }
  out.push("## Findings, most serious first", "");
  if (r.findings.length === 0) out.push("None.", "");
  else {
    out.push("| # | severity | rule | subject | finding |", "| --- | --- | --- | --- | --- |");
    r.findings.forEach((f, i) => out.push(`| ${i + 1} | ${f.severity} | \`${f.rule}\` | ${cell(f.subject)} | ${cell(f.message)} |`));
    out.push("");
    const used = [...new Set(r.findings.map((f) => f.rule))].sort();
    out.push("Rules:", "");
    for (const id of used) out.push(`- \`${id}\`: ${(RULES[id] ?? ADOPT_RULES[id])?.summary ?? ""}`);
    out.push("");
  }
  out.push(
    "Policies were adopted as they are: a statement that this project's synth-time rules refuse (a wildcard, `iam:PassRole` on `*`, an action the catalog does not know) carries `allowBroad` / `skipCatalogCheck` with the reason \"adopted as is, see the findings\". Fix the findings above in the config, one reviewed change at a time (`npm run review`), and remove the opt-out when the statement no longer needs it.",
    "",
  );
  const notes = r.mapped.documentNotes;
  if (notes.length > 0) {
    out.push("Documents adopted with opt-outs or a raised Version:", "");
    for (const n of notes) out.push(`- ${n.where}: ${[n.optOuts ? `${n.optOuts} statement(s) with opt-outs` : "", n.versionChanged ? "Version raised to 2012-10-17 (same grants; the first plan shows an in-place update)" : ""].filter(Boolean).join("; ")}`);
    out.push("");
  }

  out.push("## Access keys", "");
  const withKeys = r.keys.filter((k) => k.keys.length > 0);
  if (withKeys.length === 0) out.push("No access key was listed (pass the output of `aws iam list-access-keys` with `--access-keys`).", "");
  else {
    out.push("Secrets cannot be read back from AWS, so keys are not imported: they stay as they are until their owner retires them.", "");
    out.push("| user | access key id | status | created | age (days) | plan |", "| --- | --- | --- | --- | --- | --- |");
    for (const p of withKeys) for (const k of p.keys) out.push(`| ${cell(p.userName)} | ${k.accessKeyId} | ${k.status} | ${k.created} | ${k.ageDays} | ${planWords(p)} |`);
    out.push("");
  }
  const rotating = r.keys.filter((k) => k.action === "rotate");
  if (rotating.length > 0) {
    out.push("### Planned rotation into SSM", "");
    out.push("For each user that keeps programmatic access, step by step:", "");
    out.push(
      "1. Add the key to the user's entry (already there when adopted with `--rotate-keys`):",
      "",
      "   ```yaml",
      ...stringify({ accessKey: { storeIn: { prefix: rotating[0]?.ssmPrefix ?? "/adopted" }, rotation: { generation: 0 } } }).trimEnd().split("\n").map((l) => `   ${l}`),
      "   ```",
      "",
      "   Add `kmsKeyArn` to `storeIn` to encrypt with a customer managed key (recommended: the default `aws/ssm` key can be used by every principal allowed to read the parameter).",
      "2. `npm run plan`: one `aws_iam_access_key` and two `aws_ssm_parameter` created for the user; nothing replaced. Apply. The user now has its old key and the new one (the IAM maximum is 2).",
      "3. Point the integration at SSM (`<prefix>/<user>/access-key-id` and `.../secret-access-key`), give the process that fetches them `credentialsReaderPolicy`, and check the new key is used: `aws iam get-access-key-last-used --access-key-id <new id>`.",
      "4. When `aws iam get-access-key-last-used` shows the old key unused, deactivate it (`aws iam update-access-key --status Inactive`), wait, then delete it (`aws iam delete-access-key`). Only its owner knows where its secret was copied.",
      "5. From then on rotate by raising `rotation.generation` (see docs/service-user.md). Never raise it while the old key still exists: a second slot would need a third key.",
      "",
    );
    out.push(`Users: ${rotating.map((k) => `${k.userName}${k.inConfig ? " (in the config)" : ""}`).join(", ")}.`, "");
  }
  const full = r.keys.filter((k) => k.action === "retire-first");
  if (full.length > 0) out.push(`Users with two keys already (${full.map((k) => k.userName).join(", ")}): a new key would not fit. Retire the unused one first (step 4), then follow the steps above.`, "");

  out.push("## Console users", "");
  if (r.logins.length === 0) out.push("No console password found (pass the credential report with `--credential-report` to list them).", "");
  else {
    out.push("Login profiles and MFA devices are listed, not imported, and never reset: the password and the MFA device stay as they are, outside Terraform.", "");
    out.push("| user | password last used | MFA |", "| --- | --- | --- |");
    for (const l of r.logins) out.push(`| ${cell(l.userName)} | ${l.passwordLastUsed ?? "never"} | ${l.mfaActive ? "yes" : "**no**"} |`);
    out.push("");
  }

  if (r.associations.length > 0) {
    out.push("## Instances using adopted instance profiles", "");
    out.push("The profiles are imported, not replaced: these instances keep their role. Terraform does not manage the association (no resource attaches a profile to an instance it does not manage).", "");
    out.push("| instance | instance profile ARN | state |", "| --- | --- | --- |");
    for (const a of [...r.associations].sort((x, y) => x.InstanceId.localeCompare(y.InstanceId))) out.push(`| ${a.InstanceId} | ${a.IamInstanceProfile.Arn} | ${a.State ?? ""} |`);
    out.push("");
  }

  out.push("## Left out", "");
  if (r.mapped.leftOut.length === 0) out.push("Nothing.", "");
  else {
    out.push("These stay in the account exactly as they are; Terraform does not manage them.", "");
    out.push("| kind | name | why |", "| --- | --- | --- |");
    for (const l of r.mapped.leftOut) out.push(`| ${l.kind} | ${cell(l.name)} | ${cell(l.reason)} |`);
    out.push("");
  }

  out.push("## The first plan", "");
  const tagged = r.imports.filter((i) => /^aws_iam_(role|user|policy|instance_profile)\./.test(i.to)).length;
  const rotatingInConfig = rotating.filter((k) => k.inConfig).length;
  const raised = r.mapped.documentNotes.filter((n) => n.versionChanged).length;
  out.push(
    `Run \`IAM_CONFIG=${r.configFile} npm run plan\` (it synthesizes, then plans each stack). The plan should say \`Plan: ${r.imports.length} to import, ${rotatingInConfig * 3} to add, ${tagged + raised} to change, 0 to destroy\`:`,
    "",
    `- ${r.imports.length} imports: every object above, taken over as it is;`,
    `- ${tagged} in-place updates of \`tags_all\` only, on the roles, users, policies and instance profiles: the app adds the default tag \`managed-by = iam-cdktf\` (users also show \`force_destroy\` going from null to false, a Terraform-only setting);`,
    ...(raised > 0 ? [`- ${raised} in-place update(s) of a document written with Version 2008-10-17 or none, now 2012-10-17 (same grants; listed above);`] : []),
    ...(rotatingInConfig > 0 ? [`- ${rotatingInConfig * 3} created: a new access key and its two SSM parameters per user with a planned rotation;`] : []),
    "- nothing replaced, nothing destroyed.",
    "",
    "Any other change on an imported resource is a difference between the account and the config (someone changed the account after the export, or the input lacked `--roles`): read it, re-run the export and the adoption, or edit the config, until the plan shows only the lines above. Never apply a plan that replaces or destroys an adopted role or user (docs/adopt.md).",
    "",
  );
  return out.join("\n");
}

function planWords(p: KeyPlan): string {
  if (p.action === "rotate") return p.inConfig ? "new key in SSM (in the config)" : "rotate into SSM (steps below)";
  if (p.action === "retire-first") return "two keys: retire one first";
  return "no active key";
}
