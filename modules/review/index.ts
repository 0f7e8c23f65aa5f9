/**
 * Reviews of IAM changes: read synthesized stacks (`cdk.tf.json`) or saved plans
 * (`terraform show -json`), compare with a base, and report who gains what, trust changes, keys
 * and risk flags, as Markdown or JSON. Used by the `review` command (scripts/review.ts).
 */
export { reviewApp, reviewPlan, gate, renderJson, readManifest, synthesizeGitRef, ReviewError } from "./review";
export type { ReviewAppOptions, ReviewBase, ReviewReport, GateScope, SynthesizeGitRefOptions } from "./review";
export { reviewStack } from "./report";
export type { StackReview, PrincipalChange, KeyChange, ResourceChange, TrustEntry, ReviewStackOptions } from "./report";
export { renderMarkdown, renderStackMarkdown, COMMENT_MARKER } from "./markdown";
export type { MarkdownOptions } from "./markdown";
export { RULES, CATEGORIES, SIZE_LIMITS } from "./flags";
export type { Flag, Category, RuleInfo } from "./flags";
export { ESCALATION_PATHS } from "./escalation/catalogue";
export type { EscalationPath, CatalogueSource, PathKind } from "./escalation/catalogue";
export { CREDENTIAL_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS, RESOURCE_EXPOSURE_ACTIONS } from "./permission-flags";
export { SEVERITIES, isSeverity, compareSeverity } from "./severity";
export type { Severity } from "./severity";
export { snapshotFromConfig, snapshotsFromPlan, isPlanJson } from "./snapshot";
export type { StackSnapshot, ResourceView, PlanJson } from "./snapshot";
export { defaultCatalog } from "./catalog";
export type { ReviewCatalog, ActionFacts } from "./catalog";
export { redact, looksSecret } from "./redact";
export type { PermissionGroup } from "./grants";
