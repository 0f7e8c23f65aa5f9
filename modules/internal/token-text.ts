/**
 * What cdktf looks for in plain data when it resolves (cdktf/lib/tokens/private/encoding.js, resolve.js): token
 * markers in strings, encoded numbers, map token placeholders. Shared by the fast resolution (fast-resolve.ts)
 * and the resolution of one-reference strings (reference-resolve.ts).
 */
import { Token } from "./cdktf";

/** cdktf's token markers share this text: `${TfToken[`, `#{TfToken[` (list), `&{TfToken[` (map). */
export const TOKEN_MARKER = "{TfToken[";
/**
 * cdktf's pattern of an encoded number inside a string (NUMBER_TOKEN_REGEX of cdktf/lib/tokens/private/encoding.js).
 * A string that matches goes to cdktf, which leaves it as it is unless the number is a token.
 */
export const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/** The placeholders cdktf writes for map tokens (refused in scalar string context). */
export const STRING_MAP_TOKEN_VALUE = Token.STRING_MAP_TOKEN_VALUE;
export const ANY_MAP_TOKEN_VALUE = Token.ANY_MAP_TOKEN_VALUE;
/** The number cdktf writes for number map tokens (refused in scalar number context). */
const NUMBER_MAP_TOKEN_VALUE = Token.NUMBER_MAP_TOKEN_VALUE;

/** A string cdktf returns unchanged: no token marker, no encoded number, not a map token placeholder. */
export function plainString(s: string): boolean {
  return !s.includes(TOKEN_MARKER) && !NUMBER_IN_STRING.test(s) && s !== STRING_MAP_TOKEN_VALUE && s !== ANY_MAP_TOKEN_VALUE;
}

/**
 * A number cdktf returns unchanged: not an encoded token (cdktf's `resolveNumberToken` finds no token for it) and
 * not the number map placeholder (which cdktf refuses).
 */
export function plainNumber(n: number): boolean {
  return n !== NUMBER_MAP_TOKEN_VALUE && !Token.isUnresolved(n);
}
