/**
 * The Terraform expression `parseint(substr(sha256(jsonencode([<parts>])), 0, 12), 16)` as one token.
 *
 * Written with cdktf's functions (`Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(parts)), 0, 12), 16)`), the
 * expression is five tokens, each recording a JavaScript stack trace when it is made, and cdktf resolves the
 * parts of the list three times each (its function calls resolve every argument before rendering it, and again
 * while rendering it). A service user's `value_wo_version` is this expression (ssm-store.ts): in a stack of
 * 1,000 users, about a tenth of the synth. {@link fingerprintExpression} is one token that renders the same text
 * the same way, resolving each part once with the context cdktf's function calls give it, and records where it
 * belongs instead of a stack trace.
 *
 * It renders parts that are numbers, literal strings, or strings that are exactly one token; a string mixing
 * literal text and tokens is rendered by cdktf's own functions (the caller's fallback, see
 * {@link fingerprintRenderable}). Tested against cdktf's rendering (__tests__/constructs/fingerprint-expression.test.ts).
 */
import { Fn, Token, Tokenization } from "./cdktf";
import type { IResolvable, IResolveContext } from "./cdktf";
import { resolveOneReference } from "./reference-resolve";

class FingerprintExpression implements IResolvable {
  readonly creationStack: string[];
  /** Which parts are strings of exactly one token (rendered as the token's expression). */
  private readonly singleTokens: readonly boolean[];

  constructor(
    private readonly parts: readonly unknown[],
    where: string,
    kinds: readonly PartKind[],
  ) {
    this.creationStack = [where];
    this.singleTokens = kinds.map((kind) => kind === "token");
  }

  resolve(context: IResolveContext): unknown {
    // What cdktf's function calls do (cdktf/lib/tfExpression.js, FunctionCall.resolve): arguments are rendered
    // without braces and without escaping, then the flags they found are restored (suppressBraces stays set).
    const suppressBraces = context.suppressBraces;
    const ignoreEscapes = context.ignoreEscapes;
    const warnEscapes = context.warnEscapes;
    context.suppressBraces = true;
    context.ignoreEscapes = true;
    context.warnEscapes = true;
    const rendered = this.parts.map((part, i) => renderPart(context, part, this.singleTokens[i] === true));
    context.ignoreEscapes = ignoreEscapes;
    context.warnEscapes = warnEscapes;
    if (rendered.includes(COLLECTION)) {
      // A token of a list or map renders as cdktf renders a collection: cdktf's functions do it.
      context.suppressBraces = suppressBraces;
      return cdktfExpression(this.parts);
    }
    const expr = `parseint(substr(sha256(jsonencode([${rendered.join(", ")}])), 0, 12), 16)`;
    return suppressBraces ? expr : `\${${expr}}`;
  }

  toString(): string {
    return Token.asString(this);
  }

  /** What JSON.stringify shows before synth (as cdktf's tokens). */
  toJSON(): string {
    return "<unresolved-token>";
  }
}

/** The same expression written with cdktf's functions (a string token). */
function cdktfExpression(parts: readonly unknown[]): string {
  return Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(parts)), 0, 12), 16) as string;
}

/** A part that is one token resolving to something other than a string (a list or a map). */
const COLLECTION = Symbol("collection");

/** One element of the list, as cdktf's `resolveArg` renders a number, a literal string or a single-token string. */
function renderPart(context: IResolveContext, part: unknown, singleToken: boolean): unknown {
  // An attribute reference (the key's ARN, the access key's id) by the reference itself: cdktf's result, cheaper.
  const reference = singleToken ? resolveOneReference(part as string, context.scope, context.preparing, true) : undefined;
  const resolved = reference ?? context.resolve(part);
  if (typeof part !== "string" || singleToken) return resolved !== null && typeof resolved === "object" ? COLLECTION : resolved;
  const text = String(resolved);
  return text !== `"` && text.startsWith('"') && text.endsWith('"') ? escapeString(text) : `"${escapeString(text)}"`;
}

/** cdktf's escaping of a literal in an expression (TFExpression.escapeString). */
function escapeString(s: string): string {
  return s.replace(/\n/g, "\\n").replace(/\${/g, "$$${");
}

/** How cdktf renders a part: a number, a literal string, a string that is exactly one token, or anything else. */
type PartKind = "number" | "literal" | "token" | "other";

function partKind(part: unknown): PartKind {
  if (typeof part === "number") return "number";
  if (typeof part !== "string") return "other";
  const list = Tokenization.reverseString(part);
  const tokens = list.tokens.length + list.intrinsic.length;
  if (tokens === 0) return "literal";
  return tokens === 1 && list.literals.length === 0 && list.escapes.length === 0 ? "token" : "other";
}

/** True when {@link fingerprintExpression} renders these parts (numbers, literal strings, single-token strings). */
export function fingerprintRenderable(parts: readonly unknown[]): boolean {
  return parts.every((p) => partKind(p) !== "other");
}

/**
 * `parseint(substr(sha256(jsonencode(parts)), 0, 12), 16)` as a number token, rendered as cdktf renders
 * `Token.asNumber(Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode(parts)), 0, 12), 16))`. Parts that
 * {@link fingerprintRenderable} refuses are rendered with cdktf's functions.
 * @param where shown in resolution errors instead of a stack trace, for example "<construct path> (value_wo_version)"
 */
export function fingerprintExpression(parts: readonly unknown[], where: string): number {
  const kinds = parts.map(partKind);
  if (kinds.includes("other")) return Token.asNumber(cdktfExpression(parts));
  return Token.asNumber(new FingerprintExpression(parts, where, kinds));
}
