/**
 * A policy document: an ordered list of statements, rendered to deterministic JSON.
 */
import { readJsonText } from "../core/json-text";
import { documentText } from "./document-text";
import { Problem, Problems, ValidationError } from "../core/errors";
import { Condition, ConditionValue } from "./condition";
import { mergeStatements } from "./merge";
import { Principal, PrincipalKind, RenderOptions } from "./principal";
import { BroadGrantOptIn, Effect, PolicyUse, Statement, StatementJson, StatementProps } from "./statement";
import { ValidateOptions, validateStatements } from "./validate";

/** The JSON form of a document. */
export interface PolicyDocumentJson {
  Version: "2012-10-17";
  Id?: string;
  Statement: StatementJson[];
}

/** Props of {@link PolicyDocument}. */
export interface PolicyDocumentProps {
  /** The statements, in order. Default: none (add them with `addStatements`). */
  readonly statements?: ReadonlyArray<Statement | StatementProps>;
  /** Policy `Id` (some resource policies, for example S3 bucket policies, use one). Default: none. */
  readonly id?: string;
}

/** Options of {@link PolicyDocument.fromJson}. */
export interface FromJsonOptions {
  /** Opt-in applied to every statement and to `"*"` principals of the JSON. Default: none. */
  readonly allowBroad?: BroadGrantOptIn;
  /** Where the JSON comes from, for error messages. Default: `"PolicyDocument.fromJson"`. */
  readonly path?: string;
}

/** An IAM policy document. Mutable only through {@link addStatements}; everything else returns new values. */
export class PolicyDocument {
  private readonly list: Statement[] = [];
  /** Policy `Id`, if any. */
  readonly id?: string;

  constructor(props: PolicyDocumentProps = {}) {
    this.id = props.id;
    this.addStatements(...(props.statements ?? []));
  }

  /** Appends statements (props are turned into {@link Statement}s). */
  addStatements(...statements: Array<Statement | StatementProps>): this {
    for (const s of statements) this.list.push(Statement.of(s));
    return this;
  }

  /** The statements, in order. */
  get statements(): readonly Statement[] {
    return [...this.list];
  }

  /** True when the document has no statement. */
  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  /**
   * The JSON form: `Version` then `Statement`, statements in order, keys in a fixed order; the same document
   * always gives the same bytes through `JSON.stringify`.
   * @param opts partition used for account principals. Default: `"aws"`.
   */
  toJSON(opts?: RenderOptions | string): PolicyDocumentJson {
    const o = typeof opts === "object" && opts !== null ? opts : {};
    const statements = this.list.map((s) => s.toJSON(o));
    return this.id === undefined ? { Version: "2012-10-17", Statement: statements } : { Version: "2012-10-17", Id: this.id, Statement: statements };
  }

  /**
   * Compact JSON text (the bytes a policy is made of): `JSON.stringify(this.toJSON(opts))`, made of each
   * statement's text (rendered once per statement and partition, see {@link Statement.toJsonText}).
   */
  toJsonString(opts: RenderOptions = {}): string {
    const o = typeof opts === "object" && opts !== null ? { partition: opts.partition } : {};
    return documentText(this.list.map((s) => s.toJsonText(o)), this.id);
  }

  /** Every problem of this document used as a policy of kind `use` (empty when valid). Never throws. */
  validate(use: PolicyUse, opts: ValidateOptions): Problem[] {
    return validateStatements(this.list, use, opts);
  }

  /** Like {@link validate}, but throws one {@link ValidationError} listing every problem. */
  assertValid(use: PolicyUse, opts: ValidateOptions): void {
    const problems = this.validate(use, opts);
    if (problems.length) throw new ValidationError(problems, `Invalid ${use} policy`);
  }

  /** A new document with statements merged where that keeps the meaning (see `merge.ts`). */
  merged(): PolicyDocument {
    return new PolicyDocument({ id: this.id, statements: mergeStatements(this.list) });
  }

  /** A new document holding the statements of all the given documents, in order. */
  static combine(...docs: PolicyDocument[]): PolicyDocument {
    return new PolicyDocument({ statements: docs.flatMap((d) => d.list) });
  }

