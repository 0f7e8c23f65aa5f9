/**
 * The policy model: principals, conditions, statements and documents; validation per use; merging;
 * deterministic JSON. Pure TypeScript: nothing here imports CDKTF (see modules/constructs/policy-terraform.ts
 * for the Terraform side).
 */
export type { Problem } from "../core/errors";
export type { ArnIssue, ArnParts } from "./arn";
export { PARTITIONS, checkArn, parseArn } from "./arn";
export type { ConditionOperator, ConditionValue, SetOperator } from "./condition";
export { CONDITION_OPERATORS, Condition } from "./condition";
export type { FromJsonOptions, PolicyDocumentJson, PolicyDocumentProps } from "./document";
export { PolicyDocument } from "./document";
export type { PolicyLimitName } from "./limits";
export { PolicyHardLimits, PolicyLimits, policySize } from "./limits";
export { mergeStatements, tryMerge } from "./merge";
export type { PrincipalKind, RenderOptions } from "./principal";
export { Principal } from "./principal";
export type { BroadGrantOptIn, Effect, PolicyUse, StatementJson, StatementProps } from "./statement";
export { Statement } from "./statement";
export type { ValidateOptions } from "./validate";
export { TRUST_ACTIONS, looksLikeReference, useLabel } from "./validate";
