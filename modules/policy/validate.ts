/**
 * Validation of a policy document for one use (identity, trust or resource policy).
 *
 * Every check returns problems instead of throwing, so that one run reports everything wrong with a
 * document. Each problem names the field (`statements[2].actions[0]`), the bad value, the rule and the fix;
 * the caller gives the construct path.
 */
import {
  actionInfo,
  actionPatternMatches,
  actionResourceTypes,
  arnTemplateToRegExp,
  closeActionMatches,
  closeConditionKeys,
  closeServiceMatches,
  conditionKeyStatus,
  expandAction,
  rankByDistance,
  serviceExists,
  serviceName,
  wildcardToRegExp,
} from "../catalog/actions";
import { chinaSuffixServices, closeServicePrincipals, isListedServicePrincipal, servicePrincipalsSource } from "../catalog/service-principals";
import { Problem, showValue } from "../core/errors";
import { checkArn, isPattern, parseArn } from "./arn";
import { CONDITION_OPERATORS, Condition } from "./condition";
import { documentText } from "./document-text";
import { PolicyHardLimits, PolicyLimitName, PolicyLimits, policySize } from "./limits";
import { Principal } from "./principal";
import { PolicyUse, Statement } from "./statement";

/** Options of {@link validateStatements} (and `PolicyDocument.validate`). */
export interface ValidateOptions {
  /** Construct path (or file location) reported in every problem. */
  readonly path: string;
  /** Prefix for field names, for example `document` gives `document.statements[0].actions[1]`. Default: none. */
  readonly field?: string;
  /**
   * Tells references to other resources (left for Terraform to resolve) from literal strings; a reference is
   * not shape-checked. Default: {@link looksLikeReference} (CDKTF token markers).
   */
  readonly isReference?: (s: string) => boolean;
  /** Partition of the stack; literal ARNs in another partition are reported. Default: any partition. */
  readonly partition?: string;
  /**
   * Which size limit applies. Default: `trust` for trust policies; none for identity policies (a managed policy
   * passes `managed`; inline policies count against a per-role/user/group total the holder checks) and for
   * resource policies (their limits depend on the service). `false`: no size check.
   */
  readonly limit?: PolicyLimitName | false;
  /** A raised quota (non-whitespace characters) declared by the caller, where AWS allows raising it. Default: none. */
  readonly maxSize?: number;
}

/** The actions a role trust policy may allow. */
export const TRUST_ACTIONS = [
  "sts:AssumeRole",
  "sts:AssumeRoleWithSAML",
  "sts:AssumeRoleWithWebIdentity",
  "sts:SetContext",
  "sts:SetSourceIdentity",
  "sts:TagSession",
] as const;

