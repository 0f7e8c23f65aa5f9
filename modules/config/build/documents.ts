/** Policy documents of the file: statements, pasted JSON and presets, to the policy model. */
import { Condition, PolicyDocument, Principal, Statement } from "../../policy";
import type { ConditionValue, StatementProps } from "../../policy";
import { Presets } from "../../presets";
import type { Segment } from "../errors";
import type { DocumentConfig, PrincipalConfig, StatementConfig } from "../types";
import type { BuildContext } from "./context";
import type { Origin } from "./field-map";

/** Builds a document from statements and presets; reports preset problems. Undefined when a preset failed. */
export function buildDocument(ctx: BuildContext, spec: DocumentConfig, at: Segment[], partition: string): { doc: PolicyDocument; origins: Origin[] } | undefined {
  const statements: Statement[] = [];
  const origins: Origin[] = [];
  let ok = true;
  (spec.statements ?? []).forEach((s, i) => {
    try {
      statements.push(statementOf(s));
      origins.push({ kind: "statement", index: i, conditions: conditionKeys(s) });
    } catch (e) {
      ok = false;
      ctx.fromError(e, [...at, "statements", i]);
    }
  });
  if (spec.json !== undefined) {
    try {
      PolicyDocument.fromJson(spec.json, { path: "json" }).statements.forEach((s, i) => {
        statements.push(s);
        origins.push({ kind: "json", index: i });
      });
    } catch (e) {
      ok = false;
      ctx.fieldErrors(e, [...at, "json"]);
    }
  }
  (spec.presets ?? []).forEach((p, j) => {
    const { preset, ...args } = p as { preset: keyof typeof Presets } & Record<string, unknown>;
    try {
      const fn = Presets[preset] as (a: Record<string, unknown>) => PolicyDocument;
      const doc = fn({ ...args, partition });
      for (const s of doc.statements) {
        statements.push(s);
        origins.push({ kind: "preset", index: j, name: preset });
      }
    } catch (e) {
      ok = false;
      ctx.fieldErrors(e, [...at, "presets", j]);
    }
  });
  return ok ? { doc: new PolicyDocument({ statements }), origins } : undefined;
}

/** Builds the inline policies of an entry (`ok` false when one of them failed). */
export function buildInlineDocs(ctx: BuildContext, specs: Record<string, DocumentConfig> | undefined, at: Segment[], partition: string): { docs: Record<string, PolicyDocument>; origins: Map<string, Origin[]>; ok: boolean } {
  const docs: Record<string, PolicyDocument> = {};
  const origins = new Map<string, Origin[]>();
  let ok = true;
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const built = buildDocument(ctx, spec ?? {}, [...at, name], partition);
    if (!built) {
      ok = false;
      continue;
    }
    // defineProperty: a policy named "__proto__" (a valid IAM name) must not set the record's prototype.
    Object.defineProperty(docs, name, { value: built.doc, enumerable: true, writable: true, configurable: true });
    origins.set(name, built.origins);
  }
  return { docs, origins, ok };
}

function asList(v: string | string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

function principalOf(p: PrincipalConfig): Principal {
  if (p.service !== undefined) return Principal.service(p.service);
  if (p.account !== undefined) return Principal.account(p.account);
  if (p.federated !== undefined) return Principal.federated(p.federated);
  return Principal.arn(p.arn ?? "");
}

/** [operator, key] of each condition of a statement, in the order {@link statementOf} makes them. */
function conditionKeys(s: StatementConfig): [string, string][] {
  const out: [string, string][] = [];
  for (const [op, block] of Object.entries(s.conditions ?? {})) for (const key of Object.keys(block ?? {})) out.push([op, key]);
  return out;
}

/** A statement of the file -> a Statement of the policy model. */
export function statementOf(s: StatementConfig): Statement {
  const conditions: Condition[] = [];
  for (const [op, block] of Object.entries(s.conditions ?? {})) {
    for (const [key, values] of Object.entries(block ?? {})) conditions.push(Condition.of(op, key, values as ConditionValue | ConditionValue[]));
  }
  const props: StatementProps = {
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    ...(s.effect !== undefined ? { effect: s.effect } : {}),
    ...(s.actions !== undefined ? { actions: asList(s.actions) } : {}),
    ...(s.notActions !== undefined ? { notActions: asList(s.notActions) } : {}),
    ...(s.resources !== undefined ? { resources: asList(s.resources) } : {}),
    ...(s.notResources !== undefined ? { notResources: asList(s.notResources) } : {}),
    ...(s.principals !== undefined ? { principals: s.principals.map(principalOf) } : {}),
    ...(s.notPrincipals !== undefined ? { notPrincipals: s.notPrincipals.map(principalOf) } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(s.allowBroad !== undefined ? { allowBroad: { reason: s.allowBroad.reason } } : {}),
    ...(s.skipCatalogCheck !== undefined ? { skipCatalogCheck: { reason: s.skipCatalogCheck.reason } } : {}),
  };
  return new Statement(props);
}
