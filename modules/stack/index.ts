export * from "./backend";
export * from "./iam-stack";
export * from "./partition";
