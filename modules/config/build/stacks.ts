/**
 * The stacks of the file: one top-level stack (`stack` plus contents) or `stacks[]`; their names, backends (two
 * stacks on one state) and settings over the app's defaults. A stack whose settings are wrong is replaced by a
 * scratch stack outside the app, so its contents are still checked.
 */
import { ValidationError } from "../../core/errors";
import { Construct as ConstructRoot } from "../../internal/cdktf";
import type { Construct } from "../../internal/cdktf";
import type { Backend } from "../../stack/backend";
import { IamStack } from "../../stack/iam-stack";
import { isKnownRegion } from "../../stack/partition";
import type { IamStackProps } from "../../stack/iam-stack";
import { renderPath } from "../errors";
import type { Segment } from "../errors";
import type { StackContentsConfig, StackSettingsConfig } from "../types";
import { backendOf, stateLocation } from "./backend";
import type { BuildContext } from "./context";
import { parseField } from "./field-map";
import type { ConfigDefaults } from "./index";

const SETTINGS_KEYS: readonly (keyof StackSettingsConfig)[] = ["name", "region", "backend", "defaultTags", "allowedAccountIds", "assumeRole", "partition"];
const CONTENT_KEYS: readonly (keyof StackContentsConfig)[] = ["policies", "roles", "users", "groups", "passwordPolicy"];

/** Builds the contents of one stack (real or scratch). */
/** `accounts`: the stack's allowed account ids (adopted entries need the account for policy ARNs). */
export type ContentsBuilder = (stack: IamStack, prefix: Segment[], contents: StackContentsConfig, accounts?: readonly string[]) => void;

interface Unit {
  prefix: Segment[];
  settingsAt: Segment[];
  settings: StackSettingsConfig;
  contents: StackContentsConfig;
}

