export * from "./backend";
export * from "./iam-stack";
export * from "./partition";
export { awsProviderConstraintFor } from "./provider-version";
