/**
 * Validators for the names, paths, descriptions and tags IAM accepts.
 *
 * Each adds problems to a {@link Problems} collector instead of throwing, so a
 * construct can report everything wrong with its props at once. Values that are
 * references (unresolved tokens) are skipped: Terraform resolves them later.
 */
import { Problems } from "./errors";

/** Kinds of IAM names with their length limits (IAM API reference). */
export type IamNameKind = "role" | "user" | "group" | "policy" | "instance profile";

const NAME_MAX: Record<IamNameKind, number> = {
  role: 64,
  user: 64,
  group: 128,
  policy: 128,
  "instance profile": 128,
};

/** Terraform's `name_prefix` appends 26 characters: the prefix gets what is left. */
const PREFIX_SUFFIX_LENGTH = 26;

const NAME_CHARS = /^[\w+=,.@-]+$/;
const PATH_SHAPE = /^\/(?:[\u0021-\u007E]+\/)?$/;
const DESCRIPTION_CHARS = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** True when a string carries an unresolved reference (`${...}` or a CDKTF token). */
export type ReferenceTest = (value: string) => boolean;

const noReference: ReferenceTest = () => false;

/** Largest length of a name of this kind. */
export function maxNameLength(kind: IamNameKind): number {
  return NAME_MAX[kind];
}

/** Checks an IAM name (role, user, group, policy, instance profile). */
export function checkIamName(
  problems: Problems,
  field: string,
  value: string | undefined,
  kind: IamNameKind,
  isReference: ReferenceTest = noReference,
): void {
  if (value === undefined || isReference(value)) return;
  const max = NAME_MAX[kind];
  if (value.length === 0 || value.length > max) {
    problems.add(field, value, `An IAM ${kind} name must be 1 to ${max} characters long (this one has ${value.length}).`, `Use a name of at most ${max} characters.`);
  }
  if (value.length > 0 && !NAME_CHARS.test(value)) {
    problems.add(field, value, `An IAM ${kind} name may contain only letters, digits and + = , . @ _ -.`, "Remove spaces, slashes and other characters from the name (put hierarchy in `path` instead).");
  }
}

/** Checks a Terraform `name_prefix`, which gets a 26-character unique suffix. */
export function checkIamNamePrefix(
  problems: Problems,
  field: string,
  value: string | undefined,
  kind: IamNameKind,
  isReference: ReferenceTest = noReference,
): void {
  if (value === undefined || isReference(value)) return;
  const max = NAME_MAX[kind] - PREFIX_SUFFIX_LENGTH;
  if (value.length === 0 || value.length > max) {
    problems.add(field, value, `An IAM ${kind} name prefix must be 1 to ${max} characters long, because Terraform appends a ${PREFIX_SUFFIX_LENGTH}-character suffix (this one has ${value.length}).`, `Shorten the prefix to at most ${max} characters, or give a full name instead.`);
  }
  if (value.length > 0 && !NAME_CHARS.test(value)) {
    problems.add(field, value, `An IAM ${kind} name prefix may contain only letters, digits and + = , . @ _ -.`, "Remove spaces, slashes and other characters from the prefix.");
  }
}

/** Reports a name and a name prefix given together. */
export function checkNameOrPrefix(problems: Problems, name: string | undefined, namePrefix: string | undefined): void {
  if (name !== undefined && namePrefix !== undefined) {
    problems.add("namePrefix", namePrefix, "`name` and `namePrefix` are mutually exclusive.", "Keep `name` for a fixed name, or `namePrefix` for a generated unique one, not both.");
  }
}

