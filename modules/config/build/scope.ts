/**
 * What the entries of one stack share while they are built: construct ids, IAM names, the policies declared so far
 * (for references by id or name) and the groups (for users' memberships).
 */
import { rankByDistance } from "../../catalog/actions";
import { AwsManagedPolicy } from "../../constructs/aws-managed-policy";
import type { IManagedPolicy } from "../../constructs/managed-policy";
import type { UserGroup } from "../../constructs/user-group";
import { ValidationError } from "../../core/errors";
import type { IConstruct } from "../../internal/cdktf";
import type { IamStack } from "../../stack/iam-stack";
import { renderPath } from "../errors";
import type { Segment } from "../errors";
import type { StackContentsConfig } from "../types";
import type { BuildContext } from "./context";

/** A policy of the stack known by id or name; `policy` is absent when it could not be built. */
export interface Registered {
  readonly policy?: IManagedPolicy;
  readonly at: Segment[];
}

/** The kinds of IAM entity whose names are unique in an account. */
export type IamKind = "policy" | "role" | "user" | "group" | "instance profile";

/** The shared state of the entries of one stack. */
export class StackScope {
  /** Policy id or name -> the policy (policies, then users' credentials reader policies). */
  readonly registry = new Map<string, Registered>();
  /** Ids of the users' credentials reader policies (known before the users are built). */
  readonly readerIds = new Set<string>();
  /** Group id or name -> the group (null: it could not be built, already reported). */
  readonly groups = new Map<string, UserGroup | null>();
  /** Entries marked `import: true`: their constructs get import blocks once every entry is built. */
  readonly adopted: { scope: IConstruct; at: Segment[] }[] = [];
  private readonly ids = new Map<string, Segment[]>();
  private readonly iamNames = new Map<string, Map<string, { at: Segment[]; name: string }>>();

  constructor(
    private readonly ctx: BuildContext,
    readonly stack: IamStack,
    readonly prefix: Segment[],
    c: StackContentsConfig,
  ) {
    for (const u of c.users ?? []) if (u?.credentialsReaderPolicy) this.readerIds.add(u.credentialsReaderPolicy.id ?? u.credentialsReaderPolicy.name ?? `${u.id ?? u.name}-credentials-reader`);
  }

  /** Claims a construct id; reports it at `field` when another entry has it. */
  claimId(id: string, at: Segment[], field: Segment[]): boolean {
    const other = this.ids.get(id);
    if (other) {
      this.ctx.add({
        at: field,
        value: id,
        rule: `The id "${id}" is already taken by ${renderPath(other)}; ids (by default the names) are the addresses of the resources in Terraform and must be unique in a stack.`,
        fix: "Give one of them another `id` (changing an id later replaces its resources).",
      });
      return false;
    }
    this.ids.set(id, at);
    return true;
  }

  /**
   * IAM names are unique per account and kind, whatever the path, and case-insensitive (`App` and `app` are one
   * name): two entries with one name fail at apply. Across stacks, the whole-app rule unique-iam-names checks them.
   */
  claimName(kind: IamKind, name: unknown, at: Segment[]): void {
    if (typeof name !== "string") return;
    const taken = this.iamNames.get(kind) ?? new Map<string, { at: Segment[]; name: string }>();
    this.iamNames.set(kind, taken);
    const other = taken.get(name.toLowerCase());
    if (other) {
      const exact = other.name === name;
      this.ctx.add({
        at,
        value: name,
        rule: `Another ${kind} of this stack (${renderPath(other.at)}) has the name "${other.name}"; IAM ${kind} names are unique in an account${exact ? "" : " and case-insensitive"}, so the second would fail to create.`,
        fix: `Give each ${kind} its own name${exact ? "" : " (differing in more than letter case)"}.`,
      });
    } else taken.set(name.toLowerCase(), { at, name });
  }

