/**
 * Adoption: Terraform `import` blocks (Terraform >= 1.5) for the resources of config entries marked `import: true`,
 * so that Terraform takes over what already exists in the account instead of creating it again.
 *
 * Each resource gets the import ID the AWS provider (5.x) documents for its type:
 *
 * | resource | import ID |
 * | --- | --- |
 * | `aws_iam_policy` | the policy ARN |
 * | `aws_iam_role`, `aws_iam_user`, `aws_iam_group`, `aws_iam_instance_profile`, `aws_iam_user_login_profile` | the name |
 * | `aws_iam_role_policy` / `aws_iam_user_policy` / `aws_iam_group_policy` | `<holder name>:<policy name>` |
 * | `aws_iam_{role,user,group}_policy_attachment` | `<holder name>/<policy ARN>` |
 * | `aws_iam_user_group_membership` | `<user>/<group 1>/<group 2>...` |
 *
 * The blocks are written by cdktf (as `importFrom` does, see internal/import.ts) into the stack's `cdk.tf.json`, which `cdktf deploy` and plain
 * `terraform plan` both read. Values that are references inside the stack (a role's name in its attachments, a
 * policy's ARN) are turned back into the literal names they stand for; a customer managed policy's ARN needs the
 * account id (the stack's single `allowedAccountIds` entry). Resources of other types under an imported entry
 * (a new access key, its SSM parameters) are created, not imported.
 */
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserGroupMembership } from "@cdktf/provider-aws/lib/iam-user-group-membership";
import { IamUserLoginProfile } from "@cdktf/provider-aws/lib/iam-user-login-profile";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { DefaultTokenResolver, StringConcat, TerraformResource, Token, Tokenization } from "../internal/cdktf";
import type { IConstruct } from "../internal/cdktf";
import { importExisting } from "../internal/import";
import type { IamStack } from "../stack/iam-stack";

/** One import to declare: the resource and its ID. */
export interface PlannedImport {
  readonly resource: TerraformResource;
  /** `aws_iam_role.ControlPlane_Resource_1A2B3C4D` */
  readonly address: string;
  readonly id: string;
}

/** Why an import ID cannot be made. */
export interface ImportProblem {
  /** Construct path of the resource. */
  readonly path: string;
  readonly rule: string;
  readonly fix: string;
}

/** The IAM resource types adoption imports, in the order they are listed. */
export const IMPORTED_TYPES = [
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_instance_profile",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_group",
  "aws_iam_group_policy",
  "aws_iam_group_policy_attachment",
  "aws_iam_user",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_user_group_membership",
  "aws_iam_user_login_profile",
] as const;

/**
 * Literal values behind the references of a stack: `${aws_iam_role.X.name}` -> the role's name,
 * `${aws_iam_policy.Y.arn}` -> the policy's ARN (when the account id is known).
 */
export class LiteralResolver {
  private readonly values = new Map<string, string>();

  constructor(
    private readonly stack: IamStack,
    private readonly accountId: string | undefined,
  ) {
    for (const c of stack.node.findAll()) {
      if (!(c instanceof TerraformResource)) continue;
      const ref = `${c.terraformResourceType}.${c.friendlyUniqueId}`;
      const named = c as unknown as { nameInput?: unknown; pathInput?: unknown };
      const name = literal(named.nameInput);
      if (name === undefined) continue;
      this.values.set(`\${${ref}.name}`, name);
      this.values.set(`\${${ref}.id}`, name);
      if (c instanceof IamPolicy && accountId !== undefined) {
        const path = literal(named.pathInput) ?? "/";
        this.values.set(`\${${ref}.arn}`, `arn:${stack.partition}:iam::${accountId}:policy${path}${name}`);
        this.values.set(`\${${ref}.id}`, `arn:${stack.partition}:iam::${accountId}:policy${path}${name}`);
      }
    }
  }

  /** The literal value of `v` (a plain string, or a reference this stack can resolve), else undefined. */
  resolve(v: unknown): string | undefined {
    const plain = literal(v);
    if (plain !== undefined) return plain;
    if (typeof v !== "string") return undefined;
    const resolved = Tokenization.resolve(v, { scope: this.stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }) as unknown;
    if (typeof resolved !== "string") return undefined;
    return this.values.get(resolved) ?? (Token.isUnresolved(resolved) || resolved.includes("${") ? undefined : resolved);
  }

