/**
 * IAM size limits, counted the way IAM counts them: characters of the JSON document, not counting
 * whitespace.
 */

/** Default IAM quotas in non-whitespace characters. */
export const PolicyLimits = Object.freeze({
  /** A customer managed policy (fixed). */
  managed: 6144,
  /** All inline policies of one role together (fixed). */
  roleInlineTotal: 10240,
  /** All inline policies of one user together (fixed). */
  userInlineTotal: 2048,
  /** All inline policies of one group together (fixed). */
  groupInlineTotal: 5120,
  /** A role trust policy (default quota; raisable). */
  trust: 2048,
});

/**
 * The highest value AWS lets an account raise a quota to (Service Quotas, "Role trust policy length").
 * Limits not listed here cannot be raised.
 */
export const PolicyHardLimits = Object.freeze({
  trust: 4096,
});

/** Which limit a document is checked against. */
export type PolicyLimitName = keyof typeof PolicyLimits;

/**
 * Size of a document as IAM counts it: the characters of its JSON rendering that are not whitespace.
 * Accepts a document (anything with `toJSON()`) or a JSON string. A reference to another resource counts with the
 * length of its placeholder, so the figure is an estimate when references are involved.
 */
export function policySize(doc: { toJSON(): unknown } | string): number {
  const text = typeof doc === "string" ? doc : JSON.stringify(doc.toJSON());
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) n++;
  }
  return n;
}
