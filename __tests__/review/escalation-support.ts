/** Small stacks as Terraform JSON (the shape `cdktf synth` writes), reviewed without synthesis: fast tables. */
import { defaultCatalog, reviewStack, snapshotFromConfig, type Flag } from "../../modules/review";

export type Statement = Record<string, unknown>;
const doc = (statements: Statement[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = (principal: Record<string, unknown>): string => doc([{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }]);

/** Builder of one stack's `resource` block. */
export class TfStack {
  readonly resource: Record<string, Record<string, Record<string, unknown>>> = {};

  private put(type: string, name: string, body: Record<string, unknown>): this {
    (this.resource[type] ??= {})[name] = body;
    return this;
  }

  role(name: string, statements?: Statement[], trustPrincipal: Record<string, unknown> = { Service: "ec2.amazonaws.com" }, extra: Record<string, unknown> = {}): this {
    this.put("aws_iam_role", name, { name, assume_role_policy: trust(trustPrincipal), ...extra });
    if (statements) this.put("aws_iam_role_policy", `${name}_inline`, { name: "inline", role: `\${aws_iam_role.${name}.id}`, policy: doc(statements) });
    return this;
  }

  user(name: string, statements?: Statement[], groups: string[] = []): this {
    this.put("aws_iam_user", name, { name });
    if (statements) this.put("aws_iam_user_policy", `${name}_inline`, { name: "inline", user: `\${aws_iam_user.${name}.name}`, policy: doc(statements) });
    if (groups.length) this.put("aws_iam_user_group_membership", `${name}_groups`, { user: `\${aws_iam_user.${name}.name}`, groups: groups.map((g) => `\${aws_iam_group.${g}.name}`) });
    return this;
  }

  group(name: string, statements?: Statement[]): this {
    this.put("aws_iam_group", name, { name });
    if (statements) this.put("aws_iam_group_policy", `${name}_inline`, { name: "inline", group: `\${aws_iam_group.${name}.name}`, policy: doc(statements) });
    return this;
  }

  policy(name: string, statements: Statement[]): this {
    return this.put("aws_iam_policy", name, { name, policy: doc(statements) });
  }

  attachRole(role: string, policyArn: string, id = `${role}_${policyArn.replace(/[^A-Za-z0-9]/g, "_")}`): this {
    return this.put("aws_iam_role_policy_attachment", id, { role: `\${aws_iam_role.${role}.name}`, policy_arn: policyArn });
  }

  raw(type: string, name: string, body: Record<string, unknown>): this {
    return this.put(type, name, body);
  }

  /** The flags of a review of this stack (no base: every flag is new). */
  flags(): Flag[] {
    return [...reviewStack(snapshotFromConfig("t", { resource: this.resource }), undefined, { catalog, baseLabel: "nothing" }).flags];
  }
}

const catalog = defaultCatalog();

/** Flags at or above high. */
export function gating(flags: readonly Flag[]): Flag[] {
  return flags.filter((f) => f.severity === "high" || f.severity === "critical");
}
