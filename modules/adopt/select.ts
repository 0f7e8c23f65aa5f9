/**
 * Which IAM objects of the account an adoption takes: filters (path prefix, name pattern, tag) and the objects
 * that are never taken (AWS managed policies, service-linked roles), each with a note saying why.
 */
import type { AuthorizationDetails, RoleDetail, Tag } from "./types";

/** Filters of an adoption. Every given filter must match (AND); none given: everything. */
export interface AdoptFilters {
  /** Only objects whose IAM path starts with this prefix (`/integrations/`). @default every path */
  readonly pathPrefix?: string;
  /** Only objects whose name matches this pattern: `*` any characters, `?` one (`plakar-*`). @default every name */
  readonly namePattern?: string;
  /** Only objects with this tag: `key` (any value) or `key=value`. Groups have no tags and are kept by this filter. @default none */
  readonly tag?: string;
}

/** Something left out, and why. */
export interface LeftOut {
  readonly kind: "role" | "user" | "group" | "policy" | "instance profile" | "inline policy" | "attachment" | "access key" | "login profile" | "MFA device";
  readonly name: string;
  readonly reason: string;
}

/** True for the roles AWS creates and manages for a service (`/aws-service-role/`): they cannot be managed by Terraform. */
export function isServiceLinked(r: RoleDetail): boolean {
  return (r.Path ?? "/").startsWith("/aws-service-role/");
}

/** True for an AWS managed policy ARN (`arn:<partition>:iam::aws:policy/...`). */
export function isAwsManagedArn(arn: string): boolean {
  return /^arn:[\w-]+:iam::aws:policy\//.test(arn);
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** A predicate for the filters. */
export function matcher(f: AdoptFilters): (name: string, path: string | undefined, tags: Tag[] | undefined, taggable: boolean) => boolean {
  const re = f.namePattern !== undefined ? globToRegExp(f.namePattern) : undefined;
  const [tagKey, tagValue] = f.tag !== undefined ? ((i) => (i < 0 ? [f.tag as string, undefined] : [(f.tag as string).slice(0, i), (f.tag as string).slice(i + 1)]))(f.tag.indexOf("=")) : [undefined, undefined];
  return (name, path, tags, taggable) => {
    if (f.pathPrefix !== undefined && !(path ?? "/").startsWith(f.pathPrefix)) return false;
    if (re && !re.test(name)) return false;
    if (tagKey !== undefined && taggable) {
      const t = (tags ?? []).find((x) => x.Key === tagKey);
      if (!t || (tagValue !== undefined && t.Value !== tagValue)) return false;
    }
    return true;
  };
}

/** The selected part of the account, and what was left out with a note. */
export interface Selection {
  readonly details: Required<AuthorizationDetails>;
  readonly leftOut: LeftOut[];
  /** Objects outside the filters (counted, not listed one by one). */
  readonly filteredOut: number;
}

/** Applies the filters and the fixed exclusions. */
export function select(details: AuthorizationDetails, filters: AdoptFilters): Selection {
  const ok = matcher(filters);
  const leftOut: LeftOut[] = [];
  let filteredOut = 0;
  const keep = <T>(items: T[] | undefined, test: (x: T) => boolean): T[] =>
    (items ?? []).filter((x) => {
      const t = test(x);
      if (!t) filteredOut++;
      return t;
    });
  const roles = (details.RoleDetailList ?? []).filter((r) => {
    if (!isServiceLinked(r)) return true;
    leftOut.push({ kind: "role", name: r.RoleName, reason: "service-linked role: created, changed and deleted only by its AWS service" });
    return false;
  });
  // Some producers (moto, older tools) leave PolicyName out: it is the last segment of the ARN.
  const named = (details.Policies ?? []).map((p) => (typeof p.PolicyName === "string" && p.PolicyName !== "" ? p : { ...p, PolicyName: p.Arn.slice(p.Arn.lastIndexOf("/") + 1) }));
  const policies = named.filter((p) => {
    if (!isAwsManagedArn(p.Arn)) return true;
    // get-account-authorization-details lists attached AWS managed policies too: they are referenced by name, not adopted.
    return false;
  });
  return {
    details: {
      RoleDetailList: keep(roles, (r) => ok(r.RoleName, r.Path, r.Tags, true)),
      UserDetailList: keep(details.UserDetailList, (u) => ok(u.UserName, u.Path, u.Tags, true)),
      GroupDetailList: keep(details.GroupDetailList, (g) => ok(g.GroupName, g.Path, undefined, false)),
      Policies: keep(policies, (p) => ok(p.PolicyName, p.Path, p.Tags, true)),
    },
    leftOut,
    filteredOut,
  };
}
