/**
 * Policy documents as sets of grants: one grant is one exact action (wildcards expanded through
 * the catalog) on one resource under one condition. Comparing two sets of grants tells who gains
 * and who loses what, whatever the way the documents were written.
 */
import type { ReviewCatalog } from "./catalog";

/** A statement read from a policy document, normalised (arrays, canonical condition). */
export interface NormStatement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  /** `Principal` entries as `Type:value` (for example `Service:ec2.amazonaws.com`, `AWS:*`). */
  readonly principals: readonly string[];
  readonly notPrincipals?: readonly string[];
  /** Canonical JSON of the `Condition` block, or undefined. */
  readonly condition?: string;
  /** Condition keys used (for example `sts:ExternalId`), lower case. */
  readonly conditionKeys: readonly string[];
}

/** A parsed policy document, or why it could not be read. */
export interface ParsedDocument {
  readonly statements: readonly NormStatement[];
  /** Non-whitespace characters of the compact JSON (how AWS measures policy size). */
  readonly size: number;
  /** True when the size is an estimate (the document holds values only known at apply time). */
  readonly sizeEstimated: boolean;
  /** Set when the document could not be read (for example it is computed by a data source). */
  readonly unreadable?: string;
  /** The written reasons its statements give for lifting a check (`"allowBroad: ..."`), when the source records them. */
  readonly optOutReasons?: readonly string[];
}

function arr(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

function principalsOf(p: unknown): string[] {
  if (p === undefined) return [];
  if (p === "*") return ["AWS:*"];
  if (typeof p !== "object" || p === null) return [`AWS:${String(p)}`];
  const out: string[] = [];
  for (const [type, values] of Object.entries(p as Record<string, unknown>)) for (const v of arr(values)) out.push(`${type}:${v}`);
  return out.sort();
}

/** Reads a policy argument (a JSON string, possibly with `${...}` placeholders, or an object). */
export function parseDocument(value: unknown): ParsedDocument {
  let doc: unknown = value;
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("${") && text.endsWith("}") && !text.startsWith("${{")) {
      return { statements: [], size: 0, sizeEstimated: true, unreadable: `computed at apply time from ${text}` };
    }
    try {
      doc = JSON.parse(text);
    } catch {
      return { statements: [], size: 0, sizeEstimated: true, unreadable: "not valid JSON" };
    }
  }
  if (typeof doc !== "object" || doc === null) return { statements: [], size: 0, sizeEstimated: false, unreadable: "not a JSON object" };
  const compact = JSON.stringify(doc);
  const size = compact.replace(/\s/g, "").length;
  const sizeEstimated = /\$\{[a-z][a-z0-9_]*\.[^}]*\}/.test(compact);
  const raw = (doc as Record<string, unknown>).Statement;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const statements: NormStatement[] = [];
  for (const s of list) {
    if (typeof s !== "object" || s === null) continue;
    const st = s as Record<string, unknown>;
    const condition = st.Condition && typeof st.Condition === "object" ? (st.Condition as Record<string, unknown>) : undefined;
    const conditionKeys: string[] = [];
    if (condition) for (const ops of Object.values(condition)) if (ops && typeof ops === "object") conditionKeys.push(...Object.keys(ops).map((k) => k.toLowerCase()));
    statements.push({
      sid: typeof st.Sid === "string" ? st.Sid : undefined,
      effect: st.Effect === "Deny" ? "Deny" : "Allow",
      actions: arr(st.Action),
      notActions: st.NotAction !== undefined ? arr(st.NotAction) : undefined,
      resources: arr(st.Resource),
      notResources: st.NotResource !== undefined ? arr(st.NotResource) : undefined,
      principals: principalsOf(st.Principal),
      notPrincipals: st.NotPrincipal !== undefined ? principalsOf(st.NotPrincipal) : undefined,
      condition: condition ? canonical(condition) : undefined,
      conditionKeys,
    });
  }
  return { statements, size, sizeEstimated };
}

/** One exact action on one resource, under one condition. */
export interface Grant {
  readonly effect: "Allow" | "Deny";
  /** Exact action (`s3:GetObject`), `*`, a pattern that matched nothing in the catalog, or `NotAction[...]`. */
  readonly action: string;
  readonly service: string;
  readonly accessLevel: string;
  /** One resource ARN or pattern, or `NotResource[...]`. */
  readonly resource: string;
  readonly condition?: string;
  /** The action pattern as written in the policy (`s3:Get*`). */
  readonly writtenAs: string;
  /** The policies it comes from (`inline policy \`objects\``), when known. */
  readonly sources?: readonly string[];
}

