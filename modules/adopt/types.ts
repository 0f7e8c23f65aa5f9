/**
 * The AWS CLI outputs adoption reads, as TypeScript shapes (only the fields used). Field names are AWS's.
 *
 * - `aws iam get-account-authorization-details`: {@link AuthorizationDetails}
 * - `aws iam list-access-keys --user-name <u>` (one file per user, or their outputs concatenated in a JSON list):
 *   {@link AccessKeyList}
 * - `aws ec2 describe-iam-instance-profile-associations`: {@link ProfileAssociations}
 * - `aws iam get-credential-report` (console passwords and MFA): {@link CredentialReport}
 * - `aws iam list-roles`: {@link RoleList}, for what `RoleDetailList` does not hold (a role's description and
 *   maximum session duration)
 *
 * Policy documents are either JSON objects (as the CLI prints them) or URL-encoded JSON text (as the API returns
 * them); {@link decodeDocument} reads both.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}

export interface InstanceProfileDetail {
  InstanceProfileName: string;
  InstanceProfileId?: string;
  Arn?: string;
  Path?: string;
  Tags?: Tag[];
}

export interface RoleDetail {
  RoleName: string;
  RoleId?: string;
  Arn?: string;
  Path?: string;
  CreateDate?: string;
  Description?: string;
  MaxSessionDuration?: number;
  AssumeRolePolicyDocument: unknown;
  InstanceProfileList?: InstanceProfileDetail[];
  RolePolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: { PermissionsBoundaryType?: string; PermissionsBoundaryArn: string };
  Tags?: Tag[];
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
}

export interface UserDetail {
  UserName: string;
  UserId?: string;
  Arn?: string;
  Path?: string;
  CreateDate?: string;
  GroupList?: string[];
  UserPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: { PermissionsBoundaryType?: string; PermissionsBoundaryArn: string };
  Tags?: Tag[];
}

export interface GroupDetail {
  GroupName: string;
  GroupId?: string;
  Arn?: string;
  Path?: string;
  GroupPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
}

export interface PolicyVersion {
  Document: unknown;
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate?: string;
}

export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  AttachmentCount?: number;
  IsAttachable?: boolean;
  Description?: string;
  PolicyVersionList?: PolicyVersion[];
  Tags?: Tag[];
}

export interface AuthorizationDetails {
  UserDetailList?: UserDetail[];
  GroupDetailList?: GroupDetail[];
  RoleDetailList?: RoleDetail[];
  Policies?: ManagedPolicyDetail[];
}

export interface AccessKeyMetadata {
  UserName: string;
  AccessKeyId: string;
  Status: "Active" | "Inactive";
  CreateDate: string;
}

export interface AccessKeyList {
  AccessKeyMetadata: AccessKeyMetadata[];
}

export interface ProfileAssociation {
  AssociationId?: string;
  InstanceId: string;
  IamInstanceProfile: { Arn: string; Id?: string };
  State?: string;
}

export interface ProfileAssociations {
  IamInstanceProfileAssociations: ProfileAssociation[];
}

/** One row of the credential report (the columns adoption reads). */
export interface CredentialRow {
  user: string;
  password_enabled: string;
  password_last_used?: string;
  mfa_active: string;
}

export interface CredentialReport {
  rows: CredentialRow[];
}

/** An entry of `aws iam list-roles` (the fields RoleDetailList lacks). */
export interface RoleListEntry {
  RoleName: string;
  Description?: string;
  MaxSessionDuration?: number;
}

export interface RoleList {
  Roles: RoleListEntry[];
}
