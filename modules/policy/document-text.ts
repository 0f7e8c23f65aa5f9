/**
 * A policy document's compact JSON text assembled from its statements' texts (each rendered once, see
 * `Statement.toJsonText`): the bytes `JSON.stringify` writes for `{ Version, Id?, Statement }`.
 */

/**
 * `JSON.stringify({ Version: "2012-10-17", Id, Statement: [...] })` where each statement is given as its
 * `JSON.stringify` text. `Id` is left out when undefined, as `JSON.stringify` leaves it out.
 */
export function documentText(statementTexts: readonly string[], id?: string): string {
  const head = id === undefined ? '{"Version":"2012-10-17",' : `{"Version":"2012-10-17","Id":${JSON.stringify(id)},`;
  return `${head}"Statement":[${statementTexts.join(",")}]}`;
}
