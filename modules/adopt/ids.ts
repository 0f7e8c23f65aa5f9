/**
 * Construct ids of adopted objects: the Terraform addresses, so they must not change from one run to the next.
 * An id is the kind and the IAM name (`role-web-server`, `user-alice`), with the characters IAM names allow but ids
 * do not (`+ = , . @`) written as `_` and their hex code; so two runs over the same account give the same ids, and
 * a new object in the account never changes the id of another. IAM names are unique per kind (case-insensitive),
 * so ids do not collide. Names too long for an id (policies allow 128 characters, ids 100) end with a hash.
 */
import { createHash } from "node:crypto";

export type AdoptedKind = "role" | "user" | "group" | "policy";

/** The stable id of an adopted object. */
export function adoptedId(kind: AdoptedKind, name: string): string {
  const escaped = name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
  const id = `${kind}-${escaped}`;
  if (id.length <= 100) return id;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${id.slice(0, 91)}-${hash}`;
}
