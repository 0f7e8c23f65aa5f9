import { evaluateConfigValue, evaluateTemplate, refAddress } from "../../modules/review/hcl";

describe("reading Terraform JSON strings", () => {
  it("unescapes $${ into a literal ${ (IAM policy variables)", () => {
    const r = evaluateTemplate('{"Resource":"arn:aws:s3:::b/$${aws:username}/*"}');
    expect(r).toEqual({ value: '{"Resource":"arn:aws:s3:::b/${aws:username}/*"}', refs: [], known: true });
  });

  it("keeps a whole-string reference as a placeholder and records it", () => {
    expect(evaluateTemplate("${aws_iam_role.Foo_Role_1A2B3C.name}")).toEqual({
      value: "${aws_iam_role.Foo_Role_1A2B3C.name}",
      refs: ["aws_iam_role.Foo_Role_1A2B3C.name"],
      known: false,
    });
    expect(refAddress("aws_iam_role.Foo_Role_1A2B3C.name")).toBe("aws_iam_role.Foo_Role_1A2B3C");
    expect(refAddress("data.aws_caller_identity.me.account_id")).toBe("data.aws_caller_identity.me");
  });

  it("evaluates the jsonencode expression CDKTF writes for documents holding references", () => {
    const text =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = "iam:PassRole", "Resource" = [aws_iam_role.Role.arn, "arn:aws:iam::1:role/$${aws:username}"]}]})}';
    const r = evaluateTemplate(text);
    expect(r.refs).toEqual(["aws_iam_role.Role.arn"]);
    expect(JSON.parse(r.value as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: ["${aws_iam_role.Role.arn}", "arn:aws:iam::1:role/${aws:username}"] }],
    });
  });

  it("joins literal text and interpolations", () => {
    const r = evaluateTemplate("arn:aws:s3:::${aws_s3_bucket.b.bucket}/*");
    expect(r.value).toBe("arn:aws:s3:::${aws_s3_bucket.b.bucket}/*");
    expect(r.known).toBe(false);
  });

  it("keeps expressions it does not evaluate whole, with their references", () => {
    const r = evaluateTemplate("${a.b ? aws_iam_role.x.arn : aws_iam_role.y.arn}");
    expect(r.value).toBe("${a.b ? aws_iam_role.x.arn : aws_iam_role.y.arn}");
    expect(r.refs).toEqual(expect.arrayContaining(["aws_iam_role.x.arn", "aws_iam_role.y.arn"]));
    const f = evaluateTemplate("${merge(local.tags, {x = 1})}");
    expect(f.value).toBe("${merge(local.tags, {x = 1})}");
  });

  it("walks objects and arrays", () => {
    const r = evaluateConfigValue({ a: ["${aws_iam_user.u.name}", "x"], b: 1 });
    expect(r.value).toEqual({ a: ["${aws_iam_user.u.name}", "x"], b: 1 });
    expect(r.refs).toEqual(["aws_iam_user.u.name"]);
  });
});
