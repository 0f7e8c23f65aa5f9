/**
 * Findings of an adoption, ranked: what to fix first. The permission rules are the review's own (modules/review),
 * run on the synthesized adopted stack, so adoption and review never disagree; adoption adds what only the account
 * shows (key ages, console logins without MFA) and what it left out.
 */
import { defaultCatalog } from "../review/catalog";
import { RULES } from "../review/flags";
import { reviewStack } from "../review/report";
import { compareSeverity } from "../review/severity";
import type { Severity } from "../review/severity";
import { snapshotFromConfig } from "../review/snapshot";
import type { ConsoleLogin, KeyPlan } from "./keys";

/** One finding. */
export interface Finding {
  readonly severity: Severity;
  /** A review rule id (`admin-access`, `long-lived-key`, ...) or an adoption rule (`console-without-mfa`, `old-access-key`). */
  readonly rule: string;
  readonly subject: string;
  readonly message: string;
}

/** Rules adoption adds to the review's. */
export const ADOPT_RULES: Readonly<Record<string, { readonly severity: Severity; readonly summary: string }>> = {
  "console-without-mfa": { severity: "high", summary: "A user who signs in to the console with a password and has no MFA device." },
  "old-access-key": { severity: "high", summary: "An active access key older than 90 days (AWS's rotation recommendation)." },
};

/** Days after which an active key is reported as `old-access-key`. */
export const KEY_MAX_AGE_DAYS = 90;

/** The review's flags for a synthesized stack (`cdk.tf.json` as an object). */
export function reviewFindings(stackName: string, tfJson: unknown): Finding[] {
  const review = reviewStack(snapshotFromConfig(stackName, tfJson), undefined, { catalog: defaultCatalog(), baseLabel: "the account (adopted)" });
  return review.flags.map((f) => ({ severity: f.severity, rule: f.rule, subject: f.subject, message: f.message }));
}

/** Findings from keys and console logins. */
export function accountFindings(keys: readonly KeyPlan[], logins: readonly ConsoleLogin[]): Finding[] {
  const out: Finding[] = [];
  for (const p of keys) {
    for (const k of p.keys) {
      if (k.status !== "Active") continue;
      out.push({ severity: RULES["long-lived-key"]?.severity ?? "medium", rule: "long-lived-key", subject: p.userName, message: `Access key ${k.accessKeyId} is active (created ${k.created}, ${k.ageDays} days old); its secret lives wherever it was copied.` });
      if (k.ageDays > KEY_MAX_AGE_DAYS) out.push({ severity: "high", rule: "old-access-key", subject: p.userName, message: `Access key ${k.accessKeyId} is ${k.ageDays} days old (more than ${KEY_MAX_AGE_DAYS}).` });
    }
  }
  for (const l of logins) {
    out.push({ severity: RULES["console-password"]?.severity ?? "low", rule: "console-password", subject: l.userName, message: `Console password enabled${l.passwordLastUsed ? `, last used ${l.passwordLastUsed}` : ""}; the login profile is left as it is (never reset).` });
    if (!l.mfaActive) out.push({ severity: "high", rule: "console-without-mfa", subject: l.userName, message: "Signs in with a password and has no MFA device." });
  }
  return out;
}

/** Most serious first; then by rule and subject (stable). */
export function rank(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return [...findings]
    .filter((f) => {
      const k = `${f.rule}|${f.subject}|${f.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => compareSeverity(b.severity, a.severity) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject) || a.message.localeCompare(b.message));
}
