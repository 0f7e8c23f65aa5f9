/** Severities of review flags, lowest first. */
export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;

/** How serious a flag is: `info` < `low` < `medium` < `high` < `critical`. */
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities: negative when `a` is lower than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** True when `s` is one of {@link SEVERITIES}. */
export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** The highest of a list of severities, or undefined for an empty list. */
export function maxSeverity(list: readonly Severity[]): Severity | undefined {
  let best: Severity | undefined;
  for (const s of list) if (!best || compareSeverity(s, best) > 0) best = s;
  return best;
}