/** Checks an IAM path such as `/` or `/integrations/plakar/`. */
export function checkIamPath(problems: Problems, field: string, value: string | undefined, isReference: ReferenceTest = noReference): void {
  if (value === undefined || isReference(value)) return;
  if (value.length > 512 || !PATH_SHAPE.test(value)) {
    problems.add(field, value, "An IAM path must start and end with `/`, be at most 512 characters, and use printable ASCII without spaces.", 'Use a path such as "/" or "/integrations/plakar/".');
  } else if (typeof value === "string" && /[*?]/.test(value)) {
    problems.add(field, value, "A path may not hold `*` or `?`: the path is part of the entity's ARN, where they would read as wildcards in every policy that names it.", `Use letters, digits and - in the path, for example "${value.replace(/[*?]+/g, "").replace(/\/+/g, "/")}".`);
  }
}

/** Checks an IAM description (roles, policies). */
export function checkDescription(problems: Problems, field: string, value: string | undefined, isReference: ReferenceTest = noReference, max = 1000): void {
  if (value === undefined || isReference(value)) return;
  if (value.length > max) {
    problems.add(field, value, `A description may be at most ${max} characters (this one has ${value.length}).`, "Shorten the description.");
  }
  if (!DESCRIPTION_CHARS.test(value)) {
    problems.add(field, value, "A description may contain only printable Latin-1 characters, tabs and new lines.", "Remove emoji and other characters outside Latin-1.");
  }
}

/** Checks resource tags: at most 50, keys 1 to 128 and values up to 256 characters, no `aws:` prefix. */
export function checkTags(problems: Problems, field: string, tags: Record<string, string> | undefined, max = 50): void {
  if (!tags) return;
  const keys = Object.keys(tags);
  if (keys.length > max) {
    problems.add(field, `${keys.length} tags`, `AWS allows at most ${max} tags on a resource.`, "Remove tags, or merge several into one.");
  }
  for (const key of keys) {
    const value = tags[key];
    const where = `${field}[${JSON.stringify(key)}]`;
    if (key.length === 0 || key.length > 128) {
      problems.add(where, key, "A tag key must be 1 to 128 characters long.", "Shorten the tag key.");
    }
    if (/^aws:/i.test(key)) {
      problems.add(where, key, "Tag keys starting with `aws:` are reserved for AWS.", "Rename the tag key without the `aws:` prefix.");
    }
    if (!TAG_CHARS.test(key)) {
      problems.add(where, key, "A tag key may contain only letters, digits, spaces and _ . : / = + - @.", "Remove other characters from the tag key.");
    }
    if (typeof value !== "string") {
      problems.add(where, value, "A tag value must be a string.", "Quote the value.");
      continue;
    }
    if (value.length > 256) {
      problems.add(where, value, "A tag value may be at most 256 characters long.", "Shorten the tag value.");
    }
    if (!TAG_CHARS.test(value)) {
      problems.add(where, value, "A tag value may contain only letters, digits, spaces and _ . : / = + - @.", "Remove other characters from the tag value.");
    }
  }
}

/** Checks a 12-digit AWS account id. */
export function checkAccountId(problems: Problems, field: string, value: string | undefined, isReference: ReferenceTest = noReference): void {
  if (value === undefined || isReference(value)) return;
  if (!/^\d{12}$/.test(value)) {
    problems.add(field, value, "An AWS account id is exactly 12 digits.", 'Write the account id as a quoted 12-digit string, for example "123456789012" (keep leading zeros).');
  }
}

/** The naming props most IAM resources share. */
export interface NamingProps {
  readonly name?: string;
  readonly namePrefix?: string;
  readonly path?: string;
  readonly description?: string;
  readonly tags?: Record<string, string>;
}

/** Checks `name` / `namePrefix` (exclusive), `path`, `description` and `tags` of an IAM resource of a kind. */
export function checkNaming(problems: Problems, props: NamingProps, kind: IamNameKind, isReference: ReferenceTest = noReference): void {
  checkNameOrPrefix(problems, props.name, props.namePrefix);
  checkIamName(problems, "name", props.name, kind, isReference);
  checkIamNamePrefix(problems, "namePrefix", props.namePrefix, kind, isReference);
  checkIamPath(problems, "path", props.path, isReference);
  checkDescription(problems, "description", props.description, isReference);
  checkTags(problems, "tags", props.tags);
}
