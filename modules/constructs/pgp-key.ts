/**
 * Checks the `pgp_key` argument of `aws_iam_access_key` and `aws_iam_user_login_profile`: a base64-encoded
 * public key (binary export, no ASCII armor) or `keybase:<username>`.
 */
import type { Problems } from "../core/errors";
import { Token } from "../internal/cdktf";

const KEYBASE = /^keybase:[A-Za-z0-9_]{2,16}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reports a PGP key Terraform would reject. References (for example a variable) are accepted as they are. */
export function checkPgpKey(problems: Problems, field: string, value: unknown): void {
  if (typeof value === "string" && Token.isUnresolved(value)) return;
  const fix = "Export the public key and base64-encode it on one line (`gpg --export <key-id> | base64 -w0`), or write `keybase:<username>`.";
  if (typeof value !== "string" || value.trim().length === 0) {
    problems.add(field, value, "A PGP public key is required here.", fix);
    return;
  }
  if (value.startsWith("keybase:")) {
    if (!KEYBASE.test(value)) problems.add(field, value, "A Keybase reference is `keybase:` followed by a Keybase username (letters, digits, _).", fix);
    return;
  }
  if (value.includes("-----BEGIN PGP")) {
    problems.add(field, "-----BEGIN PGP ...", "Terraform expects the binary public key in base64, not the ASCII-armored block.", fix);
    return;
  }
  const compact = value.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length < 64) {
    problems.add(field, value, "This is neither a base64-encoded PGP public key nor `keybase:<username>`.", fix);
  } else if (compact.startsWith("LS0tLS1CRUdJTi")) {
    // base64 of "-----BEGIN": an armored block encoded once more.
    problems.add(field, value, "This is a base64-encoded ASCII-armored block; Terraform expects the base64 of the binary key.", fix);
  }
}
