/**
 * Kind 6 of issue 11: values that change on the way in. In YAML, an unquoted 012345670123 becomes the number
 * 12345670123: wherever IAM expects a string, an unquoted number is refused and the fix quotes the text as written
 * (with its zeros). In code, `undefined`, NaN and invalid dates are refused instead of being written as text.
 */
import { Condition } from "../../modules/policy";
import { expectAccepted, expectRefused, viaCode, viaConfig, yaml } from "./support";

const trustWith = (op: string, key: string, value: string) =>
  yaml(`roles: [{ name: r, additionalTrustStatements: [{ actions: [sts:AssumeRole], principals: [{ account: '123456789012' }], conditions: { ${JSON.stringify(op)}: { ${JSON.stringify(key)}: ${value} } } }] }]`);
const policyWith = (op: string, key: string, value: string) =>
  yaml(`policies: [{ name: p, statements: [{ actions: [s3:GetObject], resources: ['arn:aws:s3:::b/*'], conditions: { ${JSON.stringify(op)}: { ${JSON.stringify(key)}: ${value} } } }] }]`);

const NUMBERS: [string, string][] = [
  ["012345670123", "12345670123"],
  ["000000000001", "1"],
  ["0123", "123"],
  ["123456789012", "123456789012"],
  ["1.50", "1.5"],
  ["1e3", "1000"],
  ["0x1F", "31"],
  ["0o17", "15"],
];
const OPERATORS = ["StringEquals", "StringLike", "StringNotEquals", "ForAnyValue:StringEquals", "StringEqualsIfExists"];

describe("config: unquoted numbers under string condition operators are refused, quoting the text as written", () => {
  it.each(NUMBERS.flatMap(([text, read]) => OPERATORS.slice(0, 3).map((op) => [op, text, read] as const)))("trust policy %s: %s", (op, text) => {
    expectRefused(viaConfig(trustWith(op, "aws:PrincipalAccount", text)), { where: `conditions.${op.includes(":") ? `["${op}"]` : op}["aws:PrincipalAccount"]`, what: text, rule: /compares strings, but YAML reads/, fix: `Quote it as written: "${text}"` }, "config");
  });
  it.each(NUMBERS.flatMap(([text]) => OPERATORS.slice(3).map((op) => [op, text] as const)))("managed policy %s: %s", (op, text) => {
    expectRefused(viaConfig(policyWith(op, "aws:PrincipalAccount", text)), { where: /policies\[0\]\.statements\[0\]\.conditions/, what: text, rule: /YAML reads the unquoted/, fix: `"${text}"` }, "config");
  });
  it.each(NUMBERS)("inside a list of values: %s", (text) => {
    expectRefused(viaConfig(policyWith("StringEquals", "aws:PrincipalAccount", `['111122223333', ${text}]`)), { where: '["aws:PrincipalAccount"][1]', what: text, rule: /YAML reads/ }, "config");
  });
});

describe("config: unquoted account ids are refused with the zeros kept in the fix", () => {
  it.each(["012345678901", "000011112222", "123456789012"])("allowedAccountIds: %s", (text) => {
    expectRefused(viaConfig(yaml(`stack: { allowedAccountIds: [${text}] }`)), { where: "stack.allowedAccountIds[0]", rule: /Expected a string/, fix: `Quote it ("${text}")` }, "config");
  });
  it.each(["012345678901", "000011112222"])("a principal account: %s", (text) => {
    expectRefused(viaConfig(yaml(`roles: [{ name: r, additionalTrustStatements: [{ actions: [sts:AssumeRole], principals: [{ account: ${text} }] }] }]`)), { where: /principals\[0\]\.account/, rule: /Expected a string/, fix: `Quote it ("${text}")` }, "config");
  });
});

describe("config: quoted values and numbers where numbers belong are accepted (must pass)", () => {
  it.each(["'012345670123'", '"012345670123"', "'o-a1b2c3d4e5'", "[ '111122223333', '012345670123' ]"])("StringEquals %s", (value) => {
    expectAccepted(viaConfig(trustWith("StringEquals", "aws:PrincipalAccount", value)));
  });
  it.each([["NumericLessThan", "aws:MultiFactorAuthAge", "3600"], ["Bool", "aws:SecureTransport", "true"], ["DateGreaterThan", "aws:CurrentTime", "'2026-01-01T00:00:00Z'"]])("%s %s: %s", (op, key, value) => {
    expectAccepted(viaConfig(policyWith(op, key, value)));
  });
});

describe("code: values that would be written as other text are refused", () => {
  const bad: [string, () => unknown, string][] = [
    ["stringEquals(key, undefined)", () => Condition.stringEquals("aws:PrincipalOrgID", undefined as never), "undefined"],
    ["stringEquals(key, null)", () => Condition.stringEquals("aws:PrincipalOrgID", null as never), "null"],
    ["stringEquals(key, [a, undefined])", () => Condition.stringEquals("aws:PrincipalOrgID", ["o-a1b2c3d4e5", undefined as never]), "undefined"],
    ["stringLike(key, {})", () => Condition.stringLike("aws:userid", {} as never), "{}"],
    ["numericLessThan(key, NaN)", () => Condition.numericLessThan("aws:MultiFactorAuthAge", Number.NaN), "null"],
    ["numericLessThan(key, Infinity)", () => Condition.numericLessThan("aws:MultiFactorAuthAge", Number.POSITIVE_INFINITY), "null"],
    ["bool(key, undefined)", () => Condition.bool("aws:SecureTransport", undefined as never), "undefined"],
    ["isNull(key, undefined)", () => Condition.isNull("aws:TokenIssueTime", undefined as never), "undefined"],
    ["arnLike(key, undefined)", () => Condition.arnLike("aws:SourceArn", undefined as never), "undefined"],
    ["of(op, key, undefined)", () => Condition.of("StringEquals", "aws:PrincipalOrgID", undefined as never), "undefined"],
    ["stringEquals(undefined, value)", () => Condition.stringEquals(undefined as never, "o-a1b2c3d4e5"), "undefined"],
    ["stringEquals('', value)", () => Condition.stringEquals("", "o-a1b2c3d4e5"), '""'],
  ];
  it.each(bad)("%s", (_name, run, what) => {
    expectRefused(viaCode(run), { where: /Condition\.\w+: (values|key)/, what, rule: /condition/, fix: /Give|Pass/ }, "code");
  });

  const dates = ["dateLessThan", "dateLessThanEquals", "dateGreaterThan", "dateGreaterThanEquals", "dateEquals", "dateNotEquals"] as const;
  it.each(dates.flatMap((fn) => ["garbage", "2026-13-45", ""].map((text) => [fn, text] as const)))("Condition.%s(key, new Date(%j))", (fn, text) => {
    expectRefused(viaCode(() => Condition[fn]("aws:CurrentTime", new Date(text))), { where: "Condition.date: value", what: "Invalid Date", rule: /date is invalid/, fix: /valid date/ }, "code");
  });
  it.each(dates)("Condition.%s with a valid date is accepted (must pass)", (fn) => {
    expectAccepted(viaCode(() => expect(Condition[fn]("aws:CurrentTime", new Date("2026-01-01T00:00:00Z")).values).toEqual(["2026-01-01T00:00:00Z"])));
  });
});
