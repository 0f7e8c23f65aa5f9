/**
 * Construct ids made from users' names. The `constructs` library keeps a scope's children in a plain object, so a
 * child id equal to an `Object.prototype` member (`constructor`, `toString`, `hasOwnProperty`, `__proto__`...) is
 * taken for an existing child ("There is already a Construct with name 'constructor'"), although these are valid
 * IAM names. Such ids get a `~` appended: no name or key gives `~` otherwise (ids keep only letters, digits, _ and
 * -), so the result never clashes with another name's id.
 */
export function childId(id: string): string {
  return id in Object.prototype ? `${id}~` : id;
}
