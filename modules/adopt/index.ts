/**
 * Adoption: bring an account's existing IAM (made in the console) under this project without recreating it.
 * `npm run adopt` (scripts/adopt.ts) is the command; docs/adopt.md the guide.
 */
export { adopt, synthesize } from "./adopt";
export type { AdoptInput, AdoptOptions, AdoptResult, ImportBlock } from "./adopt";
export { decodeDocument } from "./documents";
export { ADOPT_RULES, KEY_MAX_AGE_DAYS } from "./findings";
export type { Finding } from "./findings";
export { adoptedId } from "./ids";
export { AdoptInputError, readAccessKeys, readAuthorizationDetails, readCredentialReport, readProfileAssociations, readRoleList } from "./read";
export { isAwsManagedArn, isServiceLinked } from "./select";
export type { AdoptFilters, LeftOut } from "./select";
export { ADOPTED_REASON, convertDocument } from "./statements";
export type * from "./types";
