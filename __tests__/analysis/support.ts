/** Helpers for the analysis tests: principals from bare statements. */
import { buildPrincipal } from "../../modules/analysis";
import type { PolicyInput, PrincipalInput } from "../../modules/analysis";

export const ACCOUNT = "111122223333";

/** A policy document object from statements. */
export function doc(...Statement: Record<string, unknown>[]): { Version: string; Statement: Record<string, unknown>[] } {
  return { Version: "2012-10-17", Statement };
}

/** An inline policy input. */
export function inline(name: string, ...statements: Record<string, unknown>[]): PolicyInput {
  return { kind: "inline", name, document: doc(...statements) };
}

/** A user (or role) of ACCOUNT holding one inline policy with these statements. */
export function principalWith(kind: "user" | "role", name: string, statements: Record<string, unknown>[], extra: Partial<PrincipalInput> = {}) {
  return buildPrincipal({ kind, name, accountId: ACCOUNT, policies: [inline("p", ...statements)], ...extra });
}