  /** The construct id of an entry (its `id`, else its `name`), checked and claimed; undefined when reported. */
  idOf(e: { id?: string; name?: string }, at: Segment[], kind: string): string | undefined {
    const id = e.id ?? e.name;
    if (id === undefined) {
      this.ctx.add({ at, rule: `A ${kind} needs an \`id\` or a \`name\` (the id is the stable address of its resources).`, fix: "Add `name` (or `id`, for a name Terraform generates)." });
      return undefined;
    }
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
      this.ctx.add({ at: [...at, e.id !== undefined ? "id" : "name"], value: id, rule: "A construct id (the name when `id` is not given) may hold only letters, digits, _ and -.", fix: "Add an `id` made of letters, digits, _ and -." });
      return undefined;
    }
    return this.claimId(id, at, [...at, e.id !== undefined ? "id" : "name"]) ? id : undefined;
  }

  /** A managed policy reference (an ARN, a policy of this stack, or an AWS managed policy name); undefined when reported. */
  resolve(ref: string, at: Segment[]): IManagedPolicy | undefined {
    if (ref.startsWith("arn:")) {
      const refPartition = ref.split(":")[1];
      if (refPartition !== undefined && refPartition !== this.stack.partition && /^aws(-[a-z-]+)?$/.test(refPartition)) {
        const name = ref.slice(ref.lastIndexOf("/") + 1);
        this.ctx.add({
          at,
          value: ref,
          rule: `The ARN is in partition "${refPartition}" but the stack is in partition "${this.stack.partition}" (region ${this.stack.region}); the attachment would fail.`,
          fix: `Write the ARN in the stack's partition, "arn:${this.stack.partition}:${ref.split(":").slice(2).join(":")}"${/:iam::aws:policy\//.test(ref) ? `, or just "${name}" (an AWS managed policy by name follows the stack's partition)` : ""}.`,
        });
        return undefined;
      }
      try {
        return AwsManagedPolicy.fromArn(ref);
      } catch (e) {
        this.ctx.fromError(e, at);
        return undefined;
      }
    }
    const local = this.registry.get(ref);
    if (local) return local.policy;
    if (this.readerIds.has(ref)) {
      this.ctx.add({
        at,
        value: ref,
        rule: `"${ref}" is the credentialsReaderPolicy of a user that is built after this entry (order: policies, groups, users in file order, roles), so it cannot be attached here.`,
        fix: "Attach it to a role (roles[].managedPolicies) or to a user declared after that user.",
      });
      return undefined;
    }
    try {
      return AwsManagedPolicy.fromName(ref);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const localNames = [...this.registry.keys(), ...this.readerIds];
      const close = rankByDistance(ref, localNames, 2);
      for (const p of e.problems) {
        this.ctx.add({
          at,
          shown: p.value,
          rule: `Not a policy of this stack (\`policies\` ids and names${this.readerIds.size ? ", credentialsReaderPolicy ids" : ""}), and ${p.rule.charAt(0).toLowerCase()}${p.rule.slice(1)}`,
          fix: close.length ? `Did you mean ${close.map((n) => `"${n}"`).join(", ")} (declared in this file)? Otherwise: ${p.fix}` : p.fix,
        });
      }
      return undefined;
    }
  }

  /** Resolves a list of references; `keyIndex` maps each attachment key to its index in the file. */
  resolveAll(refs: string[] | undefined, at: Segment[]): { list: IManagedPolicy[]; keyIndex: Map<string, number> } {
    const list: IManagedPolicy[] = [];
    const keyIndex = new Map<string, number>();
    (refs ?? []).forEach((ref, i) => {
      const p = this.resolve(ref, [...at, i]);
      if (!p) return;
      const first = keyIndex.get(p.attachmentKey);
      if (first !== undefined) {
        // The same policy twice (by name and by ARN, or twice by name): one attachment, reported in the file's words.
        this.ctx.add({
          at: [...at, i],
          value: ref,
          rule: `This entry names the same policy as ${renderPath([...at, first])} (${JSON.stringify(refs?.[first])}; both have the attachment key "${p.attachmentKey}"), for example once by name and once by ARN; each policy is attached once.`,
          fix: `Remove one of the two entries (${renderPath([...at, first])} or ${renderPath([...at, i])}).`,
        });
        return;
      }
      list.push(p);
      keyIndex.set(p.attachmentKey, i);
    });
    return { list, keyIndex };
  }
}
