/**
 * Things an account or a user has only one of: the account password policy (one per account: a second
 * AccountPasswordPolicy overwrites the first at every apply), and the access keys of a user (AWS allows 2 access
 * keys per user, inactive ones included, and a rotating key uses both slots: two rotating keys on one user, or a
 * rotating key and a plain `aws_iam_access_key`, fail at apply or at the first rotation).
 */
import type { Problem } from "../../core/errors";
import { showValue } from "../../core/errors";
import type { IConstruct } from "../../internal/cdktf";
import { TerraformResource } from "../../internal/cdktf";
import { ACCESS_KEYS, PASSWORD_POLICY } from "../facts";
import { registerAppRule } from "../registry";
import { accountWords, comparer, sameAccount, stackFinder } from "./scope";
import type { StackOf } from "./scope";

registerAppRule({
  id: "one-password-policy-per-account",
  description: "An account has one password policy: one AccountPasswordPolicy per stack, and per account across the app.",
  check(context) {
    const problems: Problem[] = [];
    const stackOf = stackFinder(context);
    const seen: { path: string; stack: StackOf | undefined }[] = [];
    for (const { construct } of context.facts(PASSWORD_POLICY)) {
      const here = stackOf(construct);
      const other = seen.find((e) => sameAccount(e.stack, here));
      if (other) {
        problems.push({
          path: construct.node.path,
          field: "",
          rule: `The account of ${accountWords(other.stack, here)} already has an account password policy (${other.path}); an account has one, and two would overwrite each other at every apply.`,
          fix: "Declare one AccountPasswordPolicy per account (in one stack), and remove this one.",
        });
      } else seen.push({ path: construct.node.path, stack: here });
    }
    return problems;
  },
});

/** A holder of access keys of one user: a rotating key (both slots) or a plain `aws_iam_access_key` resource. */
interface KeyHolder {
  readonly construct: IConstruct;
  readonly user: string;
  readonly slots: number;
  readonly rotating: boolean;
}

/** Plain `aws_iam_access_key` resources of the app that no rotating key owns (written with the provider's class). */
function plainAccessKeys(root: IConstruct, rotating: ReadonlySet<IConstruct>): KeyHolder[] {
  const out: KeyHolder[] = [];
  for (const c of root.node.findAll()) {
    if (!(c instanceof TerraformResource) || c.terraformResourceType !== "aws_iam_access_key") continue;
    if (c.node.scopes.some((s) => rotating.has(s))) continue;
    const r = c as TerraformResource & { userInput?: string; count?: unknown };
    if (typeof r.userInput !== "string") continue;
    // `count` with a literal number: that many keys; a count Terraform computes is taken as one.
    const slots = typeof r.count === "number" ? r.count : 1;
    if (slots > 0) out.push({ construct: c, user: r.userInput, slots, rotating: false });
  }
  return out;
}

const MAX_KEYS_PER_USER = 2;

registerAppRule({
  id: "one-access-key-set-per-user",
  description:
    "A user holds at most 2 access keys, inactive ones included (IAM quota): one rotating key uses both slots, a plain aws_iam_access_key one.",
  check(context) {
    const comparable = comparer();
    const problems: Problem[] = [];
    const stackOf = stackFinder(context);
    const facts = context.facts(ACCESS_KEYS);
    const holders: KeyHolder[] = [
      ...facts.map((f) => ({ construct: f.construct, user: f.value.user, slots: MAX_KEYS_PER_USER, rotating: true })),
      ...plainAccessKeys(context.root, new Set(facts.map((f) => f.construct))),
    ];
    const seen = new Map<string, { holder: KeyHolder; stack: StackOf | undefined }[]>();
    for (const holder of holders) {
      const key = comparable(holder.construct, holder.user);
      if (key === undefined) continue;
      const here = stackOf(holder.construct);
      const earlier = (seen.get(key) ?? []).filter((e) => sameAccount(e.stack, here));
      const used = earlier.reduce((n, e) => n + e.holder.slots, 0);
      if (used + holder.slots > MAX_KEYS_PER_USER) {
        const others = earlier.map((e) => `${e.holder.construct.node.path} (${e.holder.rotating ? "a rotating key: 2 keys" : `${e.holder.slots} key${e.holder.slots === 1 ? "" : "s"}`})`).join(", ");
        const mine = holder.rotating ? "this rotating access key needs both" : `this access key needs ${holder.slots}`;
        problems.push({
          path: holder.construct.node.path,
          field: "user",
          value: Token_safe(holder.user),
          rule:
            earlier.length > 0 && earlier.every((e) => e.holder.rotating) && holder.rotating
              ? `This user already has a rotating access key (${others}); AWS allows 2 access keys per user and each rotating key uses both slots, so this one would fail at apply.`
              : `${earlier.length > 0 ? `This user already has access keys here: ${others}. ` : ""}AWS allows ${MAX_KEYS_PER_USER} access keys per user, inactive ones included, and ${mine}: the apply (or the first rotation) would fail with LimitExceeded.`,
          fix: "Keep one access key per user (ServiceUser's `accessKey`, which rotates within the 2 keys), or give this key to another user.",
        });
        continue;
      }
      seen.set(key, [...(seen.get(key) ?? []), { holder, stack: here }]);
    }
    return problems;
  },
});

function Token_safe(v: string): string | undefined {
  return v.includes("${") ? undefined : showValue(v);
}
