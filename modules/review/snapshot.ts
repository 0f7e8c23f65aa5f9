/**
 * A stack as the review sees it: every resource with its arguments, read from one of three sources.
 *
 * - synthesized configuration (`cdk.tf.json`): arguments are templates; references are kept as
 *   placeholders and recorded, so a policy attachment knows which role and policy it links;
 * - the `after` side of a saved plan (`terraform show -json`): known values as Terraform will apply
 *   them, references taken from the plan's `configuration` section;
 * - the `before` side of a saved plan (the prior state): literal values only, linked by name and ARN.
 *
 * Secret-bearing arguments are dropped here, at the door, so no later stage can print them.
 */
import { evaluateConfigValue, refAddress } from "./hcl";

/** One resource: its address, arguments (evaluated) and the resources each argument references. */
export interface ResourceView {
  /** Terraform address, for example `aws_iam_role.Inventory_Role_1A2B3C`. */
  readonly address: string;
  /** Resource type, for example `aws_iam_role`. */
  readonly type: string;
  /** The CDKTF construct path, when the source records it (`stack/Inventory/Role`). */
  readonly constructPath?: string;
  /** Arguments with references as `${...}` placeholders. Secret-bearing arguments are absent. */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Per argument, the traversals it references (`aws_iam_role.X.name`, `aws_iam_access_key.K.secret`), when known. */
  readonly refs: Readonly<Record<string, readonly string[]>>;
  /** Names of the secret-bearing arguments that were set (values never kept). */
  readonly secretArgs: readonly string[];
  /** Addresses listed in `lifecycle.replace_triggered_by`. */
  readonly replaceTriggeredBy: readonly string[];
  /**
   * The written reasons the resource's policy gives for lifting a check (`"allowBroad: ..."`), when the source records
   * them (synthesized JSON keeps them in the resource's `"//"` comment; a plan does not).
   */
  readonly optOutReasons?: readonly string[];
}

/** An output of the stack: only which resources it exposes, never its value. */
export interface OutputView {
  readonly name: string;
  readonly refs: readonly string[];
  readonly sensitive: boolean;
}

/** One stack at one point in time. */
export interface StackSnapshot {
  readonly stack: string;
  /** Where the snapshot came from. */
  readonly source: "config" | "plan-before" | "plan-after";
  readonly resources: ReadonlyMap<string, ResourceView>;
  readonly outputs: readonly OutputView[];
}

