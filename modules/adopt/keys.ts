/**
 * Access keys and console logins of adopted users. Secrets cannot be read back from AWS, so keys are never
 * imported: they are listed with their age, and a user who keeps programmatic access gets a planned rotation into
 * SSM (a new key written by Terraform to the credentials store; the old key stays until its owner retires it).
 * Login profiles and MFA devices are listed and left as they are: nothing here resets a password.
 */
import type { AccessKeyMetadata, CredentialRow } from "./types";

/** A listed access key. */
export interface ListedKey {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly status: "Active" | "Inactive";
  readonly created: string;
  /** Whole days between creation and `now`. */
  readonly ageDays: number;
}

/** What adoption does about one user's programmatic access. */
export interface KeyPlan {
  readonly userName: string;
  readonly keys: readonly ListedKey[];
  /** `rotate`: the config declares a new key in SSM; `retire-first`: two keys exist, one must go before a new one fits; `none`: no active key. */
  readonly action: "rotate" | "retire-first" | "none";
  /** SSM prefix of the new key (`rotate`). */
  readonly ssmPrefix?: string;
  /** True when the written config already declares the new key (`--rotate-keys`); else the report shows the lines to add. */
  readonly inConfig?: boolean;
}

/** Console access of one user, as the credential report shows it. */
export interface ConsoleLogin {
  readonly userName: string;
  readonly passwordEnabled: boolean;
  readonly passwordLastUsed?: string;
  readonly mfaActive: boolean;
}

/** Lists keys per user (sorted), with their age at `now`. */
export function listKeys(keys: readonly AccessKeyMetadata[], now: Date): Map<string, ListedKey[]> {
  const out = new Map<string, ListedKey[]>();
  for (const k of [...keys].sort((a, b) => (a.UserName + a.CreateDate < b.UserName + b.CreateDate ? -1 : 1))) {
    const created = new Date(k.CreateDate);
    const ageDays = Number.isNaN(created.getTime()) ? 0 : Math.max(0, Math.floor((now.getTime() - created.getTime()) / 86_400_000));
    const list = out.get(k.UserName) ?? [];
    list.push({ userName: k.UserName, accessKeyId: k.AccessKeyId, status: k.Status, created: k.CreateDate, ageDays });
    out.set(k.UserName, list);
  }
  return out;
}

/**
 * Plans each adopted user's programmatic access. A user with an active key keeps programmatic access: with
 * `rotate`, the config declares a new key stored under `<ssmPrefix>/<user>/...`; with two keys (the IAM maximum)
 * the new one does not fit, so the report asks to retire one first.
 */
export function planKeys(users: readonly string[], keys: Map<string, ListedKey[]>, ssmPrefix: string, rotate: boolean): KeyPlan[] {
  return users.map((u) => {
    const list = keys.get(u) ?? [];
    if (!list.some((k) => k.status === "Active")) return { userName: u, keys: list, action: "none" };
    if (list.length >= 2) return { userName: u, keys: list, action: "retire-first" };
    return { userName: u, keys: list, action: "rotate", ssmPrefix, inConfig: rotate };
  });
}

/** Console logins of adopted users, from the credential report rows. */
export function consoleLogins(users: readonly string[], rows: readonly CredentialRow[]): ConsoleLogin[] {
  const byUser = new Map(rows.map((r) => [r.user, r]));
  const out: ConsoleLogin[] = [];
  for (const u of users) {
    const r = byUser.get(u);
    if (!r || r.password_enabled !== "true") continue;
    out.push({ userName: u, passwordEnabled: true, ...(r.password_last_used && !/^(N\/A|no_information)$/.test(r.password_last_used) ? { passwordLastUsed: r.password_last_used } : {}), mfaActive: r.mfa_active === "true" });
  }
  return out;
}