/** Builds every stack of the file into `app`, each with `buildContents`; returns the stacks made in the app. */
export function buildStacks(ctx: BuildContext, app: Construct, defaults: ConfigDefaults, buildContents: ContentsBuilder): IamStack[] {
  const data = ctx.loaded.data;
  const stacks: IamStack[] = [];
  const units: Unit[] = [];
  if (data.stacks !== undefined) {
    const mixed = CONTENT_KEYS.filter((k) => data[k] !== undefined).concat(data.stack !== undefined ? ["stack" as never] : []);
    if (mixed.length > 0) {
      ctx.add({
        at: [mixed[0] as string],
        rule: `\`${mixed.join("`, `")}\` at the top level cannot be combined with \`stacks\`.`,
        fix: "Either declare one stack at the top level (`stack` settings plus policies, roles, users, groups), or move everything into entries of `stacks`.",
      });
    }
    if (ctx.broken(["stacks"]) && !Array.isArray(data.stacks)) return stacks;
    data.stacks.forEach((s, i) => {
      if (s && typeof s === "object") units.push({ prefix: ["stacks", i], settingsAt: ["stacks", i], settings: s, contents: s });
    });
  } else {
    units.push({ prefix: [], settingsAt: ["stack"], settings: data.stack ?? {}, contents: data });
  }
  const scratch = new Scratch(defaults);
  const names = new Map<string, Segment[]>();
  const settingsCloud: string[] = [];
  const locations = new Map<string, { name: string; at: Segment[] }>();
  for (const unit of units) {
    const settingsBroken = SETTINGS_KEYS.some((k) => ctx.broken([...unit.settingsAt, k])) || ctx.loaded.problems.some((p) => !p.unknownKey && renderPath(p.at) === renderPath(unit.settingsAt));
    const s = unit.settings;
    if (settingsBroken) {
      // The stack cannot be made, but what it holds can still be checked (in a stack that is thrown away).
      buildContents(scratch.stack(s), unit.prefix, unit.contents);
      continue;
    }
    const name = s.name ?? defaults.stackName;
    const nameAt = s.name !== undefined ? [...unit.settingsAt, "name"] : unit.prefix;
    const first = names.get(name);
    if (first) {
      ctx.add({
        at: nameAt,
        value: name,
        rule: `Two stacks are named "${name}" (the other one is ${renderPath(first) || "the top-level stack"}${s.name === undefined ? "; a stack without `name` takes the app's stack name" : ""}).`,
        fix: "Give every stack its own `name`.",
      });
      buildContents(scratch.stack(s), unit.prefix, unit.contents);
      continue;
    }
    names.set(name, nameAt);
    let backend: Backend | undefined;
    if (s.backend) {
      backend = backendOf(s.backend);
      const loc = stateLocation(s.backend, name);
      const other = loc ? locations.get(loc) : undefined;
      if (loc && other) {
        ctx.add({
          at: [...unit.settingsAt, "backend"],
          value: loc,
          rule: `Stacks "${other.name}" and "${name}" would share one Terraform state; each would destroy the other's resources.`,
          fix: "Give each stack its own state key, workspace or path.",
        });
      } else if (loc) locations.set(loc, { name, at: [...unit.settingsAt, "backend"] });
    } else {
      backend = defaults.backendFor?.(name) ?? defaults.stackProps.backend;
      if (backend?.kind === "cloud") settingsCloud.push(name);
    }
    const props: IamStackProps = {
      ...defaults.stackProps,
      region: s.region ?? defaults.stackProps.region,
      ...(backend ? { backend } : {}),
      ...(s.defaultTags !== undefined || defaults.stackProps.defaultTags !== undefined ? { defaultTags: { ...(defaults.stackProps.defaultTags ?? {}), ...(s.defaultTags ?? {}) } } : {}),
      ...(s.allowedAccountIds !== undefined ? { allowedAccountIds: s.allowedAccountIds } : {}),
      ...(s.assumeRole !== undefined ? { assumeRole: { ...s.assumeRole } } : {}),
      ...(s.partition !== undefined ? { partition: s.partition } : {}),
    };
    let stack: IamStack;
    try {
      stack = new IamStack(app, name, props);
    } catch (e) {
      stackError(ctx, e, unit.settingsAt, s);
      buildContents(scratch.stack(s), unit.prefix, unit.contents);
      continue;
    }
    stacks.push(stack);
    // Whole-app rules report at the stack (its state): map them to the stack's settings.
    ctx.entries.push({ constructPath: stack.node.path, at: unit.settingsAt });
    buildContents(stack, unit.prefix, unit.contents, props.allowedAccountIds);
  }
  if (settingsCloud.length > 1) {
    ctx.add({
      at: units.length > 0 ? ["stacks"] : [],
      value: settingsCloud.join(", "),
      rule: `Stacks ${settingsCloud.map((n) => `"${n}"`).join(", ")} declare no backend and all take the Terraform Cloud backend of the app's settings: one workspace for several stacks.`,
      fix: "Declare `backend: { type: cloud, organization, workspace }` with its own workspace in each stack.",
    });
  }
  return stacks;
}

/** Stand-in stacks, outside the app, to check the contents of a stack whose settings are wrong. */
class Scratch {
  private root?: Construct;
  private count = 0;

  constructor(private readonly defaults: ConfigDefaults) {}

  stack(s: StackSettingsConfig): IamStack {
    const valid = (r: unknown): r is string => typeof r === "string" && isKnownRegion(r);
    const region = valid(s.region) ? s.region : valid(this.defaults.stackProps.region) ? this.defaults.stackProps.region : "us-east-1";
    // A bare root, not an App: an App would create its output folder.
    this.root ??= new ConstructRoot(undefined as never, "");
    return new IamStack(this.root, `scratch${++this.count}`, { region });
  }
}

/** Maps an IamStack's ValidationError to the stack's settings in the file (or to the app's settings). */
function stackError(ctx: BuildContext, e: unknown, settingsAt: Segment[], s: StackSettingsConfig): void {
  if (!(e instanceof ValidationError)) throw e;
  for (const p of e.problems) {
    const { segs, rest } = parseField(p.field);
    const first = segs[0];
    const mapped = first !== undefined ? [first, ...segs.slice(1)] : [];
    const given = typeof first === "string" && (s as Record<string, unknown>)[first] !== undefined;
    ctx.add({
      at: given ? [...settingsAt, ...mapped] : settingsAt,
      note: given ? rest || undefined : `(${p.field}, from the app settings: cdktf context or environment)`,
      shown: p.value,
      rule: p.rule,
      fix: p.fix,
    });
  }
}
