/**
 * From a loaded config file to constructs: stacks, managed policies (statements and presets), EC2 instance
 * roles, users with keys in SSM, groups, the account password policy. One file per entity: stacks.ts, policies.ts,
 * groups.ts, users.ts, roles.ts, password-policy.ts; documents.ts builds policy documents, scope.ts holds what the
 * entries of one stack share (ids, names, references), context.ts the problems and how a construct's
 * ValidationError maps back to the file.
 *
 * Every part whose structure passed the schema is built, inside its own try/catch, so one run reports every
 * problem of the file: unknown references, preset arguments, and whatever the constructs reject (their
 * ValidationErrors name a construct path and a field, mapped back here to the path in the file). When anything
 * is wrong, {@link buildFromConfig} throws one {@link ConfigError} and the app must not be synthesized (main.ts
 * synthesizes only after a successful build).
 */
import type { Construct } from "../../internal/cdktf";
import type { Backend } from "../../stack/backend";
import type { IamStack, IamStackProps } from "../../stack/iam-stack";
import { runChecks } from "../../checks";
import { ValidationError } from "../../core/errors";
import { ConfigError, toProblems } from "../errors";
import type { Segment } from "../errors";
import type { LoadedConfig } from "../load";
import type { StackContentsConfig } from "../types";
import { BuildContext } from "./context";
import { buildGroups } from "./groups";
import { buildImports } from "./imports";
import { buildPasswordPolicy } from "./password-policy";
import { buildPolicies } from "./policies";
import { buildRoles } from "./roles";
import { StackScope } from "./scope";
import { buildStacks } from "./stacks";
import { buildUsers } from "./users";

export { backendOf } from "./backend";
export { statementOf } from "./documents";
export { parseField } from "./field-map";

/** What a stack gets when the file does not say: the app's settings (cdktf context, then environment). */
export interface ConfigDefaults {
  /** Name of a stack that declares none. Required. */
  readonly stackName: string;
  /** Props of every stack before the file's settings override them (region, backend, deploy role, offline...). Required. */
  readonly stackProps: IamStackProps;
  /**
   * The default backend of a stack named `stackName` (for example an S3 key derived from the stack's name).
   * @default `stackProps.backend` for every stack
   */
  readonly backendFor?: (stackName: string) => Backend | undefined;
}

/** Builds every stack a loaded config file declares into `app`. Throws a {@link ConfigError} listing every problem. */
export function buildFromConfig(app: Construct, loaded: LoadedConfig, defaults: ConfigDefaults): IamStack[] {
  const ctx = new BuildContext(loaded);
  let stacks: IamStack[] = [];
  try {
    stacks = loaded.fatal ? [] : buildStacks(ctx, app, defaults, (stack, prefix, contents, accounts) => buildContents(ctx, stack, prefix, contents, accounts));
    if (ctx.problems.length === 0) runValidations(ctx, app, stacks);
  } catch (e) {
    // Every entry is built in its own try/catch; anything that still escapes is reported, never thrown raw.
    if (!(e instanceof ValidationError)) throw e;
    ctx.constructError(e, { constructPath: app.node.path, at: [] });
  }
  if (ctx.problems.length > 0) throw new ConfigError(loaded.file, toProblems(loaded.file, ctx.problems, loaded.locate));
  return stacks;
}

/** The entries of one stack, in the order references need: policies, groups, users, roles, imports of adopted entries, password policy. */
function buildContents(ctx: BuildContext, stack: IamStack, prefix: Segment[], c: StackContentsConfig, accounts?: readonly string[]): void {
  const list = <T>(key: "policies" | "groups" | "users" | "roles"): T[] | undefined => {
    const v = c[key] as unknown;
    if (v === undefined || Array.isArray(v)) return v as T[] | undefined;
    // A list written as a mapping or a scalar: the schema reported it; nothing inside is built.
    if (!ctx.broken([...prefix, key])) ctx.add({ at: [...prefix, key], value: v, rule: `\`${key}\` is a list (entries start with \`- \`).`, fix: `Write \`${key}:\` followed by entries such as \`  - name: example\`.` });
    return undefined;
  };
  const contents: StackContentsConfig = { ...c, policies: list("policies"), groups: list("groups"), users: list("users"), roles: list("roles") };
  const scope = new StackScope(ctx, stack, prefix, contents);
  buildPolicies(ctx, scope, contents.policies);
  buildGroups(ctx, scope, contents.groups);
  buildUsers(ctx, scope, contents.users);
  buildRoles(ctx, scope, contents.roles);
  buildImports(ctx, scope, accounts);
  buildPasswordPolicy(ctx, scope, c.passwordPolicy);
}

/**
 * Runs the synth-time checks (per construct and whole app: names across stacks, one password policy per account,
 * one state per stack) and the constructs' validations, so their problems are reported with the others, in the file.
 */
function runValidations(ctx: BuildContext, app: Construct, stacks: readonly IamStack[]): void {
  const byDepth = [...ctx.entries].sort((a, b) => b.constructPath.length - a.constructPath.length);
  const entryOf = (path: string) => byDepth.find((e) => path === e.constructPath || path.startsWith(`${e.constructPath}/`));
  if (stacks.length > 0) {
    try {
      runChecks(app);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const p of e.problems) {
        const entry = entryOf(p.path);
        if (entry) ctx.constructError(new ValidationError([p]), entry);
        else ctx.add({ at: [], note: `(${p.path}${p.field ? `: ${p.field}` : ""})`, shown: p.value, rule: p.rule, fix: p.fix });
      }
    }
  }
  for (const stack of stacks) {
    for (const c of stack.node.findAll()) {
      for (const message of c.node.validate()) {
        const path = c.node.path;
        const entry = entryOf(path);
        ctx.add({ at: entry?.at ?? [], rule: message, fix: "See the message." });
      }
    }
  }
}
