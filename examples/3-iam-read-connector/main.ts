/**
 * Example 3: an IAM-read connector (an asset inventory or identity-posture SaaS such as Sekoia) that reads IAM
 * users and groups from outside AWS.
 *
 * The user gets exactly the connector policy (`Presets.iamReadConnector()`: 19 IAM read actions), or, as the
 * documented alternative, the AWS managed `IAMReadOnlyAccess` (maintained by AWS, broader: it also reads roles,
 * policy contents and credential reports). Its access key lands in SSM and rotates each quarter; copy it into the
 * connector's settings from SSM, never from a chat message.
 *
 *   node scripts/run.js examples/3-iam-read-connector/main.ts                 # the exact connector policy
 *   IAM_CONNECTOR_POLICY=IAMReadOnlyAccess node scripts/run.js examples/3-iam-read-connector/main.ts
 */
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import type { IManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import type { Construct } from "../../modules/internal/cdktf";
import { Presets } from "../../modules/presets";
import { IamStack } from "../../modules/stack";
import { runExample } from "../runner";
import type { ExampleOptions as RunnerOptions } from "../runner";

/** Options of this example. */
export interface ExampleOptions extends RunnerOptions {
  /** `"connector"`: the exact connector policy; `"IAMReadOnlyAccess"`: the AWS managed alternative. Default: "connector". */
  readonly policy?: "connector" | "IAMReadOnlyAccess";
}

/** Builds the example's stack into `app`. */
export function build(app: Construct, { offline = false, policy = "connector" }: ExampleOptions = {}): IamStack {
  const stack = new IamStack(app, "iam-read-connector", { region: "eu-west-1", offline, defaultTags: { example: "3-iam-read-connector" } });
  const permissions: IManagedPolicy =
    policy === "IAMReadOnlyAccess"
      ? AwsManagedPolicy.fromName("IAMReadOnlyAccess")
      : new ManagedPolicy(stack, "IamRead", {
          name: "sekoia-iam-read",
          description: "IAM users and groups, their policies, credentials and MFA state (read only).",
          document: Presets.iamReadConnector({ partition: stack.partition }),
        });
  new ServiceUser(stack, "Connector", {
    name: "sekoia-iam-reader",
    path: "/integrations/",
    managedPolicies: [permissions],
    accessKey: {
      storeIn: SsmStore.secure({ prefix: "/integrations/sekoia" }),
      rotation: Rotation.generation(0, { every: "quarter" }),
    },
  });
  return stack;
}

runExample(__filename, (app, { offline }) => build(app, { offline, policy: process.env.IAM_CONNECTOR_POLICY === "IAMReadOnlyAccess" ? "IAMReadOnlyAccess" : "connector" }));
