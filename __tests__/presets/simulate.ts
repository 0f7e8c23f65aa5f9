/** A small wrapper around the IAM evaluator (@cloud-copilot/iam-simulate, a dev dependency) for preset tests. */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../modules/policy";

export const ACCOUNT = "111122223333";
export const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/integration`;

const DEFAULT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
};

/** "Allowed", "ImplicitlyDenied" or "ExplicitlyDenied" for one request under one identity policy. */
export async function decide(doc: PolicyDocument, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  const result = await runSimulation(
    {
      request: { principal: PRINCIPAL, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [{ name: "preset", policy: doc.toJSON() }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // KMS authorizes only through the key policy: the default one delegates to the account's IAM policies.
      ...(action.startsWith("kms:") ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
  if (result.resultType === "single" && result.result.ignoredContextKeys?.length) {
    throw new Error(`the simulator ignored context keys ${result.result.ignoredContextKeys.join(", ")}`);
  }
  return result.overallResult;
}

/** Every action the document names, sorted. */
export function actionsOf(doc: PolicyDocument): string[] {
  return [...new Set(doc.statements.flatMap((s) => [...(s.props.actions ?? [])]))].sort();
}
