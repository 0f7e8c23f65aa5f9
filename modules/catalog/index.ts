/** What AWS offers: services, actions and AWS managed policies. Pure (no CDKTF), synchronous, lazily loaded. */
export type { ActionInfo, ResourceTypeInfo } from "./actions";
export {
  actionExists,
  actionInfo,
  actionPatternMatches,
  actionResourceTypes,
  arnTemplateToRegExp,
  closeConditionKeys,
  conditionKeyStatus,
  closeActionMatches,
  closeServiceMatches,
  expandAction,
  serviceExists,
  serviceName,
  servicePrefixes,
  wildcardToRegExp,
} from "./actions";
export type { AwsManagedPolicyInfo } from "./managed-policies";
export {
  awsManagedPolicy,
  awsManagedPolicyNames,
  awsManagedPoliciesSource,
  closeMatches,
} from "./managed-policies";
export { chinaSuffixServices, closeServicePrincipals, isListedServicePrincipal, servicePrincipalsSource } from "./service-principals";
