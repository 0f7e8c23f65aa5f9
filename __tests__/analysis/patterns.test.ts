/** IAM wildcard patterns: matching, inclusion, overlap; policy variables. */
import { globCovers, globIntersects, globMatch } from "../../modules/analysis";
import { substitute } from "../../modules/analysis/patterns";

test.each([
  ["arn:aws:s3:::b/*", "arn:aws:s3:::b/k", true],
  ["arn:aws:s3:::b/*", "arn:aws:s3:::c/k", false],
  ["arn:aws:iam::*:role/a?", "arn:aws:iam::1:role/ab", true],
  ["arn:aws:iam::*:role/a?", "arn:aws:iam::1:role/abc", false],
  ["a.b", "axb", false],
  ["*", "", true],
])("globMatch(%s, %s) = %s", (p, v, expected) => expect(globMatch(p, v)).toBe(expected));

test.each([
  ["*", "arn:aws:iam::1:role/*", true],
  ["arn:aws:iam::*:role/*", "arn:aws:iam::1:role/app-*", true],
  ["arn:aws:iam::1:role/app-*", "arn:aws:iam::1:role/*", false],
  ["arn:aws:iam::1:role/a?", "arn:aws:iam::1:role/a*", false],
  ["arn:aws:iam::1:role/a*", "arn:aws:iam::1:role/a?", true],
  ["arn:aws:iam::1:role/app", "arn:aws:iam::1:role/app", true],
  ["arn:aws:iam::1:role/app", "arn:aws:iam::1:role/App", false],
])("globCovers(%s, %s) = %s", (outer, inner, expected) => expect(globCovers(outer, inner)).toBe(expected));

test.each([
  ["arn:aws:iam::1:role/app-*", "arn:aws:iam::1:role/*-admin", true],
  ["arn:aws:iam::1:role/app-*", "arn:aws:iam::1:user/*", false],
  ["a?c", "*b*", true],
  ["a?c", "abd", false],
])("globIntersects(%s, %s) = %s", (a, b, expected) => expect(globIntersects(a, b)).toBe(expected));

test("variables: value, default, absent, unknown, escapes", () => {
  const known: Record<string, string | null> = { "aws:username": "alice", "aws:principaltag/team": null };
  const lookup = (k: string) => (k in known ? known[k] : undefined);
  expect(substitute("user/${aws:username}", lookup)).toEqual({ kind: "value", text: "user/alice" });
  expect(substitute("b/${aws:PrincipalTag/team, 'none'}/*", lookup)).toEqual({ kind: "value", text: "b/none/*" });
  expect(substitute("b/${aws:PrincipalTag/team}/*", lookup)).toEqual({ kind: "absent", key: "aws:principaltag/team" });
  expect(substitute("b/${aws:SourceVpc}/*", lookup)).toEqual({ kind: "unknown", key: "aws:sourcevpc" });
  expect(substitute("literal-${$}-${?}", lookup)).toEqual({ kind: "value", text: "literal-$-?" });
});