/** True for strings holding a CDKTF token (a reference to another resource, resolved by Terraform). */
export function looksLikeReference(s: string): boolean {
  return /[$#]\{TfToken\[/.test(s) || /^-?1\.\d+e\+289$/.test(s);
}

const USE_LABEL: Record<PolicyUse, string> = { identity: "an identity policy", trust: "a trust policy", resource: "a resource policy" };
const DEFAULT_LIMIT: Record<PolicyUse, PolicyLimitName | false> = { identity: false, trust: "trust", resource: false };
const LIMIT_LABEL: Record<PolicyLimitName, string> = {
  managed: "A managed policy",
  roleInlineTotal: "The inline policies of a role together",
  userInlineTotal: "The inline policies of a user together",
  groupInlineTotal: "The inline policies of a group together",
  trust: "A role trust policy",
};

const BROAD_FIX = "or set allowBroad: { reason: \"...\" } on the statement to accept it knowingly.";

/** Collects problems of one document. */
class Collector {
  readonly problems: Problem[] = [];
  constructor(
    private readonly path: string,
    private readonly prefix: string,
  ) {}
  add(field: string, value: unknown, rule: string, fix: string): void {
    const f = this.prefix ? (field ? `${this.prefix}.${field}` : this.prefix) : field;
    this.problems.push({ path: this.path, field: f, value: value === undefined ? undefined : showValue(value), rule, fix });
  }
}

/**
 * Every problem of `statements` used as a policy of kind `use`. Pure: no exceptions for bad input.
 */
export function validateStatements(statements: readonly Statement[], use: PolicyUse, opts: ValidateOptions): Problem[] {
  const c = new Collector(opts.path, opts.field ?? "");
  const isRef = opts.isReference ?? looksLikeReference;

  if (statements.length === 0) {
    c.add("statements", undefined, "A policy document needs at least one statement.", "Add a statement, or leave the policy out.");
  }

  const sids = new Map<string, number>();
  statements.forEach((s, i) => {
    const sid = s.props.sid;
    if (sid === undefined) return;
    const first = sids.get(sid);
    if (first !== undefined) {
      c.add(
        `statements[${i}].sid`,
        sid,
        `Sid "${sid}" is already used by statements[${first}]; a Sid must be unique in its document.`,
        "Give each statement its own Sid, or drop the Sid.",
      );
    } else sids.set(sid, i);
  });

  statements.forEach((s, i) => validateStatementOnce(c, s, i, use, isRef, opts.partition));

  checkSize(c, statements, use, opts);
  return c.problems;
}

function checkSize(c: Collector, statements: readonly Statement[], use: PolicyUse, opts: ValidateOptions): void {
  const limitName = opts.limit === undefined ? DEFAULT_LIMIT[use] : opts.limit;
  if (limitName === false) return;
  const base = PolicyLimits[limitName];
  const hard = (PolicyHardLimits as Record<string, number | undefined>)[limitName];
  let limit: number = base;
  if (opts.maxSize !== undefined) {
    if (!Number.isInteger(opts.maxSize) || opts.maxSize < base) {
      c.add("maxSize", opts.maxSize, `A declared quota must be a whole number of at least the default ${base}.`, "Declare the quota your account has, or leave maxSize out.");
    } else if (hard === undefined && opts.maxSize !== base) {
      c.add("maxSize", opts.maxSize, `${LIMIT_LABEL[limitName]} is limited to ${base} characters; AWS does not raise this quota.`, "Leave maxSize out and split the policy instead.");
    } else if (hard !== undefined && opts.maxSize > hard) {
      c.add("maxSize", opts.maxSize, `AWS raises this quota to at most ${hard} characters.`, `Declare at most ${hard}, the quota your account has.`);
    } else limit = opts.maxSize;
  }
  const size = policySize(documentText(statements.map((s) => s.toJsonText())));
  if (size > limit) {
    const raise =
      hard !== undefined && limit < hard
        ? ` or have the quota raised (up to ${hard}) and declare it with maxSize`
        : "";
    c.add(
      "",
      `${size} characters`,
      `${LIMIT_LABEL[limitName]} may hold at most ${limit} non-whitespace characters; this one has ${size}.`,
      `Split it into several policies, merge statements with PolicyDocument.merged(), or shorten ARNs with wildcards that keep least privilege${raise}.`,
    );
  }
}

/** Field name of a props list. */
type ListField = "actions" | "notActions" | "resources" | "notResources" | "principals" | "notPrincipals";

/**
 * Statements found valid, with the reference tests, uses and partitions they were found valid for. A statement
 * is immutable and its problems depend only on itself, the use, the partition and the reference test (a pure
 * function of a string; the index only labels the problems), so a statement shared by many documents (a preset
 * in 1,000 policies, validated by each ManagedPolicy when it is made and again at synth) is checked once per
 * reference test, use and partition. Only clean results are remembered: a statement with problems is checked,
 * and reported, every time.
 */
const validStatements = new WeakMap<Statement, Map<(s: string) => boolean, Set<string>>>();

function validateStatementOnce(c: Collector, s: Statement, i: number, use: PolicyUse, isRef: (s: string) => boolean, partition?: string): void {
  const key = `${use}\u0000${partition ?? ""}`;
  if (validStatements.get(s)?.get(isRef)?.has(key)) return;
  const before = c.problems.length;
  validateStatement(c, s, i, use, isRef, partition);
  if (c.problems.length !== before) return;
  const byTest = validStatements.get(s) ?? new Map<(s: string) => boolean, Set<string>>();
  const seen = byTest.get(isRef) ?? new Set<string>();
  seen.add(key);
  byTest.set(isRef, seen);
  validStatements.set(s, byTest);
}

function validateStatement(c: Collector, s: Statement, i: number, use: PolicyUse, isRef: (s: string) => boolean, partition?: string): void {
  const p = s.props;
  const at = `statements[${i}]`;
  const allow = p.effect === "Allow";
  const optedIn = p.allowBroad !== undefined && typeof p.allowBroad.reason === "string" && p.allowBroad.reason.trim() !== "";
  const skipCatalog = p.skipCatalogCheck !== undefined && typeof p.skipCatalogCheck.reason === "string" && p.skipCatalogCheck.reason.trim() !== "";

  if (p.effect !== "Allow" && p.effect !== "Deny") {
    c.add(`${at}.effect`, p.effect, 'Effect is "Allow" or "Deny".', 'Write "Allow" or "Deny" (capitalised).');
  }
  if (p.sid !== undefined && !/^[A-Za-z0-9]+$/.test(p.sid)) {
    c.add(`${at}.sid`, p.sid, "A Sid may contain only the letters A-Z, a-z and the digits 0-9.", "Remove spaces, dashes and other characters from the Sid.");
  }
  if (p.skipCatalogCheck !== undefined && !(typeof p.skipCatalogCheck.reason === "string" && p.skipCatalogCheck.reason.trim() !== "")) {
    c.add(`${at}.skipCatalogCheck.reason`, p.skipCatalogCheck?.reason ?? "", "A skipCatalogCheck opt-out needs a written reason.", "Say why the catalog is wrong for this statement, in one sentence.");
  }
  if (p.allowBroad !== undefined && !optedIn) {
    c.add(`${at}.allowBroad.reason`, p.allowBroad?.reason ?? "", "An allowBroad opt-in needs a written reason.", "Say why the broad grant is needed, in one sentence.");
  }

  // Empty lists.
  for (const f of ["actions", "notActions", "resources", "notResources", "principals", "notPrincipals"] as ListField[]) {
    const list = p[f];
    if (list !== undefined && list.length === 0) {
      c.add(`${at}.${f}`, [], `${f} is an empty list.`, `List at least one entry, or leave ${f} out.`);
    }
  }

  // Mutually exclusive pairs.
  const pairs: [ListField, ListField, string][] = [
    ["actions", "notActions", "action"],
    ["resources", "notResources", "resource"],
    ["principals", "notPrincipals", "principal"],
  ];
  for (const [a, b] of pairs) {
    if (p[a] !== undefined && p[b] !== undefined) {
      c.add(at, undefined, `A statement has either ${a} or ${b}, not both.`, `Keep one of the two lists; express exceptions with a separate Deny statement.`);
    }
  }

  // Presence rules per use.
  if (p.actions === undefined && p.notActions === undefined) {
    c.add(at, undefined, "A statement needs actions (or notActions).", 'List the actions it is about, for example actions: ["s3:GetObject"].');
  }
  const hasResource = p.resources !== undefined || p.notResources !== undefined;
  const hasPrincipal = p.principals !== undefined || p.notPrincipals !== undefined;
  if (use === "identity") {
    if (!hasResource) {
      c.add(at, undefined, "A statement of an identity policy needs resources (or notResources).", 'List the resource ARNs, or ["*"] for actions that do not support resource-level permissions.');
    }
    if (hasPrincipal) {
      c.add(
        p.principals !== undefined ? `${at}.principals` : `${at}.notPrincipals`,
        undefined,
        "An identity policy has no principals: it applies to the user, group or role it is attached to.",
        "Remove the principals, or use the document as a trust or resource policy.",
      );
    }
  } else if (use === "trust") {
    if (hasResource) {
      c.add(
        p.resources !== undefined ? `${at}.resources` : `${at}.notResources`,
        undefined,
        "A trust policy has no resources: the resource is the role itself.",
        "Remove the resources.",
      );
    }
    if (p.principals === undefined) {
      c.add(at, undefined, "A statement of a trust policy needs principals.", 'Name who may assume the role, for example principals: [Principal.service("ec2.amazonaws.com")].');
    }
    if (p.notPrincipals !== undefined) {
      c.add(`${at}.notPrincipals`, undefined, "A trust policy cannot use notPrincipals.", "Name the principals that may assume the role.");
    }
    if (p.notActions !== undefined) {
      c.add(`${at}.notActions`, undefined, "A trust policy cannot use notActions.", `List the actions: ${TRUST_ACTIONS.join(", ")}.`);
    }
  } else if (!hasPrincipal) {
    c.add(at, undefined, "A statement of a resource policy needs principals (or notPrincipals).", "Name who the statement applies to.");
  }

  // Actions.
  for (const f of ["actions", "notActions"] as const) {
    (p[f] ?? []).forEach((a, j) => {
      const field = `${at}.${f}[${j}]`;
      if (typeof a !== "string") {
        c.add(field, a, "An action is a string.", 'Write it like "s3:GetObject".');
        return;
      }
      if (isRef(a)) return;
      if (!checkAction(c, field, a, skipCatalog)) return;
      if (use === "trust" && f === "actions") checkTrustAction(c, field, a);
    });
  }

  // Resources.
  for (const f of ["resources", "notResources"] as const) {
    (p[f] ?? []).forEach((r, j) => {
      const field = `${at}.${f}[${j}]`;
      if (typeof r !== "string") {
        c.add(field, r, "A resource is a string.", 'Write an ARN such as "arn:aws:s3:::my-bucket/*", or "*".');
        return;
      }
      if (r === "*" || isRef(r)) return;
      if (!r.startsWith("arn:")) {
        c.add(field, r, 'A resource is "*" or an ARN "arn:partition:service:region:account:resource".', "Write the full ARN, or pass the ARN attribute of the resource.");
        return;
      }
      for (const issue of checkArn(r, partition)) c.add(field, r, issue.rule, issue.fix);
    });
  }

  // Actions apply to the resources listed.
  if (use !== "trust") checkResourceTypes(c, s, at, isRef);

  // Principals.
  for (const f of ["principals", "notPrincipals"] as const) {
    (p[f] ?? []).forEach((pr, j) => {
      if (use === "trust" && pr instanceof Principal && pr.kind === "CanonicalUser") {
        c.add(`${at}.${f}[${j}]`, pr.value, "A CanonicalUser principal (an S3 canonical user id) cannot assume a role; role trust policies accept AWS, Service and Federated principals.", "Trust the account instead: Principal.account(\"<12-digit account id>\").");
        return;
      }
      checkPrincipal(c, `${at}.${f}[${j}]`, pr, isRef, partition, skipCatalog);
    });
  }

  // Conditions.
  checkConditions(c, `${at}.conditions`, p.conditions ?? [], isRef, skipCatalog);

  // Characters IAM accepts.
  for (const [field, value] of stringsOf(s, at)) {
    if (isRef(value)) continue;
    const bad = [...value].find((ch) => !isIamChar(ch));
    if (bad !== undefined) {
      const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      c.add(
        field,
        value,
        `IAM accepts only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy; found U+${code}.`,
        "Remove or replace the character.",
      );
    }
  }

  // Least privilege.
  if (allow && !optedIn) {
    const resources = p.resources ?? [];
    const onAll = resources.includes("*");
    const broad = new Set<number>();
    (p.actions ?? []).forEach((a, j) => {
      if (typeof a !== "string" || !onAll || isRef(a)) return;
      if (a === "*" || /^[a-z0-9-]+:\*$/i.test(a) || a === "*:*") {
        broad.add(j);
        const what = a === "*" || a === "*:*" ? "every action of every service" : `every action of ${a.split(":")[0]}`;
        c.add(`${at}.actions[${j}]`, a, `Allow of "${a}" on resource "*" grants ${what} on every resource.`, `List the actions and resources needed, ${BROAD_FIX}`);
      }
    });
    (p.actions ?? []).forEach((a, j) => {
      if (typeof a !== "string" || broad.has(j) || isRef(a) || !onAll) return;
      if (wildcardToRegExp(a).test("iam:PassRole")) {
        c.add(
          `${at}.actions[${j}]`,
          a,
          'iam:PassRole on resource "*" lets the holder hand any role to a service.',
          `Name the role ARNs that may be passed (and add a condition on iam:PassedToService), ${BROAD_FIX}`,
        );
      }
    });
    const nots: [ListField, string][] = [
      ["notActions", "grants every other action, including actions AWS adds later"],
      ["notResources", "grants access to every other resource, including resources created later"],
      ["notPrincipals", "grants access to everyone else, including anonymous callers"],
    ];
    for (const [f, what] of nots) {
      if (p[f] !== undefined) c.add(`${at}.${f}`, undefined, `Allow with ${f} ${what}.`, `Allow the specific ${f.slice(3).toLowerCase()} instead, ${BROAD_FIX}`);
    }
  }
}

/**
 * Each exact action must apply to at least one of the statement's resources: IAM silently never matches an action
 * against a resource of another type (`s3:GetObject` on a bucket ARN), and an action without resource-level
 * permissions only matches `"*"`. Checked only when every resource is a well-formed literal ARN without wildcards
 * or variables (anything else might match, or is reported already).
 */
function checkResourceTypes(c: Collector, s: Statement, at: string, isRef: (s: string) => boolean): void {
  const p = s.props;
  const resources = p.resources;
  if (!resources || resources.length === 0 || (typeof p.skipCatalogCheck?.reason === "string" && p.skipCatalogCheck.reason.trim())) return;
  const literal = resources.every((r) => typeof r === "string" && !isRef(r) && r.startsWith("arn:") && !isPattern(r) && checkArn(r).length === 0);
  if (!literal) return;
  const OPT_OUT = "skipCatalogCheck: { reason }";
  (p.actions ?? []).forEach((a, j) => {
    if (typeof a !== "string" || isRef(a) || isPattern(a)) return;
    const types = actionResourceTypes(a);
    const info = actionInfo(a);
    if (!types || !info) return;
    const name = `${info.service}:${info.name}`;
    if (types.length === 0) {
      c.add(
        `${at}.actions[${j}]`,
        a,
        `${name} does not support resource-level permissions: it matches only resource "*", never the ARNs listed.`,
        `Move it to a statement with resources: ["*"] (narrow it with conditions if needed), or set ${OPT_OUT} if the catalog is behind AWS.`,
      );
      return;
    }
    const matches = resources.some((r) => types.some((t) => arnTemplateToRegExp(t.arn).test(r)));
    if (!matches) {
      const shown = types.slice(0, 3).map((t) => `${t.name}: ${t.arn}`);
      c.add(
        `${at}.actions[${j}]`,
        a,
        `${name} applies to ${shown.join("; ")}${types.length > 3 ? "; ..." : ""}; none of the statement's resources is one, so it never matches.`,
        `Add a resource ARN of that type (or "*"), or move the action to a statement whose resources match; set ${OPT_OUT} if the catalog is behind AWS.`,
      );
    }
  });
}

function isIamChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0x20 && cp <= 0xff);
}

