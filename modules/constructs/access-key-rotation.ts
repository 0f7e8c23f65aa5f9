/**
 * Access keys that rotate without an extra provider and without downtime.
 *
 * Two key slots, A and B, alternate. A rotation counter N (the generation number, plus the calendar period
 * when one is set) decides everything:
 * - slot A holds the key of the latest even N, slot B the key of the latest odd N;
 * - each slot has a `terraform_data` whose `triggers_replace` is that number, and the slot's
 *   `aws_iam_access_key` has `lifecycle.replace_triggered_by` on it;
 * - when N goes up by one, exactly one slot's number changes: that slot gets a new key, the other slot keeps
 *   the previous key, valid until the next rotation;
 * - the newest key is slot A when N is even, slot B when N is odd.
 *
 * At most two keys exist (the IAM quota): keys are replaced destroy-then-create (never
 * `create_before_destroy`), so a replacement never needs a third key. With a plain generation number, slot B
 * is only created at generation 1: generation 0 is a single key.
 */
import { recordFact } from "../checks/registry";
import { ACCESS_KEYS } from "../checks/facts";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { Problems } from "../core/errors";
import { Construct, Fn, Op, TerraformStack, Token, ref } from "../internal/cdktf";
import { TerraformData } from "../internal/terraform-data";
import { attributeRef } from "../internal/attribute-ref";

/** Calendar periods a rotation can follow. */
export type RotationPeriod = "month" | "quarter" | "year";

const PERIODS: readonly RotationPeriod[] = ["month", "quarter", "year"];

/** Options of {@link Rotation.generation}. */
export interface RotationOptions {
  /**
   * Also rotate when the calendar period changes, measured with `plantimestamp()` at plan time. Apply at least
   * once per period: if two periods pass without an apply (or a period change and a generation bump land in one
   * apply), both slots are replaced at once and consumers still holding the previous key fail until they
   * re-read SSM.
   * @default no calendar rotation: only the generation number rotates
   */
  readonly every?: RotationPeriod;
}

/** When access keys are replaced. */
export class Rotation {
  /**
   * Rotation by a generation number you raise by one for each rotation (never lower it). Start at 0: one key.
   * From generation 1 on there are two keys: the newest (in SSM) and the previous one.
   */
  static generation(generation: number, options: RotationOptions = {}): Rotation {
    return new Rotation(generation, options.every);
  }

  private constructor(
    /** The generation number. */
    readonly generation: number,
    /** The calendar period, if any. */
    readonly every?: RotationPeriod,
  ) {}

  /** Reports problems of the rotation settings. */
  check(problems: Problems, field: string): void {
    if (typeof this.generation !== "number" || !Number.isSafeInteger(this.generation) || this.generation < 0) {
      problems.add(`${field}.generation`, this.generation, "A rotation generation is a whole number, 0 or more.", "Start at 0 and add 1 for each rotation.");
    }
    if (this.every !== undefined && !PERIODS.includes(this.every)) {
      problems.add(`${field}.every`, this.every, `Unknown rotation period; known: ${PERIODS.join(", ")}.`, "Use one of the known periods, or leave `every` out.");
    }
  }
}

/** Properties of a {@link RotatingAccessKey}. */
export interface RotatingAccessKeyProps {
  /** Name of the IAM user (a reference to `aws_iam_user.name` keeps the dependency). Required. */
  readonly user: string;
  /**
   * When keys rotate.
   * @default Rotation.generation(0): one key, rotated when you raise the generation
   */
  readonly rotation?: Rotation;
  /**
   * Set the previous key to `Inactive` (for "one active key per user" rules). It then stops working at the
   * same apply that creates the new key, so consumers must re-read SSM right away; see docs/service-user.md for
   * the two-step procedure that keeps no downtime.
   * @default false: the previous key stays Active until the next rotation
   */
  readonly deactivatePrevious?: boolean;
  /**
   * Base64 public PGP key (or `keybase:<user>`) that encrypts the secret in state and outputs.
   * @default none
   */
  readonly pgpKey?: string;
}

