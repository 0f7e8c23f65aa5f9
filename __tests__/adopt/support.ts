/** Shared by the adoption tests: the fixtures, read the way `npm run adopt` reads them. */
import * as path from "node:path";
import { adopt, readAccessKeys, readAuthorizationDetails, readCredentialReport, readProfileAssociations, readRoleList } from "../../modules/adopt";
import type { AdoptInput, AdoptOptions, AdoptResult } from "../../modules/adopt";

export const FIXTURES = path.join(__dirname, "fixtures");
export const fixture = (name: string) => path.join(FIXTURES, name);

/** The account of the fixtures, with keys, associations and the credential report. */
export function fixtureInput(): AdoptInput {
  return {
    details: readAuthorizationDetails(fixture("account.json")),
    accessKeys: readAccessKeys(fixture("access-keys.json")),
    associations: readProfileAssociations(fixture("instance-profile-associations.json")),
    credentialReport: readCredentialReport(fixture("credential-report.json")),
    roleList: readRoleList(fixture("list-roles.json")),
  };
}

/** A fixed "now", so key ages do not depend on the day the tests run. */
export const NOW = new Date("2026-11-30T00:00:00Z");

export function adoptFixture(opts: AdoptOptions = {}): AdoptResult {
  return adopt(fixtureInput(), { now: NOW, ...opts });
}