/** Every string of a statement with its field name. */
function* stringsOf(s: Statement, at: string): Generator<[string, string]> {
  const p = s.props;
  if (typeof p.sid === "string") yield [`${at}.sid`, p.sid];
  for (const f of ["actions", "notActions", "resources", "notResources"] as const) {
    for (const [j, v] of (p[f] ?? []).entries()) if (typeof v === "string") yield [`${at}.${f}[${j}]`, v];
  }
  for (const f of ["principals", "notPrincipals"] as const) {
    for (const [j, v] of (p[f] ?? []).entries()) if (v instanceof Principal) yield [`${at}.${f}[${j}]`, v.value];
  }
  for (const [j, cond] of (p.conditions ?? []).entries()) {
    if (!(cond instanceof Condition)) continue;
    yield [`${at}.conditions[${j}].key`, cond.key];
    for (const [k, v] of cond.values.entries()) yield [`${at}.conditions[${j}].values[${k}]`, v];
  }
}

/** Checks one action or pattern against the catalog; returns true when it names existing actions. */
function checkAction(c: Collector, field: string, a: string, skipCatalog: boolean): boolean {
  if (a === "*") return true;
  const m = /^([A-Za-z0-9*?-]+):([A-Za-z0-9*?]+)$/.exec(a);
  if (!m) {
    c.add(field, a, 'An action is written "service:ActionName" (wildcards * and ? allowed), or "*".', 'Write it like "s3:GetObject".');
    return false;
  }
  if (skipCatalog) return true;
  const [, svc, name] = m;
  if (!isPattern(svc) && !serviceExists(svc)) {
    const close = closeServiceMatches(svc);
    c.add(
      field,
      a,
      `"${svc}" is not the prefix of an AWS service.`,
      close.length ? `Did you mean ${close.map((x) => `"${x}"`).join(" or ")}?` : "Check the service prefix in the AWS Service Authorization Reference.",
    );
    return false;
  }
  if (!isPattern(a)) {
    if (actionInfo(a)) return true;
    const close = closeActionMatches(a);
    c.add(
      field,
      a,
      `"${name}" is not an action of ${svc.toLowerCase()} (${serviceName(svc)}).`,
      close.length ? `Did you mean ${close.join(" or ")}?` : "Check the action name in the AWS Service Authorization Reference.",
    );
    return false;
  }
  if (!actionPatternMatches(a)) {
    c.add(field, a, `The pattern "${a}" matches no action.`, "Correct the pattern so that it matches at least one existing action.");
    return false;
  }
  return true;
}

