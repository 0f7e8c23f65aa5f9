/** Shared helpers of the Ec2InstanceRole tests: build a stack, synthesize it, read its resources. */
import { App, Testing } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack/iam-stack";

/** The synthesized Terraform JSON of a stack. */
export type TfJson = { resource?: Record<string, Record<string, Record<string, unknown>>> } & Record<string, unknown>;

/** A fresh app and IamStack (offline, region eu-west-1 unless given). */
export function newStack(region = "eu-west-1", id = "iam"): { app: App; stack: IamStack } {
  const app = Testing.app();
  const stack = new IamStack(app, id, { region, offline: true });
  return { app, stack };
}

/** Synthesizes a stack with validations on, parsed. */
export function synth(stack: IamStack): TfJson {
  return JSON.parse(Testing.synth(stack, true)) as TfJson;
}

/** The resources of one type, by logical id. */
export function resources(json: TfJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The one resource of a type (fails when there are none or several). */
export function only(json: TfJson, type: string): { id: string; body: Record<string, unknown> } {
  const entries = Object.entries(resources(json, type));
  if (entries.length !== 1) throw new Error(`expected exactly one ${type}, found ${entries.length}: ${entries.map(([k]) => k).join(", ")}`);
  const [id, body] = entries[0] as [string, Record<string, unknown>];
  return { id, body };
}

/** Runs `fn` and returns the message of the error it throws (fails when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error, none was thrown");
}
