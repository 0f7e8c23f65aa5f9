/**
 * Rule "one-access-key-set-per-user": AWS allows 2 access keys per user, inactive ones included. A rotating key
 * (ServiceUser's `accessKey`) uses both slots at its first rotation; a plain `aws_iam_access_key` written with
 * the provider's class uses one (or `count` of them). More than 2 on one user is refused at synth, whatever the
 * way the user is named (reference, literal name in any case).
 */
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { Rotation } from "../../modules/constructs/access-key-rotation";
import { ServiceUser } from "../../modules/constructs/service-user";
import { SsmStore } from "../../modules/constructs/ssm-store";
import type { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { synthError } from "../support/terraform";

type Extra = "by reference" | "by name" | "by name in other case" | "another user";

function build(rotating: boolean, plain: Extra[], count?: number) {
  return (app: App): void => {
    const stack = new IamStack(app, "keys", { region: "eu-west-1", offline: true });
    const user = new ServiceUser(stack, "Agent", {
      name: "agent",
      ...(rotating ? { accessKey: { storeIn: SsmStore.secure({ prefix: "/agents" }), rotation: Rotation.generation(0) } } : {}),
    });
    new ServiceUser(stack, "Other", { name: "other" });
    plain.forEach((how, i) => {
      const name = how === "by reference" ? user.user.name : how === "by name" ? "agent" : how === "by name in other case" ? "AGENT" : "other";
      new IamAccessKey(stack, `Plain${i}`, { user: name, ...(count !== undefined ? { count } : {}) });
    });
  };
}

describe("at most 2 access keys per user", () => {
  it.each([
    ["a rotating key and a plain key (by reference)", true, ["by reference"] as Extra[], "keys/Plain0", /keys\/Agent\/AccessKey \(a rotating key: 2 keys\)/],
    ["a rotating key and a plain key (by name)", true, ["by name"] as Extra[], "keys/Plain0", /LimitExceeded/],
    ["a rotating key and a plain key (name in another case)", true, ["by name in other case"] as Extra[], "keys/Plain0", /inactive ones included/],
    ["three plain keys", false, ["by reference", "by name", "by name"] as Extra[], "keys/Plain2", /keys\/Plain0 \(1 key\), keys\/Plain1 \(1 key\)/],
  ])("refuses %s, at the key that does not fit", (_name, rotating, plain, where, rule) => {
    const message = synthError(build(rotating, plain));
    expect(message).toContain(`${where}: user`);
    expect(message).toMatch(rule);
    expect(message).toMatch(/Fix: Keep one access key per user/);
  });

  it("counts `count`: a plain key with count 3 does not fit", () => {
    expect(synthError(build(false, ["by name"], 3))).toMatch(/keys\/Plain0: user .*this access key needs 3/);
  });

  it.each([
    ["a rotating key alone", true, [] as Extra[]],
    ["two plain keys", false, ["by reference", "by name"] as Extra[]],
    ["a rotating key and a plain key of another user", true, ["another user"] as Extra[]],
  ])("accepts %s", (_name, rotating, plain) => {
    expect(synthError(build(rotating, plain))).toBe("");
  });
});
