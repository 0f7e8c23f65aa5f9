/** How principals get their policies: blocks inside the role, exclusive ARN lists, and computed state attributes. */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { buildInventory } from "../../modules/review/inventory";
import { reviewApp, snapshotsFromPlan, type PlanJson } from "../../modules/review";
import { IamStack } from "../../modules/stack";
import { synthToDir } from "../support/terraform";
import { actionsOf } from "./support";

const doc = (action: string, resource = "*"): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: resource }] });
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

describe("policies reaching a role", () => {
  it("reads inline_policy blocks and managed_policy_arns declared on the role", () => {
    const out = synthToDir((app) => {
      const s = new IamStack(app, "inv", { region: "eu-west-1" });
      const p = new IamPolicy(s, "Queue", { name: "queue", policy: doc("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:jobs") });
      new IamRole(s, "Worker", {
        name: "worker",
        assumeRolePolicy: trust,
        inlinePolicy: [{ name: "logs", policy: doc("logs:PutLogEvents", "arn:aws:logs:eu-west-1:123456789012:log-group:worker:*") }],
        managedPolicyArns: [p.arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      });
    });
    const worker = reviewApp({ outDir: out.outdir }).stacks[0].principals[0];
    expect(actionsOf(worker.gained)).toEqual(["logs:PutLogEvents", "sqs:SendMessage"]);
    expect(worker.gained.map((g) => g.sources[0]).sort()).toEqual(["inline policy `logs`", "managed policy `queue`"]);
    expect(worker.opaqueGained).toEqual(["AWS managed policy `ReadOnlyAccess`"]);
  });

  it("ignores the computed inline_policy and managed_policy_arns of a plan's prior state (they mirror other resources)", () => {
    const plan: PlanJson = {
      format_version: "1.2",
      resource_changes: [
        {
          address: "aws_iam_role.R",
          type: "aws_iam_role",
          name: "R",
          change: {
            actions: ["no-op"],
            before: { name: "r", assume_role_policy: trust, inline_policy: [{ name: "console-made", policy: doc("s3:*") }], managed_policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
            after: { name: "r", assume_role_policy: trust, inline_policy: [{ name: "console-made", policy: doc("s3:*") }], managed_policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
          },
        },
      ],
      configuration: { root_module: { resources: [{ address: "aws_iam_role.R", type: "aws_iam_role", expressions: { name: { constant_value: "r" } } } as never] } },
    };
    const { before, after } = snapshotsFromPlan("s", plan);
    for (const snap of [before, after]) expect(buildInventory(snap).principals.get("aws_iam_role.R")!.policies).toEqual([]);
  });
});
