/**
 * `iamReadConnector`: exactly the IAM read actions an asset-inventory / identity-posture connector needs to list
 * users and groups, their policies, credentials and MFA state (for example Sekoia's or a CSPM's AWS IAM
 * connector), and nothing more.
 *
 * The issue that asked for this preset also listed `iam:ListGroupTags`. That action does not exist: IAM groups
 * cannot be tagged, and the AWS action catalog has no such action (`iam:ListUserTags` covers users). The preset
 * grants the 19 others; a test fails the day the catalog gains `iam:ListGroupTags`, so it can be added then.
 *
 * One statement on `*`: three actions (`ListUsers`, `ListGroups`, `GetAccountSummary`) support no resource-level
 * permissions, and the others apply only to users or groups, so narrowing the resources would narrow nothing.
 *
 * Documented alternative: the AWS managed policy `IAMReadOnlyAccess` (`iam:Get*`, `iam:List*`, `iam:Generate*`,
 * `iam:Simulate*`): maintained by AWS, broader (it reads roles, policies' contents and credential reports too).
 */
import { Problems } from "../core/errors";
import { PolicyDocument } from "../policy";
import { PresetOptions, checkPartition, finishPreset } from "./check";

/** The IAM read actions of {@link iamReadConnector}, in the order they are granted. */
export const IAM_READ_CONNECTOR_ACTIONS: readonly string[] = Object.freeze([
  "iam:ListUsers",
  "iam:GetUser",
  "iam:ListGroups",
  "iam:GetGroup",
  "iam:ListGroupsForUser",
  "iam:ListUserPolicies",
  "iam:ListAttachedUserPolicies",
  "iam:GetUserPolicy",
  "iam:ListGroupPolicies",
  "iam:ListAttachedGroupPolicies",
  "iam:GetGroupPolicy",
  "iam:ListAccessKeys",
  "iam:ListSigningCertificates",
  "iam:ListSSHPublicKeys",
  "iam:ListServiceSpecificCredentials",
  "iam:ListMFADevices",
  "iam:GetLoginProfile",
  "iam:ListUserTags",
  "iam:GetAccountSummary",
]);

/** Options of {@link iamReadConnector}. */
export type IamReadConnectorOptions = PresetOptions;

/** The IAM read actions an asset-inventory connector needs (users, groups, their policies and credentials). */
export function iamReadConnector(options: IamReadConnectorOptions = {}): PolicyDocument {
  const partition = options.partition ?? "aws";
  const problems = new Problems("Presets.iamReadConnector");
  checkPartition(problems, partition);
  const doc = new PolicyDocument({ statements: [{ sid: "ReadIamUsersAndGroups", actions: [...IAM_READ_CONNECTOR_ACTIONS], resources: ["*"] }] });
  return finishPreset("iamReadConnector", doc, problems, partition);
}
