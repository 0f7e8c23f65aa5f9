/**
 * Reading the AWS CLI outputs adoption starts from, with errors that name the file, the place in it and the fix.
 */
import * as fs from "node:fs";
import type { AccessKeyMetadata, AuthorizationDetails, CredentialRow, ProfileAssociation, RoleListEntry } from "./types";

/** A problem with an input file. */
export class AdoptInputError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly rule: string,
    readonly fix: string,
  ) {
    super(`${file}${where ? ` (${where})` : ""}: ${rule} Fix: ${fix}`);
    this.name = "AdoptInputError";
  }
}

function readJson(file: string, text?: string): unknown {
  let raw = text;
  if (raw === undefined) {
    try {
      raw = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new AdoptInputError(file, "", `The file cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, "Check the path; write it with `aws ... --output json > <file>`.");
    }
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (e) {
    throw new AdoptInputError(file, "", `The file is not JSON (${(e as Error).message}).`, "Write it with `--output json` (the default output of the AWS CLI).");
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function list(file: string, data: Record<string, unknown>, key: string): unknown[] {
  const v = data[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new AdoptInputError(file, key, `\`${key}\` must be a list.`, "Pass the unmodified output of the AWS CLI.");
  return v;
}

function need(file: string, where: string, o: unknown, keys: string[]): void {
  if (!isObject(o)) throw new AdoptInputError(file, where, "Expected an object.", "Pass the unmodified output of the AWS CLI.");
  for (const k of keys) {
    if (typeof o[k] !== "string" || o[k] === "") throw new AdoptInputError(file, `${where}.${k}`, `\`${k}\` is missing or not a string.`, "Pass the unmodified output of the AWS CLI.");
  }
}

/** Reads `aws iam get-account-authorization-details` output (pages concatenated in a list are merged). */
export function readAuthorizationDetails(file: string, text?: string): AuthorizationDetails {
  const data = readJson(file, text);
  const pages = Array.isArray(data) ? data : [data];
  const out: Required<AuthorizationDetails> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  pages.forEach((page, p) => {
    const at = Array.isArray(data) ? `[${p}]` : "";
    if (!isObject(page)) throw new AdoptInputError(file, at, "Expected the JSON object `aws iam get-account-authorization-details` prints.", "Run `aws iam get-account-authorization-details --output json > account.json`.");
    const known = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];
    if (!known.some((k) => k in page)) {
      throw new AdoptInputError(file, at, `None of ${known.join(", ")} is present: this is not the output of \`aws iam get-account-authorization-details\`.`, "Run `aws iam get-account-authorization-details --output json > account.json` and pass that file with --from.");
    }
    list(file, page, "RoleDetailList").forEach((r, i) => need(file, `${at}RoleDetailList[${i}]`, r, ["RoleName"]));
    list(file, page, "UserDetailList").forEach((u, i) => need(file, `${at}UserDetailList[${i}]`, u, ["UserName"]));
    list(file, page, "GroupDetailList").forEach((g, i) => need(file, `${at}GroupDetailList[${i}]`, g, ["GroupName"]));
    list(file, page, "Policies").forEach((q, i) => need(file, `${at}Policies[${i}]`, q, ["Arn"]));
    out.UserDetailList.push(...(list(file, page, "UserDetailList") as AuthorizationDetails["UserDetailList"] & object));
    out.GroupDetailList.push(...(list(file, page, "GroupDetailList") as AuthorizationDetails["GroupDetailList"] & object));
    out.RoleDetailList.push(...(list(file, page, "RoleDetailList") as AuthorizationDetails["RoleDetailList"] & object));
    out.Policies.push(...(list(file, page, "Policies") as AuthorizationDetails["Policies"] & object));
  });
  return out;
}

/** Reads `aws iam list-access-keys` output: one object, or a list of them (one per user). */
export function readAccessKeys(file: string, text?: string): AccessKeyMetadata[] {
  const data = readJson(file, text);
  const pages = Array.isArray(data) ? data : [data];
  const out: AccessKeyMetadata[] = [];
  pages.forEach((page, p) => {
    const at = Array.isArray(data) ? `[${p}]` : "";
    if (!isObject(page) || !Array.isArray(page.AccessKeyMetadata)) {
      throw new AdoptInputError(file, at, "Expected `{ \"AccessKeyMetadata\": [...] }`, the output of `aws iam list-access-keys`.", "Run `aws iam list-access-keys --user-name <user>` for each user and pass the outputs (one file each, or a JSON list of them).");
    }
    page.AccessKeyMetadata.forEach((k, i) => {
      need(file, `${at}AccessKeyMetadata[${i}]`, k, ["UserName", "AccessKeyId", "Status", "CreateDate"]);
      out.push(k as AccessKeyMetadata);
    });
  });
  return out;
}

/** Reads `aws ec2 describe-iam-instance-profile-associations` output. */
export function readProfileAssociations(file: string, text?: string): ProfileAssociation[] {
  const data = readJson(file, text);
  if (!isObject(data) || !Array.isArray(data.IamInstanceProfileAssociations)) {
    throw new AdoptInputError(file, "", "Expected `{ \"IamInstanceProfileAssociations\": [...] }`.", "Run `aws ec2 describe-iam-instance-profile-associations --output json` (per region) and pass the output.");
  }
  return data.IamInstanceProfileAssociations.map((a, i) => {
    need(file, `IamInstanceProfileAssociations[${i}]`, a, ["InstanceId"]);
    const p = (a as Record<string, unknown>).IamInstanceProfile;
    need(file, `IamInstanceProfileAssociations[${i}].IamInstanceProfile`, p, ["Arn"]);
    return a as ProfileAssociation;
  });
}

/**
 * Reads the credential report: the JSON of `aws iam get-credential-report` (base64 CSV in `Content`) or the CSV
 * itself. Only the user, password_enabled, password_last_used and mfa_active columns are read.
 */
export function readCredentialReport(file: string, text?: string): CredentialRow[] {
  let raw = text ?? "";
  if (text === undefined) {
    try {
      raw = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new AdoptInputError(file, "", `The file cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, "Check the path.");
    }
  }
  let csv = raw;
  if (raw.trimStart().startsWith("{")) {
    const data = readJson(file, raw);
    if (!isObject(data) || typeof data.Content !== "string") throw new AdoptInputError(file, "Content", "Expected the output of `aws iam get-credential-report` (base64 CSV in `Content`).", "Run `aws iam generate-credential-report` then `aws iam get-credential-report --output json`.");
    csv = Buffer.from(data.Content, "base64").toString("utf8");
  }
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines[0] ?? "").split(",");
  const col = (name: string) => header.indexOf(name);
  for (const c of ["user", "password_enabled", "mfa_active"]) {
    if (col(c) < 0) throw new AdoptInputError(file, "header", `The credential report has no \`${c}\` column.`, "Pass the unmodified credential report.");
  }
  return lines.slice(1).map((l) => {
    const cells = l.split(",");
    const get = (name: string) => cells[col(name)] ?? "";
    return { user: get("user"), password_enabled: get("password_enabled"), password_last_used: col("password_last_used") >= 0 ? get("password_last_used") : undefined, mfa_active: get("mfa_active") };
  });
}

/**
 * Reads `aws iam list-roles` output (one object, or a list of pages): the description and maximum session duration
 * of each role, which `get-account-authorization-details` does not return.
 */
export function readRoleList(file: string, text?: string): RoleListEntry[] {
  const data = readJson(file, text);
  const pages = Array.isArray(data) ? data : [data];
  const out: RoleListEntry[] = [];
  pages.forEach((page, p) => {
    const at = Array.isArray(data) ? `[${p}]` : "";
    if (!isObject(page) || !Array.isArray(page.Roles)) throw new AdoptInputError(file, at, "Expected `{ \"Roles\": [...] }`, the output of `aws iam list-roles`.", "Run `aws iam list-roles --output json > roles.json`.");
    page.Roles.forEach((r, i) => {
      need(file, `${at}Roles[${i}]`, r, ["RoleName"]);
      out.push(r as RoleListEntry);
    });
  });
  return out;
}
