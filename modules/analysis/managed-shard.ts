/** How AWS managed policy documents are split into files (shared by the generator and the loader). */

/** Number of shard files under data/managed-policy-documents/. */
export const MANAGED_POLICY_SHARDS = 32;

/** The shard (0 .. {@link MANAGED_POLICY_SHARDS} - 1) of a policy name: FNV-1a 32-bit hash of its UTF-16 code units. */
export function managedPolicyShard(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % MANAGED_POLICY_SHARDS;
}
