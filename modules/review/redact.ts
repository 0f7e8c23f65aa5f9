/**
 * The last line of defence: a report never carries a secret. Secret-bearing arguments are never
 * read (see snapshot.ts); this pass also blanks anything in the final text that looks like AWS
 * credentials, so even a secret pasted into a policy name or a description does not leak.
 */

const PATTERNS: readonly [RegExp, string][] = [
  // Access key ids: AKIA (long-lived), ASIA (temporary) and other IAM unique-id prefixes followed by 16 characters.
  [/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b/g, "[redacted access key id]"],
  // Secret access keys: 40 characters of base64 alphabet, not part of a longer token.
  [/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, "[redacted secret]"],
  // PEM blocks.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "[redacted private key]"],
];

/** A 40-character run is taken for a secret only when it mixes upper case, lower case and digits (git ids and paths do not). */
function secretShaped(m: string): boolean {
  return /[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m);
}

function replaceAll(text: string, onHit: () => void): string {
  let out = text;
  for (const [re, marker] of PATTERNS) {
    out = out.replace(re, (m) => {
      if (re.source.includes("{40}") && !secretShaped(m)) return m;
      onHit();
      return marker;
    });
  }
  return out;
}

/** True when `s` holds something shaped like a credential. */
export function looksSecret(s: string): boolean {
  let hit = false;
  replaceAll(s, () => (hit = true));
  return hit;
}

/** Replaces anything shaped like a credential with a marker. */
export function redact(text: string): string {
  return replaceAll(text, () => undefined);
}
