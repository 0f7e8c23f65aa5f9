/**
 * The hostile-input suite's helpers: run an input through a route (the TypeScript API, or a config file) and
 * return what the user sees. Every refusal must be a ValidationError (ConfigError for files) whose problem names
 * where (construct path and field, or file:line and the path in the file), what (the value) and how to fix it;
 * nothing else may be thrown, and nothing may hang. No Terraform runs here.
 */
import { ConfigError, loadConfigText } from "../../modules/config";
import type { ConfigDefaults } from "../../modules/config";
import { ValidationError, formatProblem } from "../../modules/core/errors";
import type { Problem } from "../../modules/core/errors";
import { Testing } from "../../modules/internal/cdktf";
import type { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack/iam-stack";
import type { IamStackProps } from "../../modules/stack/iam-stack";

/** An app without output folder side effects. */
export function app(): App {
  return Testing.app();
}

/** A stack in a fresh app (offline: no AWS calls). */
export function stack(props: Partial<IamStackProps> = {}, id = "s", scope: App = app()): IamStack {
  return new IamStack(scope, id, { region: "eu-west-1", offline: true, ...props });
}

/** Synthesizes every stack of the app of `s` (runs the per-construct checks and the whole-app rules). */
export function synthAll(scope: { node: { root: unknown } }): void {
  const root = scope.node.root as App;
  for (const c of (root as unknown as { node: { children: unknown[] } }).node.children) if (c instanceof IamStack) Testing.synth(c);
}

/** What a route did: accepted, refused with problems, or threw something else (a crash). */
export type Outcome = { kind: "accepted" } | { kind: "refused"; problems: readonly Problem[]; message: string; config: boolean } | { kind: "crashed"; error: unknown };

/** Runs a TypeScript-API input (it builds and synthesizes). */
export function viaCode(run: () => void): Outcome {
  try {
    run();
    return { kind: "accepted" };
  } catch (e) {
    if (e instanceof ValidationError) return { kind: "refused", problems: e.problems, message: e.message, config: e instanceof ConfigError };
    return { kind: "crashed", error: e };
  }
}

export const DEFAULTS: ConfigDefaults = { stackName: "iam", stackProps: { region: "eu-west-1", offline: true } };

/** Runs a config file's text through the loader and builder, then synthesizes its stacks. */
export function viaConfig(text: string, defaults: ConfigDefaults = DEFAULTS): Outcome {
  return viaCode(() => {
    const a = app();
    const stacks = loadConfigText(a, text, "hostile.yaml", defaults);
    for (const s of stacks) Testing.synth(s);
  });
}

/** What a refusal must say. */
export interface Expect {
  /** Where: a substring of `path: field` (construct path and field, or `hostile.yaml:<line>:<col>: <path in file>`). */
  readonly where: string | RegExp;
  /** What: a substring of the value shown (or of the rule when the value is the rule's subject). */
  readonly what?: string;
  /** The rule (a substring or pattern of the rule). */
  readonly rule: string | RegExp;
  /** The fix (a substring or pattern). Default: any fix of at least a few words. */
  readonly fix?: string | RegExp;
}

function matches(text: string, m: string | RegExp): boolean {
  return typeof m === "string" ? text.includes(m) : m.test(text);
}

/** Asserts a refusal with a problem that names where, what, the rule and the fix. */
export function expectRefused(outcome: Outcome, want: Expect, route: "code" | "config"): void {
  if (outcome.kind === "crashed") throw new Error(`crashed instead of a ValidationError: ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
  if (outcome.kind === "accepted") throw new Error("accepted; expected a refusal");
  if (route === "config") {
    expect(outcome.config).toBe(true);
    for (const p of outcome.problems) expect(p.path).toMatch(/^hostile\.yaml(:\d+:\d+)?$/);
  }
  const hit = outcome.problems.find((p) => {
    const where = `${p.path}: ${p.field}`;
    return matches(where, want.where) && matches(p.rule, want.rule) && (want.what === undefined || `${p.value ?? ""} ${p.rule}`.includes(want.what)) && (want.fix === undefined || matches(p.fix, want.fix));
  });
  if (!hit) throw new Error(`no problem matches ${JSON.stringify({ ...want, where: String(want.where), rule: String(want.rule), fix: String(want.fix) })}; got:\n${outcome.problems.map(formatProblem).join("\n")}`);
  expect(hit.fix.trim().split(/\s+/).length).toBeGreaterThanOrEqual(3);
  if (route === "config") expect(hit.fix).not.toMatch(/\b(?:new [A-Z]\w+\(|AwsManagedPolicy\.from|Principal\.\w+\()/);
}

/** Asserts acceptance (and reports the problems when refused). */
export function expectAccepted(outcome: Outcome): void {
  if (outcome.kind === "crashed") throw new Error(`crashed: ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
  if (outcome.kind === "refused") throw new Error(`refused:\n${outcome.problems.map(formatProblem).join("\n")}`);
}

/** A one-stack config file with `body` (YAML lines, top level). */
export function yaml(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}