/** The two key slots of a user, with the triggers that rotate them. */
export class RotatingAccessKey extends Construct {
  /** Slot A (even rotation numbers). */
  readonly slotA: IamAccessKey;
  /** Slot B (odd rotation numbers); absent at generation 0 without a calendar period. */
  readonly slotB?: IamAccessKey;
  /** The rotation in force. */
  readonly rotation: Rotation;
  /**
   * The rotation number N (generation, plus the calendar period index when set): a literal number, or a token
   * of a Terraform expression. Use it as `value_wo_version` of the secret's parameter.
   */
  readonly version: number;
  /** Id of the newest key (a reference, made on first use). */
  get newestId(): string {
    return (this.refs.id ??= this.pick("id"));
  }
  /** The newest key's PGP-encrypted secret (a reference, made on first use); only meaningful with a PGP key. */
  get newestEncryptedSecret(): string {
    return (this.refs.encryptedSecret ??= this.pick("encrypted_secret"));
  }
  /** Fingerprint of the PGP key used for the newest key (a reference, made on first use); only meaningful with a PGP key. */
  get newestKeyFingerprint(): string {
    return (this.refs.keyFingerprint ??= this.pick("key_fingerprint"));
  }
  /** References already made (each is a token: made once, when used, without a stack trace: internal/attribute-ref.ts). */
  private readonly refs: { id?: string; encryptedSecret?: string; keyFingerprint?: string } = {};
  /** Which slot is newest, when known at synth time (plain generation); undefined with a calendar period. */
  readonly newestSlot?: "A" | "B";
  private readonly newestIsB: unknown;

  constructor(scope: Construct, id: string, props: RotatingAccessKeyProps) {
    super(scope, id);
    this.rotation = props.rotation ?? Rotation.generation(0);
    const problems = new Problems(this.node.path);
    this.rotation.check(problems, "rotation");
    problems.throwIfAny(`Invalid access key rotation at ${this.node.path}`);
    if (typeof props.user === "string") recordFact(this, ACCESS_KEYS, { user: props.user });

    const g = this.rotation.generation;
    const every = this.rotation.every;
    const deactivate = props.deactivatePrevious ?? false;
    const common = { user: props.user, ...(props.pgpKey !== undefined ? { pgpKey: props.pgpKey } : {}) };

    if (every === undefined) {
      // Everything is known now: literal numbers, one slot at generation 0.
      const evenN = g - (g % 2);
      const newestA = g % 2 === 0;
      this.version = g;
      this.newestSlot = newestA ? "A" : "B";
      this.newestIsB = !newestA;
      const triggerA = new TerraformData(this, "RotationA", { triggersReplace: { rotation: evenN } });
      this.slotA = new IamAccessKey(this, "KeyA", {
        ...common,
        status: newestA || !deactivate ? "Active" : "Inactive",
        lifecycle: { replaceTriggeredBy: [address(triggerA)] },
      });
      if (g >= 1) {
        const oddN = g % 2 === 1 ? g : g - 1;
        const triggerB = new TerraformData(this, "RotationB", { triggersReplace: { rotation: oddN } });
        this.slotB = new IamAccessKey(this, "KeyB", {
          ...common,
          status: !newestA || !deactivate ? "Active" : "Inactive",
          lifecycle: { replaceTriggeredBy: [address(triggerB)] },
        });
      }
    } else {
      // N = generation + period index, computed by Terraform from plantimestamp() at plan time.
      const n = Op.add(g, periodIndex(every));
      const evenN = Op.sub(n, Op.mod(n, 2));
      const oddN = Op.sub(n, Op.mod(Op.add(n, 1), 2));
      // (Compare with 1, not 0: CDKTF 0.21 renders a literal 0 operand of Op.eq as `undefined`.)
      const isB = Op.eq(Op.mod(n, 2), 1);
      this.version = n;
      this.newestIsB = isB;
      // One key until the first rotation: the rotation number of the first apply is kept in state (the input of
      // `RotationOrigin`, never updated). In that first period only the slot of its parity exists; from the
      // first rotation on (N > origin) both do. `input` is known at plan time (unlike `output`), so `count` can
      // use it; with ignore_changes the planned input is the one in state.
      const origin = new TerraformData(this, "RotationOrigin", { input: { rotation: n }, lifecycle: { ignoreChanges: ["input"] } });
      const originN = Token.asNumber(origin.interpolationForAttribute("input.rotation"));
      const rotatedOnce = Op.gt(n, originN);
      const slotCount = (parity: unknown) => Token.asNumber(Fn.conditional(Op.or(parity, rotatedOnce), 1, 0));
      const triggerA = new TerraformData(this, "RotationA", { triggersReplace: { rotation: evenN } });
      const triggerB = new TerraformData(this, "RotationB", { triggersReplace: { rotation: oddN } });
      this.slotA = new IamAccessKey(this, "KeyA", {
        ...common,
        count: slotCount(Op.neq(Op.mod(n, 2), 1)),
        status: deactivate ? Token.asString(Fn.conditional(isB, "Inactive", "Active")) : "Active",
        lifecycle: { replaceTriggeredBy: [address(triggerA)] },
      });
      this.slotB = new IamAccessKey(this, "KeyB", {
        ...common,
        count: slotCount(isB),
        status: deactivate ? Token.asString(Fn.conditional(isB, "Active", "Inactive")) : "Active",
        lifecycle: { replaceTriggeredBy: [address(triggerB)] },
      });
    }
  }