  /** True when customer managed policy ARNs can be made. */
  get knowsAccount(): boolean {
    return this.accountId !== undefined;
  }
}

function literal(v: unknown): string | undefined {
  return typeof v === "string" && !Token.isUnresolved(v) ? v : undefined;
}

/** The import ID of one resource, or a reason why not; undefined for a type that adoption does not import. */
export function importIdOf(r: TerraformResource, lit: LiteralResolver): { id: string } | { missing: string } | undefined {
  const need = (what: string, ...parts: Array<string | undefined>): { id: string } | { missing: string } =>
    parts.every((p) => p !== undefined) ? { id: what } : { missing: describeMissing(r, lit) };
  if (r instanceof IamPolicy) {
    const arn = lit.resolve(r.arn);
    return arn !== undefined ? { id: arn } : { missing: describeMissing(r, lit) };
  }
  if (r instanceof IamRole || r instanceof IamUser || r instanceof IamGroup || r instanceof IamInstanceProfile) {
    const name = lit.resolve(r.nameInput);
    return need(name ?? "", name);
  }
  if (r instanceof IamUserLoginProfile) {
    const user = lit.resolve(r.userInput);
    return need(user ?? "", user);
  }
  const inline = (holder: string | undefined, name: string | undefined) => need(`${holder}:${name}`, holder, name);
  if (r instanceof IamRolePolicy) return inline(lit.resolve(r.roleInput), lit.resolve(r.nameInput));
  if (r instanceof IamUserPolicy) return inline(lit.resolve(r.userInput), lit.resolve(r.nameInput));
  if (r instanceof IamGroupPolicy) return inline(lit.resolve(r.groupInput), lit.resolve(r.nameInput));
  const attachment = (holder: string | undefined, arn: string | undefined) => need(`${holder}/${arn}`, holder, arn);
  if (r instanceof IamRolePolicyAttachment) return attachment(lit.resolve(r.roleInput), lit.resolve(r.policyArnInput));
  if (r instanceof IamUserPolicyAttachment) return attachment(lit.resolve(r.userInput), lit.resolve(r.policyArnInput));
  if (r instanceof IamGroupPolicyAttachment) return attachment(lit.resolve(r.groupInput), lit.resolve(r.policyArnInput));
  if (r instanceof IamUserGroupMembership) {
    const user = lit.resolve(r.userInput);
    const groups = (r.groupsInput ?? []).map((g) => lit.resolve(g));
    return need([user, ...groups].join("/"), user, ...groups);
  }
  return undefined;
}

function describeMissing(r: TerraformResource, lit: LiteralResolver): string {
  const policyArn = r instanceof IamPolicy || r instanceof IamRolePolicyAttachment || r instanceof IamUserPolicyAttachment || r instanceof IamGroupPolicyAttachment;
  if (policyArn && !lit.knowsAccount) return "its import ID holds the ARN of a customer managed policy of this stack, which needs the account id";
  return "its import ID needs literal names, and a name here is generated by Terraform (namePrefix) or computed";
}

/**
 * Declares the imports of every IAM resource under `scope` (an entry marked `import: true`). Returns what was
 * declared, and the resources whose ID cannot be made.
 */
export function importAll(scope: IConstruct, lit: LiteralResolver): { imports: PlannedImport[]; problems: ImportProblem[] } {
  const imports: PlannedImport[] = [];
  const problems: ImportProblem[] = [];
  for (const c of scope.node.findAll()) {
    if (!(c instanceof TerraformResource)) continue;
    const got = importIdOf(c, lit);
    if (got === undefined) continue;
    if ("missing" in got) {
      problems.push({
        path: c.node.path,
        rule: `${c.terraformResourceType} cannot be imported: ${got.missing}.`,
        fix: lit.knowsAccount ? "Give the entry (and the policies it attaches) literal `name`s, or remove `import: true`." : "Declare the account: `stack.allowedAccountIds: [\"<12-digit account id>\"]` (exactly one), or remove `import: true`.",
      });
      continue;
    }
    importExisting(c, got.id);
    imports.push({ resource: c, address: `${c.terraformResourceType}.${c.friendlyUniqueId}`, id: got.id });
  }
  return { imports, problems };
}
