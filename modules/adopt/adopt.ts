/**
 * Adoption, end to end and without side effects: AWS CLI outputs in, a config file (YAML text), the import blocks
 * its synthesis declares, ranked findings and a Markdown report out. `scripts/adopt.ts` reads and writes the files.
 */
import { stringify } from "yaml";
import { buildFromConfig } from "../config/build";
import { parseConfigText } from "../config/load";
import { Construct } from "../internal/cdktf";
import type { IamStack } from "../stack/iam-stack";
import { accountFindings, rank, reviewFindings } from "./findings";
import type { Finding } from "./findings";
import { consoleLogins, listKeys, planKeys } from "./keys";
import type { ConsoleLogin, KeyPlan } from "./keys";
import { mapToConfig } from "./map";
import type { Mapped } from "./map";
import { renderReport } from "./report";
import { select } from "./select";
import type { AdoptFilters } from "./select";
import type { AccessKeyMetadata, AuthorizationDetails, CredentialRow, ProfileAssociation, RoleListEntry } from "./types";

/** What adoption reads (already parsed; see read.ts). */
export interface AdoptInput {
  readonly details: AuthorizationDetails;
  readonly accessKeys?: readonly AccessKeyMetadata[];
  readonly associations?: readonly ProfileAssociation[];
  readonly credentialReport?: readonly CredentialRow[];
  /** `aws iam list-roles`: descriptions and maximum session durations, which `details` lacks. */
  readonly roleList?: readonly RoleListEntry[];
}

/** Options of an adoption. */
export interface AdoptOptions extends AdoptFilters {
  /** Stack name. @default "adopted" */
  readonly stackName?: string;
  /** Provider region. @default "eu-west-1" */
  readonly region?: string;
  /** Account id. @default the one in the input's ARNs */
  readonly accountId?: string;
  /** Write the planned key rotation into the config (a new key in SSM for each user with one active key). @default false: the report shows the lines */
  readonly rotateKeys?: boolean;
  /** SSM prefix of rotated keys: `<prefix>/<user>/access-key-id` and `.../secret-access-key`. @default "/adopted" */
  readonly ssmPrefix?: string;
  /** Reference time for key ages. @default now */
  readonly now?: Date;
  /** Name of the config file, for the report. @default "iam.adopted.yaml" */
  readonly configFile?: string;
}

/** One import block of the synthesized stack. */
export interface ImportBlock {
  readonly to: string;
  readonly id: string;
}

/** The result of an adoption. */
export interface AdoptResult {
  readonly mapped: Mapped;
  /** The config file, as written. */
  readonly yaml: string;
  /** The synthesized stack (`cdk.tf.json` content, import blocks included). */
  readonly tfJson: Record<string, unknown>;
  readonly imports: readonly ImportBlock[];
  readonly keys: readonly KeyPlan[];
  readonly logins: readonly ConsoleLogin[];
  readonly findings: readonly Finding[];
  readonly report: string;
}

const HEADER = [
  "# yaml-language-server: $schema=./modules/config/schema.json",
  "# Written by `npm run adopt` from the account's IAM, as it is. Every entry has `import: true`: the first plan",
  "# imports these objects instead of creating them. Read the adopt report before changing anything (docs/adopt.md).",
].join("\n");

/** Adopts: maps, writes the config, synthesizes it (which also proves it is valid) and ranks the findings. */
export function adopt(input: AdoptInput, opts: AdoptOptions = {}): AdoptResult {
  const now = opts.now ?? new Date();
  const ssmPrefix = opts.ssmPrefix ?? "/adopted";
  const sel = select(withRoleList(input.details, input.roleList), opts);
  const users = sel.details.UserDetailList.map((u) => u.UserName).sort();
  const keys = planKeys(users, listKeys(input.accessKeys ?? [], now), ssmPrefix, opts.rotateKeys === true);
  const rotateKeysOf = new Map(keys.filter((k) => k.action === "rotate" && k.inConfig).map((k) => [k.userName, ssmPrefix]));
  const mapped = mapToConfig(sel, { ...opts, rotateKeysOf });
  const yaml = `${HEADER}\n${stringify(mapped.config, { lineWidth: 0, aliasDuplicateObjects: false })}`;

  const tfJson = synthesize(yaml, opts.configFile ?? "iam.adopted.yaml");
  const imports = ((tfJson.import as ImportBlock[] | undefined) ?? []).map((i) => ({ to: i.to, id: i.id }));
  const logins = consoleLogins(users, input.credentialReport ?? []);
  const stackName = mapped.config.stack?.name ?? "adopted";
  const findings = rank([...reviewFindings(stackName, tfJson), ...accountFindings(keys, logins)]);
  const roleDetailsKnown = sel.details.RoleDetailList.every((r) => r.MaxSessionDuration !== undefined);
  const report = renderReport({ mapped, imports, roleDetailsKnown, keys, logins, findings, associations: input.associations ?? [], filteredOut: sel.filteredOut, configFile: opts.configFile ?? "iam.adopted.yaml", stackName });
  return { mapped, yaml, tfJson, imports, keys, logins, findings, report };
}

/** Builds the config text into a throw-away construct tree and returns the stack's Terraform JSON. */
export function synthesize(yaml: string, file: string): Record<string, unknown> {
  const root = new Construct(undefined as never, "");
  const stacks: IamStack[] = buildFromConfig(root, parseConfigText(yaml, file), { stackName: "adopted", stackProps: { region: "eu-west-1" } });
  const stack = stacks[0] as IamStack;
  return stack.toTerraform() as Record<string, unknown>;
}

/** Fills each role's Description and MaxSessionDuration from `aws iam list-roles`, where the details lack them. */
function withRoleList(details: AuthorizationDetails, roles: readonly RoleListEntry[] | undefined): AuthorizationDetails {
  if (!roles || roles.length === 0) return details;
  const byName = new Map(roles.map((r) => [r.RoleName, r]));
  return {
    ...details,
    RoleDetailList: (details.RoleDetailList ?? []).map((r) => {
      const extra = byName.get(r.RoleName);
      if (!extra) return r;
      return {
        ...r,
        ...(r.Description === undefined && extra.Description !== undefined ? { Description: extra.Description } : {}),
        ...(r.MaxSessionDuration === undefined && extra.MaxSessionDuration !== undefined ? { MaxSessionDuration: extra.MaxSessionDuration } : {}),
      };
    }),
  };
}