  /**
   * Reads a JSON policy (text or parsed). Throws a {@link ValidationError} listing every structural problem
   * (unknown keys, wrong types, wrong Version). The result is then validated like any other document.
   */
  static fromJson(json: string | object, opts: FromJsonOptions = {}): PolicyDocument {
    const problems = new Problems(opts.path ?? "PolicyDocument.fromJson");
    let doc: unknown = json;
    if (typeof json === "string") {
      const read = readJsonText(json);
      if (!read.ok) {
        const first = read.duplicates?.[0];
        problems.add(first ? (first.at ? `${first.at}.${first.key}` : first.key) : "", first ? first.key : json.slice(0, 40), read.rule, read.fix);
        problems.throwIfAny("Invalid policy JSON");
      } else doc = read.value;
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
      problems.add("", doc, "A policy document is a JSON object with Version and Statement.", "Pass an object.");
      problems.throwIfAny("Invalid policy JSON");
    }
    const d = doc as Record<string, unknown>;
    for (const k of Object.keys(d)) {
      if (k !== "Version" && k !== "Statement" && k !== "Id") {
        problems.add(k, d[k], `"${k}" is not a key of a policy document (Version, Id, Statement).`, "Remove it.");
      }
    }
    if (d.Version !== "2012-10-17") {
      problems.add("Version", d.Version, 'Version must be "2012-10-17" (older versions do not support policy variables).', 'Set "Version": "2012-10-17".');
    }
    const raw = d.Statement === undefined ? [] : Array.isArray(d.Statement) ? d.Statement : [d.Statement];
    const statements: Statement[] = [];
    raw.forEach((s: unknown, i: number) => {
      const st = statementFromJson(s, `Statement[${i}]`, problems, opts.allowBroad);
      if (st) statements.push(st);
    });
    if (d.Id !== undefined && typeof d.Id !== "string") problems.add("Id", d.Id, "Id is a string.", "Write a string, or remove Id.");
    problems.throwIfAny("Invalid policy JSON");
    return new PolicyDocument({ statements, id: typeof d.Id === "string" ? d.Id : undefined });
  }
}

const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

function stringList(v: unknown, field: string, problems: Problems): string[] | undefined {
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === "string")) {
    problems.add(field, v, `${field.split(".").pop()} is a string or a list of strings.`, "Write strings.");
    return undefined;
  }
  return list as string[];
}

function principalsFromJson(v: unknown, field: string, problems: Problems, optIn?: BroadGrantOptIn): Principal[] | undefined {
  if (v === undefined) return undefined;
  if (v === "*") return [Principal.raw("AWS", "*", optIn?.reason)];
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    problems.add(field, v, 'A principal is "*" or an object such as { "Service": "ec2.amazonaws.com" }.', "Write an object keyed by AWS, Service, Federated or CanonicalUser.");
    return undefined;
  }
  const out: Principal[] = [];
  for (const [kind, values] of Object.entries(v as Record<string, unknown>)) {
    if (!["AWS", "Service", "Federated", "CanonicalUser"].includes(kind)) {
      problems.add(`${field}.${kind}`, kind, `"${kind}" is not a principal type (AWS, Service, Federated, CanonicalUser).`, "Use one of those keys.");
      continue;
    }
    for (const value of stringList(values, `${field}.${kind}`, problems) ?? []) {
      out.push(Principal.raw(kind as PrincipalKind, value, optIn?.reason));
    }
  }
  return out;
}

function conditionsFromJson(v: unknown, field: string, problems: Problems): Condition[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    problems.add(field, v, "Condition is an object keyed by operator.", 'Write { "StringEquals": { "aws:PrincipalOrgID": "o-..." } }.');
    return undefined;
  }
  const out: Condition[] = [];
  for (const [op, block] of Object.entries(v as Record<string, unknown>)) {
    if (typeof block !== "object" || block === null || Array.isArray(block)) {
      problems.add(`${field}.${op}`, block, "A condition operator holds an object keyed by context key.", 'Write { "aws:SourceIp": ["203.0.113.0/24"] }.');
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((x) => ["string", "number", "boolean"].includes(typeof x))) {
        problems.add(`${field}.${op}.${key}`, values, "Condition values are strings, numbers or booleans.", "Write scalar values.");
        continue;
      }
      out.push(Condition.of(op, key, list as ConditionValue[]));
    }
  }
  return out;
}

function statementFromJson(s: unknown, field: string, problems: Problems, optIn?: BroadGrantOptIn): Statement | undefined {
  if (typeof s !== "object" || s === null || Array.isArray(s)) {
    problems.add(field, s, "A statement is a JSON object.", "Write an object with Effect, Action and Resource.");
    return undefined;
  }
  const o = s as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!STATEMENT_KEYS.includes(k)) problems.add(`${field}.${k}`, k, `"${k}" is not a statement key (${STATEMENT_KEYS.join(", ")}).`, "Remove it or correct its spelling.");
  }
  if (o.Effect !== "Allow" && o.Effect !== "Deny") {
    problems.add(`${field}.Effect`, o.Effect, 'Effect is "Allow" or "Deny".', 'Write "Allow" or "Deny".');
  }
  if (o.Sid !== undefined && typeof o.Sid !== "string") problems.add(`${field}.Sid`, o.Sid, "Sid is a string.", "Write a string.");
  return new Statement({
    sid: typeof o.Sid === "string" ? o.Sid : undefined,
    effect: o.Effect as Effect,
    actions: stringList(o.Action, `${field}.Action`, problems),
    notActions: stringList(o.NotAction, `${field}.NotAction`, problems),
    resources: stringList(o.Resource, `${field}.Resource`, problems),
    notResources: stringList(o.NotResource, `${field}.NotResource`, problems),
    principals: principalsFromJson(o.Principal, `${field}.Principal`, problems, optIn),
    notPrincipals: principalsFromJson(o.NotPrincipal, `${field}.NotPrincipal`, problems, optIn),
    conditions: conditionsFromJson(o.Condition, `${field}.Condition`, problems),
    allowBroad: optIn,
  });
}
