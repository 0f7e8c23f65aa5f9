/**
 * Markdown rendering of reviews: short enough for a pull-request comment, one section per stack.
 */
import type { Flag } from "./flags";
import type { PermissionGroup } from "./grants";
import type { SecretStore } from "./inventory";
import { redact } from "./redact";
import type { KeyChange, PrincipalChange, StackReview, TrustEntry } from "./report";
import { SEVERITIES, type Severity } from "./severity";

/** Limits that keep a comment readable. */
export interface MarkdownOptions {
  /** Action names listed per line before "and N more". Default 20. */
  readonly maxActions?: number;
  /** Resources listed per line before "and N more". Default 5. */
  readonly maxResources?: number;
  /** Heading level of a stack section (2 gives `##`). Default 2. */
  readonly headingLevel?: number;
}

/** A marker GitHub comments can be found by (the workflow updates the comment holding it). */
export const COMMENT_MARKER = "<!-- iam-review -->";

function code(s: string): string {
  const t = s.replace(/`/g, "'").replace(/\r?\n/g, " ");
  return `\`${t.length > 200 ? `${t.slice(0, 197)}...` : t}\``;
}

function more(list: readonly string[], max: number, fmt: (s: string) => string = (s) => s): string {
  const shown = list.slice(0, max).map(fmt).join(", ");
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

function severityCounts(flags: readonly Flag[], onlyNew = false): string {
  const parts: string[] = [];
  for (const s of [...SEVERITIES].reverse()) {
    const n = flags.filter((f) => f.severity === s && (!onlyNew || f.isNew)).length;
    if (n) parts.push(`${n} ${s}`);
  }
  return parts.length ? parts.join(", ") : "none";
}

function permissionLine(g: PermissionGroup, o: Required<MarkdownOptions>): string {
  const svc = g.service === "*" ? "**All services**" : `**${g.serviceTitle}** (${code(g.service)})`;
  const actions = g.service === "*" ? more(g.actions, o.maxActions, code) : more(g.actions, o.maxActions);
  const count = g.actions.length > 1 ? ` (${g.actions.length} actions)` : "";
  const resources = more(g.resources, o.maxResources, code);
  const cond = g.condition ? ` when ${code(g.condition)}` : "";
  const deny = g.effect === "Deny" ? "DENY " : "";
  const from = g.sources.length ? ` — from ${g.sources.join(", ")}` : "";
  return `${deny}${svc} · ${g.accessLevel}${count}: ${actions} on ${resources}${cond}${from}`;
}

function trustLine(t: TrustEntry): string {
  const [type, value] = [t.principal.slice(0, t.principal.indexOf(":")), t.principal.slice(t.principal.indexOf(":") + 1)];
  const verb = t.effect === "Deny" ? "may not" : "may";
  return `${type} ${code(value)} ${verb} ${t.actions.map(code).join(", ")}${t.condition ? ` when ${code(t.condition)}` : ""}`;
}

function storeText(s: SecretStore): string {
  if (s.address.startsWith("output.")) return `${s.argument} ${code(s.address)}`;
  if (s.type === undefined) return `${code(s.address)} (${s.argument})`;
  const enc = s.type === "SecureString" ? `, KMS key ${s.kmsKey ? code(s.kmsKey) : "`aws/ssm` (default)"}` : "";
  const wo = s.argument === "value_wo" ? ", write-only `value_wo`" : ` via \`${s.argument}\``;
  return `SSM ${code(s.name ?? s.address)} (${s.type}${enc}${wo})`;
}

function principalSection(p: PrincipalChange, o: Required<MarkdownOptions>, h: string): string[] {
  const lines: string[] = [];
  lines.push(`${h} ${p.kind} ${code(p.name)} — ${p.status}`);
  lines.push("");
  lines.push(`${code(p.address)}${p.constructPath ? ` · construct ${code(p.constructPath)}` : ""}`);
  lines.push("");
  const section = (title: string, items: string[]): void => {
    if (!items.length) return;
    lines.push(`**${title}**`);
    lines.push("");
    for (const i of items) lines.push(`- ${i}`);
    lines.push("");
  };
  section("Gains", [...p.gained.map((g) => permissionLine(g, o)), ...p.opaqueGained.map((x) => `${x} (not expanded)`)]);
  section("Loses", [...p.lost.map((g) => permissionLine(g, o)), ...p.opaqueLost.map((x) => `${x} (not expanded)`)]);
  section("Can now be assumed by", p.trustGained.map(trustLine));
  section("Can no longer be assumed by", p.trustLost.map(trustLine));
  section("Notes", [...p.notes]);
  if (p.status !== "destroyed" && !p.gained.length && !p.lost.length && !p.opaqueGained.length && !p.opaqueLost.length && !p.trustGained.length && !p.trustLost.length) {
    lines.push("No permission or trust change.");
    lines.push("");
  }
  return lines;
}

function keyLine(k: KeyChange, all: readonly KeyChange[]): string {
  const sibling = all.some((o) => o !== k && o.userName === k.userName && o.secretStores.length > 0);
  const secret = k.secretStores.length
    ? k.secretStores.map(storeText).join("; ")
    : sibling
      ? "no place any more (previous key slot: the parameters hold the user's newest key)"
      : "no place written by this stack";
  const id = k.idStores.length ? `; id in ${k.idStores.map(storeText).join("; ")}` : "";
  return `${code(k.address)} of user ${code(k.userName)} — ${k.status.replace("-", " ")}${k.reason ? ` (${k.reason})` : ""}; secret in ${secret}${id}`;
}

function flagLine(f: Flag): string {
  return `**${f.severity}** ${code(f.rule)} ${f.message}${f.isNew ? " *(new)*" : ""}`;
}

/** The Markdown section of one stack. */
export function renderStackMarkdown(r: StackReview, options: MarkdownOptions = {}): string {
  const o: Required<MarkdownOptions> = { maxActions: options.maxActions ?? 20, maxResources: options.maxResources ?? 5, headingLevel: options.headingLevel ?? 2 };
  const h = "#".repeat(o.headingLevel);
  const lines: string[] = [];
  lines.push(`${h} Stack ${code(r.stack)}`);
  lines.push("");
  lines.push(`Compared with: ${r.base} · source: ${r.mode === "plan" ? "saved plan (what Terraform will do)" : "synthesized configuration"}`);
  lines.push("");
  const count = (s: PrincipalChange["status"]): number => r.principals.filter((p) => p.status === s).length;
  lines.push(
    `Principals: ${count("created")} created, ${count("changed")} changed, ${count("replaced")} replaced, ${count("destroyed")} destroyed, ${r.unchangedPrincipals} unchanged. ` +
      `Flags: ${severityCounts(r.flags)} (new: ${severityCounts(r.flags, true)}).`,
  );
  lines.push("");
  if (r.flags.length) {
    // The flags that can block come first; the rest is folded.
    const top = r.flags.filter((f) => f.severity === "critical" || f.severity === "high");
    const rest = r.flags.filter((f) => f.severity !== "critical" && f.severity !== "high");
    lines.push(`${h}# Risk flags`);
    lines.push("");
    for (const f of top) lines.push(`- ${flagLine(f)}`);
    if (top.length) lines.push("");
    if (rest.length) {
      lines.push(`<details><summary>${rest.length} more flag${rest.length === 1 ? "" : "s"} (${severityCounts(rest)})</summary>`, "");
      for (const f of rest) lines.push(`- ${flagLine(f)}`);
      lines.push("", "</details>", "");
    }
  }
  if (r.principals.length) {
    lines.push(`${h}# Principals`);
    lines.push("");
    lines.push(`<details><summary>${r.principals.length} principal${r.principals.length === 1 ? "" : "s"} changed: permissions gained and lost, trust, notes</summary>`, "");
    for (const p of r.principals) lines.push(...principalSection(p, o, `${h}##`));
    lines.push("</details>", "");
  }
  const keys = r.keys.filter((k) => k.status !== "unchanged" || k.secretStores.length || k.idStores.length);
  if (keys.length) {
    lines.push(`${h}# Access keys`);
    lines.push("");
    for (const k of keys) lines.push(`- ${keyLine(k, r.keys)}`);
    lines.push("");
  }
  if (r.resourceChanges?.length) {
    lines.push(`${h}# Planned IAM resource changes`);
    lines.push("");
    for (const c of r.resourceChanges) {
      const why = c.replaceBecause ? ` because ${c.replaceBecause.map(code).join(", ")} changed` : c.reason ? ` (${c.reason})` : "";
      lines.push(`- ${code(c.address)}: ${c.action}${why}`);
    }
    lines.push("");
  }
  if (!r.principals.length && !keys.length && !r.flags.length && !r.resourceChanges?.length) {
    lines.push("No IAM change.");
    lines.push("");
  }
  return redact(lines.join("\n"));
}

/** What a reviewer reads first: new blocking flags, and who gains escalation or credential access. */
function summary(stacks: readonly StackReview[]): string[] {
  const lines: string[] = ["## Summary", ""];
  const blocking = stacks.flatMap((r) => r.flags.filter((f) => f.isNew && (f.severity === "critical" || f.severity === "high")).map((f) => ({ r, f })));
  if (!blocking.length) lines.push("- No new critical or high flag.");
  else {
    lines.push(`- **${blocking.length} new critical/high flag${blocking.length === 1 ? "" : "s"}:**`);
    for (const { r, f } of blocking.slice(0, 10)) lines.push(`  - ${code(r.stack)}: ${flagLine(f)}`);
    if (blocking.length > 10) lines.push(`  - and ${blocking.length - 10} more in the stack sections below`);
  }
  const gaining = (category: string): string[] => [
    ...new Set(stacks.flatMap((r) => r.flags.filter((f) => f.isNew && f.category === category && f.severity !== "info" && f.severity !== "low").map((f) => `${code(f.subject)} (${r.stack})`))),
  ];
  const esc = gaining("privilege-escalation");
  const cred = gaining("credential-exposure");
  lines.push(`- Principals gaining privilege escalation: ${esc.length ? more(esc, 10) : "none"}.`);
  lines.push(`- Principals gaining credential access or exposing credentials: ${cred.length ? more(cred, 10) : "none"}.`);
  lines.push("");
  return lines;
}

/** The whole review: a summary table, then one section per stack. */
export function renderMarkdown(
  stacks: readonly StackReview[],
  options: MarkdownOptions & { failOn?: Severity; failed?: boolean; failScope?: "new" | "all" } = {},
): string {
  const lines: string[] = [COMMENT_MARKER, "# IAM review", ""];
  lines.push("| Stack | Created | Changed | Replaced | Destroyed | Keys | Flags | Highest |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const r of stacks) {
    const c = (s: string): number => r.principals.filter((p) => p.status === s).length;
    const keys = r.keys.filter((k) => k.status !== "unchanged").length;
    lines.push(`| ${code(r.stack)} | ${c("created")} | ${c("changed")} | ${c("replaced")} | ${c("destroyed")} | ${keys} | ${r.flags.length} | ${r.maxSeverity ?? "none"} |`);
  }
  lines.push("");
  if (options.failOn) {
    const scope = options.failScope === "all" ? "any flag" : "new flags";
    lines.push(`Gate: fails on ${scope} at or above **${options.failOn}** — ${options.failed ? "**FAILED**" : "passed"}.`, "");
  }
  lines.push(...summary(stacks));
  for (const r of stacks) lines.push(renderStackMarkdown(r, options));
  return redact(lines.join("\n"));
}
