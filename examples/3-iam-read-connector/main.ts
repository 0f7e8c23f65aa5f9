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
 *
 * Any other value of IAM_CONNECTOR_POLICY is an error (nothing is synthesized), never a silent fallback.
 */
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { AwsManagedPolicy } from "../../modules/constructs/aws-managed-policy";
import { ManagedPolicy } from "../../modules/constructs/managed-policy";
import type { IManagedPolicy } from "../../modules/constructs/managed-policy";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import { Problems } from "../../modules/core/errors";
import type { Construct } from "../../modules/internal/cdktf";
import { Presets } from "../../modules/presets";
import { IamStack } from "../../modules/stack";
import { runExample } from "../runner";
import type { ExampleOptions as RunnerOptions } from "../runner";

/** The permission sets this example offers. */
export const CONNECTOR_POLICIES = ["connector", "IAMReadOnlyAccess"] as const;

/** Options of this example. */
export interface ExampleOptions extends RunnerOptions {
  /** `"connector"`: the exact connector policy; `"IAMReadOnlyAccess"`: the AWS managed alternative. Default: "connector". */
  readonly policy?: (typeof CONNECTOR_POLICIES)[number];
}

/**
 * The permission set chosen by the environment variable IAM_CONNECTOR_POLICY: unset or empty -> "connector".
 * @throws ValidationError for any other value (a typo must not fall back silently to another permission set)
 */
export function connectorPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): (typeof CONNECTOR_POLICIES)[number] {
  const value = env.IAM_CONNECTOR_POLICY;
  if (value === undefined || value === "") return "connector";
  checkPolicy(value, "IAM_CONNECTOR_POLICY", "Set IAM_CONNECTOR_POLICY");
  return value as (typeof CONNECTOR_POLICIES)[number];
}

function checkPolicy(value: unknown, field: string, how: string): void {
  if ((CONNECTOR_POLICIES as readonly unknown[]).includes(value)) return;
  const close = CONNECTOR_POLICIES.find((p) => typeof value === "string" && p.toLowerCase() === value.trim().toLowerCase());
  new Problems("examples/3-iam-read-connector")
    .add(field, value, `Not a permission set of this example; known: ${CONNECTOR_POLICIES.join(", ")}.`, `${how} to ${close ? `"${close}"` : `"connector" (the exact connector policy, the default) or "IAMReadOnlyAccess" (the AWS managed alternative)`}${field === "policy" ? "" : ", or unset it for the default"}.`)
    .throwIfAny("Invalid example settings");
}

/** Builds the example's stack into `app`. */
export function build(app: Construct, { offline = false, policy = "connector" }: ExampleOptions = {}): IamStack {
  checkPolicy(policy, "policy", "Set `policy`");
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

runExample(__filename, (app, { offline }) => build(app, { offline, policy: connectorPolicyFromEnv() }));
