/**
 * A string that is exactly one attribute reference (cdktf's own `Reference` token, `${TfToken[TOKEN.<n>]}`, the
 * commonest token of a stack), resolved as cdktf's generic resolver does it, without that resolver's machinery
 * (contexts and closures per string, string splitting, post-processing): the token is looked up by its key in
 * cdktf's token map, as cdktf's string splitting does, and the reference's own `resolve` runs with a context of the
 * same scope, `preparing` flag and braces flag (a cross-stack reference registers itself the same way). cdktf then
 * resolves the result further, which leaves a plain string as it is: so is it returned here. Anything else (another
 * token, a reference resolving to a cross-stack token, an unknown key) is undefined: the caller has cdktf resolve it.
 *
 * Used by fast-resolve.ts (strings reached through plain data: cdktf's default flags) and by
 * fingerprint-expression.ts (arguments of a function call: braces suppressed). Tested against cdktf's resolution
 * (__tests__/stack/fast-render.test.ts, __tests__/constructs/fingerprint-expression.test.ts).
 */
import { REFERENCE_PROTOTYPE } from "./attribute-ref";
import { DefaultTokenResolver, StringConcat, TokenMap, Tokenization } from "./cdktf";
import type { IConstruct, IResolveContext } from "./cdktf";
import { plainString } from "./token-text";

/** A string that is one string token and nothing else; the token's key. */
const ONE_TOKEN = /^\$\{TfToken\[(TOKEN\.\d+)\]\}$/;

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * `s` resolved as cdktf resolves it in a context of `scope`, `preparing` and `suppressBraces` (the other flags as a
 * function call or plain data leave them), when `s` is exactly one attribute reference resolving to a plain string;
 * otherwise undefined.
 */
export function resolveOneReference(s: string, scope: IConstruct, preparing: boolean, suppressBraces: boolean | undefined): string | undefined {
  const key = REFERENCE_PROTOTYPE === undefined ? undefined : ONE_TOKEN.exec(s)?.[1];
  if (key === undefined) return undefined;
  let out: unknown;
  try {
    const token = TokenMap.instance().lookupToken(key); // throws when the key is unknown
    if (Object.getPrototypeOf(token) !== REFERENCE_PROTOTYPE) return undefined;
    out = token.resolve(new ReferenceContext(scope, preparing, suppressBraces) as unknown as IResolveContext);
  } catch {
    return undefined; // cdktf reports it
  }
  return typeof out === "string" && plainString(out) ? out : undefined;
}

/**
 * The context a reference reads: scope, preparing and the braces flag (it sets suppressBraces on it). A class, so
 * that no function is made per resolution.
 */
class ReferenceContext {
  readonly ignoreEscapes = undefined;
  readonly warnEscapes = undefined;
  readonly iteratorContext = undefined;

  constructor(
    readonly scope: IConstruct,
    readonly preparing: boolean,
    public suppressBraces: boolean | undefined,
  ) {}

  registerPostProcessor(): void {}

  resolve(x: unknown): unknown {
    return Tokenization.resolve(x, { scope: this.scope, preparing: this.preparing, resolver: RESOLVER });
  }
}
