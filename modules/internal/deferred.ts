/**
 * A value computed at synth, as cdktf's `Lazy.stringValue` / `Lazy.anyValue` make one, for the library's own
 * synth-time values (policy documents, opt-out reasons).
 *
 * cdktf's Lazy records a full JavaScript stack trace when it is made (`creationStack`, shown only when resolving
 * it fails); in a stack of 1,000 principals that is thousands of formatted stack traces, a tenth of the synth.
 * A deferred value records instead where it belongs: the construct path and what the value is, which is what a
 * resolution error then shows ("Object creation stack: at bench/p1_policy (policy document)"). It resolves exactly
 * as a Lazy without options: the producer's result, which cdktf resolves further.
 */
import { Token } from "./cdktf";
import type { IResolvable, IResolveContext } from "./cdktf";

class Deferred implements IResolvable {
  readonly creationStack: string[];

  constructor(
    private readonly produce: (context: IResolveContext) => unknown,
    where: string,
  ) {
    this.creationStack = [where];
  }

  resolve(context: IResolveContext): unknown {
    return this.produce(context);
  }

  toString(): string {
    return Token.asString(this);
  }

  /** What JSON.stringify shows before synth (as cdktf's Lazy). */
  toJSON(): string {
    return "<unresolved-lazy>";
  }
}

/**
 * A string token whose value `produce` computes at synth (as `Lazy.stringValue`).
 * @param where shown in resolution errors instead of a stack trace, for example "<construct path> (policy document)"
 */
export function deferredString(where: string, produce: (context: IResolveContext) => string | undefined): string {
  return Token.asString(new Deferred(produce, where));
}

/**
 * A token of any value `produce` computes at synth (as `Lazy.anyValue`).
 * @param where shown in resolution errors instead of a stack trace
 */
export function deferredAny(where: string, produce: (context: IResolveContext) => unknown): IResolvable {
  return new Deferred(produce, where);
}
