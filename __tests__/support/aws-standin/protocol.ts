/**
 * The two wire protocols the AWS provider speaks to the services the stand-in models:
 * - JSON 1.1 (SSM, KMS): `X-Amz-Target: <Prefix>.<Action>`, JSON body, errors `{ "__type", "message" }`;
 * - Query (IAM, STS): form-encoded `Action=...`, XML answers, errors in `<ErrorResponse>`.
 */

/** An error AWS would answer with. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A parsed request. */
export interface StandInRequest {
  readonly service: "ssm" | "kms" | "iam" | "sts";
  readonly action: string;
  /** JSON body (JSON protocols) or flat form fields (query protocols). */
  readonly params: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Values of `Prefix.member.N` (or `Prefix.member.N.Field`) fields of a query request. */
export function members(params: Record<string, string>, prefix: string): Array<Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.member\\.(\\d+)(?:\\.(.+))?$`);
  for (const [k, v] of Object.entries(params)) {
    const m = re.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    const entry = out.get(i) ?? {};
    entry[m[2] ?? "value"] = v;
    out.set(i, entry);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** XML of a value: objects become elements, arrays become `<member>` lists. */
export function xml(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => `<member>${xml(v)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
      .join("");
  }
  return escape(String(value));
}

/** A query-protocol success document. */
export function queryResponse(action: string, result: unknown, ns: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${ns}"><${action}Result>${xml(result)}</${action}Result><ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></${action}Response>`;
}

/** A query-protocol error document. */
export function queryError(e: AwsError): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>Sender</Type><Code>${escape(e.code)}</Code><Message>${escape(e.message)}</Message></Error><RequestId>standin</RequestId></ErrorResponse>`;
}

/** Current time as ISO 8601 (IAM) and epoch seconds (SSM, KMS). */
export const now = { iso: (): string => new Date().toISOString().replace(/\.\d+Z$/, "Z"), epoch: (): number => Math.floor(Date.now() / 1000) };

/** Account and region of everything the stand-in creates. */
export const ACCOUNT = "123456789012";