/** The identity of a grant in comparisons. */
export function grantKey(g: Grant): string {
  return `${g.effect}|${g.action.toLowerCase()}|${g.resource}|${g.condition ?? ""}`;
}

/** The grants of identity-policy statements (wildcards expanded). */
export function grantsOf(statements: readonly NormStatement[], catalog: ReviewCatalog): Grant[] {
  const out: Grant[] = [];
  for (const s of statements) {
    const resources = s.notResources ? [`NotResource${JSON.stringify(s.notResources)}`] : s.resources.length ? s.resources : ["(none)"];
    const actions: { action: string; service: string; accessLevel: string; writtenAs: string }[] = [];
    if (s.notActions) {
      actions.push({ action: `NotAction${JSON.stringify(s.notActions)}`, service: "*", accessLevel: "All except listed", writtenAs: "NotAction" });
    }
    for (const pattern of s.actions) {
      if (pattern === "*" || pattern === "*:*") {
        actions.push({ action: "*", service: "*", accessLevel: "All", writtenAs: pattern });
        continue;
      }
      const exact = /[*?]/.test(pattern) ? catalog.expand(pattern) : [pattern];
      if (exact.length === 0) {
        const f = catalog.facts(pattern);
        actions.push({ action: pattern, service: f.service, accessLevel: "Unknown", writtenAs: pattern });
        continue;
      }
      for (const a of exact) {
        const f = catalog.facts(a);
        actions.push({ action: f.action, service: f.service, accessLevel: f.accessLevel, writtenAs: pattern });
      }
    }
    for (const a of actions) for (const r of resources) out.push({ effect: s.effect, ...a, resource: r, condition: s.condition });
  }
  return out;
}

/** Permissions of the same service, access level, resources and condition, gathered for display. */
export interface PermissionGroup {
  readonly effect: "Allow" | "Deny";
  readonly service: string;
  readonly serviceTitle: string;
  readonly accessLevel: string;
  /** Action names without the service prefix, sorted (`GetObject`), or `*` / `NotAction[...]`. */
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: string;
  /** The policies these permissions come from. */
  readonly sources: readonly string[];
}

const LEVEL_ORDER = ["All", "All except listed", "Permissions management", "Write", "Tagging", "Read", "List", "Unknown"];

/** Groups grants by effect, service, access level, then by identical resources and condition. */
export function groupGrants(grants: readonly Grant[], catalog: ReviewCatalog): PermissionGroup[] {
  // action -> resources
  const perAction = new Map<string, { g: Grant; resources: Set<string> }>();
  for (const g of grants) {
    const k = `${g.effect}|${g.service}|${g.accessLevel}|${g.action}|${g.condition ?? ""}|${(g.sources ?? []).join("\n")}`;
    let e = perAction.get(k);
    if (!e) perAction.set(k, (e = { g, resources: new Set() }));
    e.resources.add(g.resource);
  }
  const groups = new Map<string, { first: Grant; actions: string[]; resources: string[] }>();
  for (const { g, resources } of perAction.values()) {
    const res = [...resources].sort();
    const k = `${g.effect}|${g.service}|${g.accessLevel}|${g.condition ?? ""}|${res.join("\n")}|${(g.sources ?? []).join("\n")}`;
    let e = groups.get(k);
    if (!e) groups.set(k, (e = { first: g, actions: [], resources: res }));
    const i = g.action.indexOf(":");
    e.actions.push(g.service !== "*" && i > 0 && !g.action.startsWith("NotAction") ? g.action.slice(i + 1) : g.action);
  }
  const out: PermissionGroup[] = [...groups.values()].map(({ first, actions, resources }) => ({
    effect: first.effect,
    service: first.service,
    serviceTitle: first.service === "*" ? "All services" : catalog.serviceTitle(first.service),
    accessLevel: first.accessLevel,
    actions: [...new Set(actions)].sort(),
    resources,
    condition: first.condition,
    sources: first.sources ?? [],
  }));
  // The catalog writes combined levels such as "Permissions management, Write": order by the first one.
  const level = (l: string): number => {
    const i = LEVEL_ORDER.findIndex((x) => l === x || l.startsWith(`${x},`));
    return i < 0 ? LEVEL_ORDER.length : i;
  };
  return out.sort(
    (a, b) =>
      (a.effect === b.effect ? 0 : a.effect === "Allow" ? -1 : 1) ||
      (a.service === "*" ? -1 : b.service === "*" ? 1 : a.service.localeCompare(b.service)) ||
      level(a.accessLevel) - level(b.accessLevel) ||
      a.resources.join().localeCompare(b.resources.join()) ||
      (a.condition ?? "").localeCompare(b.condition ?? ""),
  );
}
