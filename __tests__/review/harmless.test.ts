/** The harmless cases of issue 12 pass the gate at --fail-on high; what they are close to still fails it. */
import { gate } from "../../modules/review";
import { gating, TfStack, type Statement } from "./escalation-support";

const USER_SELF = "arn:aws:iam::123456789012:user/${aws:username}";

function passesAtHigh(s: TfStack): string[] {
  const flags = s.flags();
  const { blocking } = gate({ stacks: [{ flags } as never] }, "high", "all");
  return blocking.map((f) => `${f.rule} ${f.subject}: ${f.message}`);
}

type Case = [title: string, build: () => TfStack];
const user = (statements: Statement[]) => () => new TfStack().user("alice", statements);
const role = (statements: Statement[]) => () => new TfStack().role("app", statements);

const harmless: Case[] = [
  ["self-service access keys on ${aws:username}", user([{ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"], Resource: USER_SELF }])],
  ["self-service password on ${aws:username}", user([{ Effect: "Allow", Action: ["iam:UpdateLoginProfile", "iam:ChangePassword", "iam:GetLoginProfile"], Resource: USER_SELF }])],
  ["self-service keys, written with a path wildcard", user([{ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey"], Resource: "arn:aws:iam::*:user/${aws:username}" }])],
  [
    "PassRole allowed on * and denied on * (with a service that runs code)",
    role([
      { Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
      { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
    ]),
  ],
  [
    "CreateAccessKey allowed on *, denied with NotResource except the caller",
    user([
      { Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey"], Resource: "*" },
      { Effect: "Deny", Action: ["iam:CreateAccessKey", "iam:DeleteAccessKey"], NotResource: USER_SELF },
    ]),
  ],
  ["CreateServiceLinkedRole limited by iam:AWSServiceName", role([{ Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": ["autoscaling.amazonaws.com", "ecs.amazonaws.com"] } } }])],
  [
    "role creation and attachment under a boundary of the stack that allows no escalation",
    () =>
      new TfStack()
        .policy("boundary", [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "logs:*"], Resource: "*" }])
        .role("app", [
          { Effect: "Allow", Action: ["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"], Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": "${aws_iam_policy.boundary.arn}" } } },
        ]),
  ],
];

describe("harmless cases pass --fail-on high", () => {
  test.each(harmless)("%s", (_t, build) => {
    expect(passesAtHigh(build())).toEqual([]);
  });
});

describe("their dangerous neighbours fail it", () => {
  test.each([
    ["access keys for every user", user([{ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::123456789012:user/*" }]), /escalation\.iam-create-access-key alice/],
    ["PassRole without the Deny", role([{ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }]), /escalation\.ec2-run-instances app/],
    ["CreateServiceLinkedRole plus AttachRolePolicy on itself", role([{ Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*" }]), /escalation\.iam-attach-role-policy app/],
    [
      "a boundary of the stack that itself allows IAM writes",
      () =>
        new TfStack()
          .policy("boundary", [{ Effect: "Allow", Action: "*", Resource: "*" }])
          .role("app", [{ Effect: "Allow", Action: ["iam:AttachRolePolicy"], Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": "${aws_iam_policy.boundary.arn}" } } }]),
      /escalation\.iam-attach-role-policy app/,
    ],
  ] as const)("%s", (_t, build, rule) => {
    expect(passesAtHigh(build()).join("\n")).toMatch(rule);
  });

  test("a boundary outside the stack: an upper bound that says what is unknown, below the gate", () => {
    const flags = new TfStack().role("app", [{ Effect: "Allow", Action: ["iam:AttachRolePolicy"], Resource: "*", Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/platform-boundary" } } }]).flags();
    expect(gating(flags)).toEqual([]);
    const f = flags.find((x) => x.rule === "escalation.iam-attach-role-policy");
    expect(f).toMatchObject({ severity: "medium", category: "privilege-escalation" });
    expect(f!.message).toMatch(/Upper bound: iam:AttachRolePolicy requires the permissions boundary arn:aws:iam::123456789012:policy\/platform-boundary, which is not in this stack/);
  });
});