  /**
   * The newest key's secret, as a reference. Only for the SSM parameter's value: never put it in an output,
   * a tag, a description or a policy.
   */
  newestSecret(): string {
    return this.pick("secret");
  }

  private pick(name: string): string {
    if (this.newestIsB === false) return attributeRef(this.slotA, name);
    if (this.newestIsB === true) return attributeRef(this.slotB as IamAccessKey, name);
    // Calendar rotation: the slots are counted (0 or 1 instance), so read them as `try(<slot>[0].<attr>, "")`.
    // (Not a splat: plan JSON lists `<slot>[0].<attr>` among the references of this form, so a review of a saved
    // plan still sees which attribute goes where. The newest slot always exists: `try` only guards the other one,
    // and an empty value would be refused by SSM rather than written.)
    const one = (k: IamAccessKey) => Fn.try([ref(`${k.terraformResourceType}.${k.friendlyUniqueId}[0].${name}`, TerraformStack.of(this)), ""]);
    return Token.asString(Fn.conditional(this.newestIsB, one(this.slotB as IamAccessKey), one(this.slotA)));
  }
}

/**
 * The bare address `terraform_data.<name>`: in the JSON syntax, `replace_triggered_by` takes references without
 * `${...}` (CDKTF 0.21 wraps a construct given there in `${...}`, which Terraform rejects).
 */
function address(resource: TerraformData): string {
  return resource.address;
}

/**
 * Index of the current calendar period, an increasing whole number (consecutive periods differ by one),
 * from `plantimestamp()`: year*12+month, year*4+quarter, or year.
 */
function periodIndex(every: RotationPeriod): number {
  const now = Fn.plantimestamp();
  const year = Fn.tonumber(Fn.formatdate("YYYY", now));
  const month = Fn.tonumber(Fn.formatdate("M", now));
  switch (every) {
    case "month":
      return Op.add(Op.mul(year, 12), Op.sub(month, 1));
    case "quarter":
      return Op.add(Op.mul(year, 4), Fn.floor(Op.div(Op.sub(month, 1), 3)));
    case "year":
      return year;
  }
}