function checkTrustAction(c: Collector, field: string, a: string): void {
  const allowed = new Set(TRUST_ACTIONS.map((x) => x.toLowerCase()));
  const matched = a === "*" ? ["*"] : isPattern(a) ? expandAction(a) : [a];
  const outside = matched.filter((x) => !allowed.has(x.toLowerCase()));
  if (outside.length) {
    const extra = isPattern(a) ? ` (it also matches ${outside.slice(0, 3).join(", ")}${outside.length > 3 ? ", ..." : ""})` : "";
    c.add(
      field,
      a,
      `A trust policy may allow only ${TRUST_ACTIONS.join(", ")}${extra}.`,
      "List those actions by name; grant other permissions in a policy attached to the role.",
    );
  }
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;
const WEB_IDENTITY_HOST = /^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/;

function checkPrincipal(c: Collector, field: string, pr: Principal, isRef: (s: string) => boolean, partition?: string, skipCatalog = false): void {
  if (!(pr instanceof Principal)) {
    c.add(field, pr, "A principal is made with the Principal factories.", 'Use Principal.service("ec2.amazonaws.com"), Principal.account("123456789012"), Principal.arn(...) or Principal.federated(...).');
    return;
  }
  const v = pr.value;
  if (typeof v !== "string") {
    c.add(field, v, "A principal value is a string.", "Pass a string.");
    return;
  }
  if (isRef(v)) return;
  switch (pr.source) {
    case "anyone":
      if (!pr.reason || pr.reason.trim() === "") {
        c.add(
          field,
          "*",
          'Principal "*" (anyone, including anonymous callers) needs an explicit opt-in with a written reason.',
          'Name the principals, or use Principal.anyone({ reason: "..." }) and narrow it with a condition such as aws:PrincipalOrgID.',
        );
      }
      return;
    case "service":
      if (!SERVICE_PRINCIPAL.test(v)) {
        c.add(field, v, 'A service principal is a DNS name such as "ec2.amazonaws.com".', "Use the service principal from the service's documentation.");
      } else if (!skipCatalog && !isListedServicePrincipal(v)) {
        checkListedService(c, field, v);
      } else {
        const form = partition !== undefined ? servicePrincipalForm(v, partition) : undefined;
        if (form) c.add(field, v, form.rule, form.fix);
      }
      return;
    case "account":
      if (!/^\d{12}$/.test(v)) {
        c.add(field, v, "An account principal is a 12-digit AWS account id.", "Pass the 12-digit account id as a string (keep leading zeros).");
      } else if (pr.partition !== undefined && partition !== undefined && pr.partition !== partition) {
        c.add(field, v, `The account principal is in partition "${pr.partition}" but the stack is in partition "${partition}".`, "Leave the partition out to use the stack's.");
      }
      return;
    case "arn":
      checkPrincipalArn(c, field, v, partition);
      return;
    case "federated":
      if (v.startsWith("arn:")) {
        const a = parseArn(v);
        if (!a || a.service !== "iam" || !/^(saml-provider|oidc-provider)\/.+/.test(a.resource)) {
          c.add(field, v, "A federated principal ARN names an IAM SAML or OIDC provider (arn:aws:iam::<account>:saml-provider/<name> or oidc-provider/<host>).", "Use the provider's ARN.");
          return;
        }
        for (const issue of checkArn(v, partition)) c.add(field, v, issue.rule, issue.fix);
      } else if (!WEB_IDENTITY_HOST.test(v)) {
        c.add(field, v, 'A federated principal is a provider ARN or a web identity host such as "cognito-identity.amazonaws.com".', "Use the provider's ARN or host name.");
      }
      return;
    case "canonical":
      if (!/^[0-9a-f]{64}$/.test(v)) {
        c.add(field, v, "A canonical user id is 64 hexadecimal characters.", "Use the canonical user id, or prefer an account principal.");
      }
      return;
  }
}

function checkPrincipalArn(c: Collector, field: string, v: string, partition?: string): void {
  const a = parseArn(v);
  const shape =
    a !== undefined &&
    ((a.service === "iam" && /^(root|(user|role)\/.+)$/.test(a.resource) && /^(\d{12}|cloudfront)$/.test(a.account)) ||
      (a.service === "sts" && /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(a.resource) && /^\d{12}$/.test(a.account)));
  if (!shape) {
    c.add(
      field,
      v,
      "A principal ARN names an account root, IAM user, IAM role or role session (arn:aws:iam::123456789012:role/name).",
      "Pass the ARN of a role or user, or use Principal.account(...) or Principal.service(...).",
    );
    return;
  }
  if (/[*?]/.test(v)) {
    c.add(field, v, "A principal ARN cannot hold wildcards.", 'Name the principal exactly, or allow a wider principal and narrow it with a condition on "aws:PrincipalArn".');
    return;
  }
  for (const issue of checkArn(v, partition)) c.add(field, v, issue.rule, issue.fix);
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d+)$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;
const IPV6_CIDR = /^[0-9A-Fa-f:]+(\/\d{1,3})?$/;

function checkConditions(c: Collector, at: string, conditions: readonly Condition[], isRef: (s: string) => boolean, skipCatalog: boolean): void {
  const seen = new Map<string, number>();
  conditions.forEach((cond, j) => {
    const field = `${at}[${j}]`;
    if (!(cond instanceof Condition)) {
      c.add(field, cond, "A condition is made with the Condition factories.", 'Use Condition.stringEquals("aws:PrincipalOrgID", "o-...") and the like.');
      return;
    }
    const op = cond.operator as string;
    if (!(CONDITION_OPERATORS as readonly string[]).includes(op)) {
      const close = rankByDistance(op, CONDITION_OPERATORS, 2);
      c.add(
        `${field}.operator`,
        cond.fullOperator,
        `"${op}" is not an IAM condition operator.`,
        close.length ? `Did you mean ${close.join(" or ")}?` : "Use a condition operator from the IAM reference (StringEquals, ArnLike, Bool, ...).",
      );
      return;
    }
    if (op === "Null" && cond.hasIfExists) {
      c.add(`${field}.operator`, cond.fullOperator, "The Null operator cannot take IfExists.", "Use Null alone.");
    }
    if (!/^[A-Za-z0-9.-]+:[^\s]+$/.test(cond.key) && !isRef(cond.key)) {
      c.add(`${field}.key`, cond.key, 'A condition key is written "prefix:name", for example "aws:SourceIp".', "Use a context key from the IAM reference.");
    } else if (!skipCatalog && !isRef(cond.key) && conditionKeyStatus(cond.key) === "unknown") {
      const close = closeConditionKeys(cond.key);
      const prefix = cond.key.slice(0, cond.key.indexOf(":")).toLowerCase();
      c.add(
        `${field}.key`,
        cond.key,
        `"${cond.key}" is not a condition key AWS knows (${prefix === "aws" ? "global keys" : `global keys and keys of ${prefix}`}); a request never carries it.`,
        close.length
          ? `Did you mean ${close.join(" or ")}?`
          : "Check the key in the AWS Service Authorization Reference, or set skipCatalogCheck: { reason } if the catalog is behind AWS.",
      );
    }
    const id = `${cond.fullOperator} ${cond.key}`;
    const first = seen.get(id);
    if (first !== undefined) {
      c.add(
        field,
        `${cond.fullOperator} ${cond.key}`,
        `conditions[${first}] already tests ${cond.key} with ${cond.fullOperator}; a JSON policy can hold the pair only once.`,
        "Put all values in one condition (values of one key are ORed).",
      );
    } else seen.set(id, j);
    if (cond.values.length === 0) {
      c.add(`${field}.values`, [], "A condition needs at least one value.", "Give the value(s) to compare with.");
    }
    cond.values.forEach((v, k) => {
      if (isRef(v)) return;
      const vf = `${field}.values[${k}]`;
      if ((op === "Bool" || op === "Null") && v !== "true" && v !== "false") {
        c.add(vf, v, `${op} compares with "true" or "false".`, "Pass a boolean.");
      } else if (op.startsWith("Numeric") && !NUMBER.test(v)) {
        c.add(vf, v, `${op} compares with a number.`, "Pass a number.");
      } else if (op.startsWith("Date") && !DATE.test(v)) {
        c.add(vf, v, `${op} compares with an ISO 8601 date (2026-01-31T00:00:00Z) or epoch seconds.`, "Pass a Date or an ISO 8601 string.");
      } else if (op === "IpAddress" || op === "NotIpAddress") {
        const m4 = IPV4_CIDR.exec(v);
        const ok = m4 ? [1, 2, 3, 4].every((n) => Number(m4[n]) <= 255) && (m4[6] === undefined || Number(m4[6]) <= 32) : IPV6_CIDR.test(v) && v.includes(":");
        if (!ok) c.add(vf, v, `${op} compares with an IP address or CIDR block such as 203.0.113.0/24.`, "Pass a CIDR block.");
      } else if (op.startsWith("Arn") && v !== "*" && !v.startsWith("arn:")) {
        c.add(vf, v, `${op} compares with ARNs ("arn:partition:service:region:account:resource").`, "Pass full ARNs (wildcards allowed).");
      }
    });
  });
}

/** Human label of a use, for messages. */
export function useLabel(use: PolicyUse): string {
  return USE_LABEL[use];
}

/**
 * A well-formed service principal that no published data names: a typo (`ec3.amazonaws.com`) or a service newer
 * than the data. Refused unless the statement opts out of the catalog checks with a reason.
 */
function checkListedService(c: Collector, field: string, v: string): void {
  const close = closeServicePrincipals(v);
  c.add(
    field,
    v,
    `This service principal is not one AWS is known to use (checked against the service principals named in AWS managed policies, ${servicePrincipalsSource}, and "<service prefix>.amazonaws.com" for every service of the action catalog).`,
    `${close.length ? `Did you mean ${close.map((x) => `"${x}"`).join(" or ")}? ` : ""}Use the principal from the service's documentation; if the service is newer than the data, set skipCatalogCheck: { reason } on the statement.`,
  );
}

/**
 * The partition's form of a service principal: `.amazonaws.com.cn` only in aws-cn (and there only for the services
 * AWS managed policies name in that form, see catalog/service-principals.ts; EC2's China principal is
 * `ec2.amazonaws.com.cn`, AWS China documentation, "Service principals"), the isolated
 * partitions' suffixes only in theirs. Undefined when the form fits.
 */
function servicePrincipalForm(v: string, partition: string): { rule: string; fix: string } | undefined {
  const [service = ""] = v.split(".");
  if (v.endsWith(".amazonaws.com.cn")) {
    if (partition !== "aws-cn") return { rule: `"${v}" is the China (aws-cn) form of a service principal, but the stack is in partition "${partition}".`, fix: `Use the service principal "${service}.amazonaws.com" (the form of partition ${partition}).` };
    if (!chinaSuffixServices().has(service)) return { rule: `In the China partition only ${[...chinaSuffixServices()].sort().join(", ")} have principals ending in .amazonaws.com.cn (as AWS managed policies name them); ${service} keeps "${service}.amazonaws.com".`, fix: `Use the service principal "${service}.amazonaws.com" (the form of partition ${partition}).` };
    return undefined;
  }
  if (partition === "aws-cn" && service === "ec2" && v === `${service}.amazonaws.com`) {
    return { rule: `In the China partition the ${service} service principal is "${service}.amazonaws.com.cn".`, fix: `Use the service principal "${service}.amazonaws.com.cn" (the form of partition ${partition}).` };
  }
  for (const [suffix, owner] of [[".c2s.ic.gov", "aws-iso"], [".sc2s.sgov.gov", "aws-iso-b"]] as const) {
    if (v.endsWith(suffix) && partition !== owner) return { rule: `"${v}" is the ${owner} form of a service principal, but the stack is in partition "${partition}".`, fix: `Use the service principal "${service}.amazonaws.com" (the form of partition ${partition}).` };
  }
  return undefined;
}
