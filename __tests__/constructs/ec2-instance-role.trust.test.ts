/**
 * Trust semantics of Ec2InstanceRole under an IAM evaluator (@cloud-copilot/iam-simulate, dev only): the synthesized
 * `assume_role_policy` is evaluated as the role's resource policy for `sts:AssumeRole` requests.
 */
import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";
import type { SimulationRequestPrincipal } from "@cloud-copilot/iam-simulate";
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { Condition, Principal } from "../../modules/policy";
import type { Ec2InstanceRoleProps } from "../../modules/constructs/ec2-instance-role";
import { newStack, only, synth } from "./ec2-instance-role.support";

const ACCOUNT = "111122223333";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/web`;

/** The trust policy the construct synthesizes, parsed. */
function trustPolicyOf(props: Ec2InstanceRoleProps, region = "eu-west-1"): object {
  const { stack } = newStack(region);
  new Ec2InstanceRole(stack, "Web", { name: "web", ...props });
  const text = only(synth(stack), "aws_iam_role").body.assume_role_policy as string;
  return JSON.parse(text);
}

/**
 * An IAM user or role caller gets an identity policy allowing every sts action on every role, so that the trust
 * policy alone decides (cross-account access needs both sides). Services and anonymous callers have none.
 */
const CALLER_MAY_ASSUME = { name: "caller-may-assume", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] } };

async function decide(trust: object, principal: SimulationRequestPrincipal, action = "sts:AssumeRole", context: Record<string, string> = {}): Promise<string> {
  const isIdentity = typeof principal === "string" && principal.startsWith("arn:");
  const result = await runSimulation(
    {
      request: { principal, action, resource: { resource: ROLE_ARN, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: isIdentity ? [CALLER_MAY_ASSUME] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trust,
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

describe("Ec2InstanceRole trust policy, evaluated", () => {
  let trust: object;
  beforeAll(() => {
    trust = trustPolicyOf({});
  });

  it("lets the EC2 service assume the role", async () => {
    expect(await decide(trust, "ec2.amazonaws.com")).toBe("Allowed");
  });

  it("does not let Lambda assume the role", async () => {
    expect(await decide(trust, "lambda.amazonaws.com")).toBe("ImplicitlyDenied");
  });

  it("does not let another account (root or a role of it) assume the role", async () => {
    expect(await decide(trust, "arn:aws:iam::444455556666:root")).toBe("ImplicitlyDenied");
    expect(await decide(trust, "arn:aws:iam::444455556666:role/admin")).toBe("ImplicitlyDenied");
  });

  it("does not let a role of the same account assume the role, even one allowed to assume any role", async () => {
    expect(await decide(trust, `arn:aws:iam::${ACCOUNT}:role/admin`)).toBe("ImplicitlyDenied");
  });

  it("does not let an anonymous caller assume the role", async () => {
    expect(await decide(trust, anonymousPrincipal)).toBe("ImplicitlyDenied");
  });

  it("grants EC2 only sts:AssumeRole", async () => {
    expect(await decide(trust, "ec2.amazonaws.com", "sts:TagSession")).toBe("ImplicitlyDenied");
  });

  it("the evaluator does let everyone in under a permissive trust policy (control: the checks above can fail)", async () => {
    const permissive = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] };
    expect(await decide(permissive, "arn:aws:iam::444455556666:role/admin")).toBe("Allowed");
    expect(await decide(permissive, `arn:aws:iam::${ACCOUNT}:role/admin`)).toBe("Allowed");
    expect(await decide(permissive, anonymousPrincipal)).toBe("Allowed");
  });

  it("trusts an extra account only as far as its statement goes", async () => {
    const withCi = trustPolicyOf({
      additionalTrustStatements: [
        { principals: [Principal.account("444455556666")], actions: ["sts:AssumeRole"], conditions: [Condition.stringEquals("sts:ExternalId", "ci-deploy")] },
      ],
    });
    expect(await decide(withCi, "ec2.amazonaws.com")).toBe("Allowed");
    expect(await decide(withCi, "arn:aws:iam::444455556666:role/ci", "sts:AssumeRole", { "sts:ExternalId": "ci-deploy" })).toBe("Allowed");
    expect(await decide(withCi, "arn:aws:iam::444455556666:role/ci", "sts:AssumeRole", { "sts:ExternalId": "guess" })).toBe("ImplicitlyDenied");
    expect(await decide(withCi, "arn:aws:iam::777788889999:role/ci", "sts:AssumeRole", { "sts:ExternalId": "ci-deploy" })).toBe("ImplicitlyDenied");
    expect(await decide(withCi, "lambda.amazonaws.com")).toBe("ImplicitlyDenied");
  });
});
