/**
 * Validation done once per distinct thing (issue 14) must not change what is reported: a preset is built and
 * checked once per process for each set of arguments, a statement shared by many documents is checked once per
 * use and partition, and neither hides a problem nor leaks one document's changes into another.
 */
import { ValidationError } from "../../modules/core/errors";
import { PolicyDocument, Principal, Statement } from "../../modules/policy";
import { Presets } from "../../modules/presets";

const validateAs = (doc: PolicyDocument, use: "identity" | "trust", partition?: string) =>
  doc.validate(use, { path: "app/stack/P", ...(partition ? { partition } : {}) }).map((p) => `${p.field}: ${p.rule}`);

describe("presets built once per distinct arguments", () => {
  it("returns a new document each call, equal to the first, that can be extended alone", () => {
    const a = Presets.inventoryReader();
    const b = Presets.inventoryReader({});
    expect(a).not.toBe(b);
    expect(b.toJSON()).toEqual(a.toJSON());
    const before = JSON.stringify(b.toJSON());
    a.addStatements({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::extra/*"] });
    expect(JSON.stringify(Presets.inventoryReader().toJSON())).toBe(before);
    expect(a.statements).toHaveLength(b.statements.length + 1);
  });

  it.each([
    [{ partition: "aws-cn" }, "arn:aws-cn:"],
    [{ partition: "aws-us-gov" }, "arn:aws-us-gov:"],
  ])("keys by every argument: %j gives its own document", (options, arnPrefix) => {
    const text = JSON.stringify(Presets.s3Bucket({ bucket: "reports", access: "source", ...options }).toJSON());
    expect(text).toContain(arnPrefix);
    expect(JSON.stringify(Presets.s3Bucket({ bucket: "reports", access: "source" }).toJSON())).toContain("arn:aws:s3:::reports");
    expect(JSON.stringify(Presets.s3Bucket({ bucket: "other", access: "source" }).toJSON())).toContain("arn:aws:s3:::other");
  });

  it("throws for invalid arguments on every call, never from a cache", () => {
    for (let i = 0; i < 2; i++) {
      expect(() => Presets.s3Bucket({ bucket: "reports", access: "read" as never })).toThrow(ValidationError);
      expect(() => Presets.inventoryReader({ partition: "aws-moon" })).toThrow(/Unknown AWS partition/);
    }
  });
});

describe("a statement shared by documents is checked once per use and partition", () => {
  const shared = new Statement({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] });

  it("reports the same problems each time a statement with problems is validated", () => {
    const bad = new Statement({ actions: ["s3:GetObjekt"], resources: ["arn:aws:s3:::bucket/*"] });
    const first = validateAs(new PolicyDocument({ statements: [bad] }), "identity");
    expect(first.length).toBeGreaterThan(0);
    expect(validateAs(new PolicyDocument({ statements: [bad] }), "identity")).toEqual(first);
  });

  it("a statement valid in one partition is still checked in another", () => {
    expect(validateAs(new PolicyDocument({ statements: [shared] }), "identity", "aws")).toEqual([]);
    expect(validateAs(new PolicyDocument({ statements: [shared] }), "identity", "aws")).toEqual([]);
    expect(validateAs(new PolicyDocument({ statements: [shared] }), "identity", "aws-cn").join("\n")).toMatch(/partition/i);
  });

  it("a statement valid as an identity policy is still checked as a trust policy", () => {
    expect(validateAs(new PolicyDocument({ statements: [shared] }), "identity")).toEqual([]);
    expect(validateAs(new PolicyDocument({ statements: [shared] }), "trust").length).toBeGreaterThan(0);
  });

  it("a statement valid under one reference test is still checked under another (constructs use cdktf's)", () => {
    const computed = new Statement({ actions: ["s3:GetObject"], resources: ["bucket-arn-from-elsewhere"] });
    const everyStringIsAReference = (_s: string) => true;
    const withTest = () => new PolicyDocument({ statements: [computed] }).validate("identity", { path: "app/stack/P", isReference: everyStringIsAReference });
    expect(withTest()).toEqual([]);
    expect(withTest()).toEqual([]);
    expect(validateAs(new PolicyDocument({ statements: [computed] }), "identity").join("\n")).toMatch(/resources\[0\]/);
  });

  it("labels the problems of each document with its own statement index", () => {
    const trust = new Statement({ actions: ["sts:AssumeRole"], principals: [Principal.service("ec2.amazonaws.com")] });
    const bad = new Statement({ actions: ["s3:GetObjekt"], resources: ["*"] });
    expect(validateAs(new PolicyDocument({ statements: [shared, bad] }), "identity")[0]).toMatch(/^statements\[1\]/);
    expect(validateAs(new PolicyDocument({ statements: [bad] }), "identity")[0]).toMatch(/^statements\[0\]/);
    expect(validateAs(new PolicyDocument({ statements: [trust] }), "trust")).toEqual([]);
  });
});