/** Arguments that may hold a secret, per resource type; their values are never read into a snapshot. */
const SECRET_ARGS: Record<string, readonly string[]> = {
  aws_iam_access_key: ["id", "secret", "ses_smtp_password_v4", "encrypted_secret", "encrypted_ses_smtp_password_v4", "pgp_key", "key_fingerprint"],
  aws_ssm_parameter: ["value", "value_wo", "insecure_value"],
  aws_iam_user_login_profile: ["password", "encrypted_password", "pgp_key", "key_fingerprint"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_string_wo", "secret_binary"],
  terraform_data: [],
};

function secretArgsOf(type: string): readonly string[] {
  return SECRET_ARGS[type] ?? [];
}

/** Types the review reads. Other resources are kept only as far as they hold a key's secret. */
export const REVIEWED_TYPES = new Set([
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_policy",
  "aws_iam_user",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_group",
  "aws_iam_group_policy",
  "aws_iam_group_policy_attachment",
  "aws_iam_group_membership",
  "aws_iam_user_group_membership",
  "aws_iam_instance_profile",
  "aws_iam_access_key",
  "aws_iam_user_login_profile",
  "aws_iam_policy_attachment",
  "aws_ssm_parameter",
  "terraform_data",
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a synthesized stack (`cdk.tf.json`, already parsed). */
export function snapshotFromConfig(stack: string, tfJson: unknown): StackSnapshot {
  if (!isObject(tfJson)) throw new Error(`Stack "${stack}": cdk.tf.json is not a JSON object.`);
  const resources = new Map<string, ResourceView>();
  const byType = isObject(tfJson.resource) ? tfJson.resource : {};
  for (const [type, items] of Object.entries(byType)) {
    if (!isObject(items)) continue;
    for (const [name, body] of Object.entries(items)) {
      if (!isObject(body)) continue;
      resources.set(`${type}.${name}`, configResource(type, name, body));
    }
  }
  const outputs: OutputView[] = [];
  if (isObject(tfJson.output)) {
    for (const [name, body] of Object.entries(tfJson.output)) {
      if (!isObject(body)) continue;
      const ev = evaluateConfigValue(body.value);
      outputs.push({ name, refs: [...ev.refs], sensitive: body.sensitive === true });
    }
  }
  return { stack, source: "config", resources, outputs };
}

function configResource(type: string, name: string, body: Record<string, unknown>): ResourceView {
  const attrs: Record<string, unknown> = {};
  const refs: Record<string, string[]> = {};
  const secretArgs: string[] = [];
  const secrets = secretArgsOf(type);
  let replaceTriggeredBy: string[] = [];
  for (const [arg, raw] of Object.entries(body)) {
    if (arg === "//" || arg === "depends_on" || arg === "provider" || arg === "provisioner" || arg === "connection") continue;
    if (arg === "lifecycle") {
      const lc = Array.isArray(raw) ? raw[0] : raw;
      if (isObject(lc) && Array.isArray(lc.replace_triggered_by)) {
        replaceTriggeredBy = lc.replace_triggered_by.map((r) => refAddress(String(r).replace(/^\$\{|\}$/g, "")));
      }
      continue;
    }
    const ev = evaluateConfigValue(raw);
    refs[arg] = [...new Set(ev.refs)];
    if (secrets.includes(arg)) {
      secretArgs.push(arg);
      continue;
    }
    attrs[arg] = ev.value;
  }
  const meta = isObject(body["//"]) && isObject((body["//"] as Record<string, unknown>).metadata) ? ((body["//"] as Record<string, unknown>).metadata as Record<string, unknown>) : undefined;
  const ours = isObject(body["//"]) ? (body["//"] as Record<string, unknown>)["iam-cdktf"] : undefined;
  const optOutReasons = isObject(ours) && Array.isArray(ours.optOutReasons) ? ours.optOutReasons.filter((x): x is string => typeof x === "string") : [];
  return {
    address: `${type}.${name}`,
    type,
    constructPath: typeof meta?.path === "string" ? meta.path : undefined,
    ...(optOutReasons.length > 0 ? { optOutReasons } : {}),
    attrs,
    refs,
    secretArgs,
    replaceTriggeredBy,
  };
}

/** The parts of `terraform show -json` the review reads. */
export interface PlanJson {
  format_version?: string;
  resource_changes?: PlanResourceChange[];
  configuration?: { root_module?: { resources?: PlanConfigResource[]; outputs?: Record<string, { expression?: { references?: string[] }; sensitive?: boolean }> } };
  output_changes?: Record<string, unknown>;
}

/** One entry of `resource_changes`. */
export interface PlanResourceChange {
  address: string;
  mode?: string;
  type: string;
  name: string;
  module_address?: string;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    replace_paths?: unknown[][];
  };
  action_reason?: string;
}

interface PlanConfigResource {
  address: string;
  mode?: string;
  type: string;
  expressions?: Record<string, unknown>;
}

/** True when the JSON looks like the output of `terraform show -json <planfile>`. */
export function isPlanJson(v: unknown): v is PlanJson {
  // A plan with no resource at all has no `resource_changes`; it still has `planned_values` and `configuration`.
  return (
    isObject(v) &&
    typeof v.format_version === "string" &&
    (Array.isArray(v.resource_changes) || isObject(v.planned_values) || isObject(v.configuration))
  );
}

/** Both sides of a saved plan: the prior state (`before`) and what Terraform will apply (`after`). */
export function snapshotsFromPlan(stack: string, plan: PlanJson): { before: StackSnapshot; after: StackSnapshot } {
  const config = new Map<string, PlanConfigResource>();
  for (const r of plan.configuration?.root_module?.resources ?? []) if (r.mode !== "data") config.set(r.address, r);
  const before = new Map<string, ResourceView>();
  const after = new Map<string, ResourceView>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data" || rc.module_address) continue;
    const actions = rc.change.actions;
    const cfg = config.get(rc.address);
    const cfgRefs = configRefs(cfg);
    if (!(actions.length === 1 && actions[0] === "create") && isObject(rc.change.before)) {
      before.set(rc.address, stateResource(rc, rc.change.before, rc.change.before_sensitive, {}, cfgRefs));
    }
    if (!(actions.length === 1 && actions[0] === "delete") && isObject(rc.change.after)) {
      const unknown = isObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
      const values: Record<string, unknown> = { ...rc.change.after };
      // Fill the attributes only known at apply time with the configuration's expression (references as placeholders).
      for (const [k, u] of Object.entries(unknown)) {
        if (u !== true) continue;
        const expr = cfg?.expressions?.[k];
        if (isObject(expr) && "constant_value" in expr) values[k] = evaluateConfigValue(expr.constant_value).value;
        else if (isObject(expr) && Array.isArray(expr.references)) values[k] = `\${${String(expr.references[0] ?? "unknown")}}`;
        // Computed by AWS and not set in the configuration (an ARN, an id, a default KMS key): left out.
        else delete values[k];
      }
      after.set(rc.address, stateResource(rc, values, rc.change.after_sensitive, unknown, cfgRefs));
    }
  }
  const outputs: OutputView[] = Object.entries(plan.configuration?.root_module?.outputs ?? {}).map(([name, o]) => ({
    name,
    refs: [...new Set((o.expression?.references ?? []).map(String))],
    sensitive: o.sensitive === true,
  }));
  return {
    before: { stack, source: "plan-before", resources: before, outputs },
    after: { stack, source: "plan-after", resources: after, outputs },
  };
}

function configRefs(cfg: PlanConfigResource | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, e] of Object.entries(cfg?.expressions ?? {})) {
    const refs: string[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (isObject(x)) {
        if (Array.isArray(x.references)) refs.push(...x.references.map(String));
        else Object.values(x).forEach(walk);
      }
    };
    walk(e);
    out[k] = [...new Set(refs)];
  }
  return out;
}

function stateResource(
  rc: PlanResourceChange,
  values: Record<string, unknown>,
  sensitive: unknown,
  unknown: Record<string, unknown>,
  cfgRefs: Record<string, string[]>,
): ResourceView {
  const attrs: Record<string, unknown> = {};
  const secretArgs: string[] = [];
  const secrets = secretArgsOf(rc.type);
  const sens = isObject(sensitive) ? sensitive : {};
  for (const [k, v] of Object.entries(values)) {
    if (secrets.includes(k) || sens[k] === true || (isObject(sens[k]) && Object.keys(sens[k] as object).length > 0)) {
      if ((v !== null && v !== undefined && v !== "") || unknown[k] === true || (cfgRefs[k]?.length ?? 0) > 0) secretArgs.push(k);
      continue;
    }
    if (v === null || v === undefined) continue;
    attrs[k] = v;
  }
  // A value_wo argument is never in a plan; its configuration still says where it comes from.
  for (const k of secrets) if (!secretArgs.includes(k) && (cfgRefs[k]?.length ?? 0) > 0) secretArgs.push(k);
  return { address: rc.address, type: rc.type, attrs, refs: cfgRefs, secretArgs, replaceTriggeredBy: [] };
}
