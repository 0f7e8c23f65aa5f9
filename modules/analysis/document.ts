/** Policy documents read into statements the evaluator can match quickly. */
import type { DocumentInput, StatementRef } from "./types";

/** A statement ready for evaluation. Action patterns are lower case; resource patterns keep their case. */
export interface AnalysedStatement {
  readonly ref: StatementRef;
  readonly effect: "Allow" | "Deny";
  /** `Action` patterns (lower case), or undefined when the statement uses `NotAction`. */
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  /** `Resource` patterns, or undefined when the statement uses `NotResource`. */
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly condition?: Readonly<Record<string, unknown>>;
  /** `Principal` / `NotPrincipal` (trust and resource policies) as given. */
  readonly principal?: unknown;
  readonly notPrincipal?: unknown;
}

/** A read document, or why it could not be read. */
export interface AnalysedDocument {
  readonly statements: readonly AnalysedStatement[];
  readonly unreadable?: string;
}

function list(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/**
 * Reads a document (JSON text or object). `source` labels its statements. Malformed documents are reported as
 * unreadable, never thrown: the model must answer for whatever a stack or plan holds.
 */
export function analyseDocument(input: DocumentInput | undefined, source: string, extra: Partial<StatementRef> = {}): AnalysedDocument {
  if (input === undefined) return { statements: [], unreadable: "document unknown" };
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch {
      return { statements: [], unreadable: "not valid JSON" };
    }
  }
  if (!doc || typeof doc !== "object") return { statements: [], unreadable: "not a JSON object" };
  const raw = (doc as Record<string, unknown>).Statement;
  const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const statements: AnalysedStatement[] = [];
  items.forEach((s, index) => {
    if (!s || typeof s !== "object") return;
    const st = s as Record<string, unknown>;
    const effect = st.Effect === "Deny" ? "Deny" : st.Effect === "Allow" ? "Allow" : undefined;
    if (!effect) return;
    const sid = typeof st.Sid === "string" && st.Sid !== "" ? st.Sid : undefined;
    statements.push({
      ref: { source, index, effect, ...(sid ? { sid } : {}), ...extra },
      effect,
      actions: list(st.Action)?.map((a) => a.toLowerCase()),
      notActions: list(st.NotAction)?.map((a) => a.toLowerCase()),
      resources: list(st.Resource),
      notResources: list(st.NotResource),
      condition: st.Condition && typeof st.Condition === "object" ? (st.Condition as Record<string, unknown>) : undefined,
      principal: st.Principal,
      notPrincipal: st.NotPrincipal,
    });
  });
  return { statements };
}
