/** Synth-time checks: per construct and whole app. Importing this module registers every whole-app rule. */
export * from "./registry";
export * from "./facts";
import "./rules";
