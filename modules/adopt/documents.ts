/**
 * Policy documents as AWS hands them out: a JSON object (the CLI decodes them) or URL-encoded JSON text (the IAM
 * API, `--output text`, SDKs). Decoding never changes what a document says.
 */

/** A decoded policy document, or why it cannot be read. */
export type Decoded = { ok: true; doc: Record<string, unknown> } | { ok: false; reason: string };

/** Reads a document given as an object, JSON text, or URL-encoded JSON text. */
export function decodeDocument(value: unknown): Decoded {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return { ok: true, doc: value as Record<string, unknown> };
  if (typeof value !== "string") return { ok: false, reason: `expected a JSON object or URL-encoded JSON text, found ${value === null ? "null" : Array.isArray(value) ? "a list" : typeof value}` };
  const attempts: string[] = [value];
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      // URL encoding as the IAM API does it (spaces may be written "+").
      attempts.push(decodeURIComponent(value.replace(/\+/g, "%20")));
      attempts.push(decodeURIComponent(value));
    } catch {
      return { ok: false, reason: "the text is neither JSON nor valid URL-encoded JSON" };
    }
  }
  for (const text of attempts) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return { ok: true, doc: parsed as Record<string, unknown> };
    } catch {
      // try the next form
    }
  }
  return { ok: false, reason: "the text is neither JSON nor URL-encoded JSON of a policy document" };
}

/** The statements of a document, as a list (AWS allows one statement object instead of a list). */
export function statementsOf(doc: Record<string, unknown>): unknown[] {
  const s = doc.Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}
