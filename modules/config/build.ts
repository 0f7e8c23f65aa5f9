/**
 * From a loaded config file to constructs: stacks, managed policies (statements and presets), EC2 instance
 * roles, users with keys in SSM, groups, the account password policy.
 *
 * Every part whose structure passed the schema is built, inside its own try/catch, so one run reports every
 * problem of the file: unknown references, preset arguments, and whatever the constructs reject (their
 * ValidationErrors name a construct path and a field, mapped back here to the path in the file). When anything
 * is wrong, {@link buildFromConfig} throws one {@link ConfigError} and the app must not be synthesized (main.ts
 * synthesizes only after a successful build).
 */
import { AccountPasswordPolicy } from "../constructs/account-password-policy";
import type { AccountPasswordPolicyProps } from "../constructs/account-password-policy";
import { Rotation } from "../constructs/access-key-rotation";
import { AwsManagedPolicy } from "../constructs/aws-managed-policy";
import { Ec2InstanceRole } from "../constructs/ec2-instance-role";
import { ManagedPolicy } from "../constructs/managed-policy";
import type { IManagedPolicy } from "../constructs/managed-policy";
import { ServiceUser } from "../constructs/service-user";
import type { ServiceUserAccessKeyProps } from "../constructs/service-user";
import { SsmStore } from "../constructs/ssm-store";
import { ValidationError } from "../core/errors";
import type { Problem } from "../core/errors";
import { Construct as ConstructRoot } from "../internal/cdktf";
import type { Construct } from "../internal/cdktf";
import { Condition, PolicyDocument, Principal, Statement } from "../policy";
import type { ConditionValue, StatementProps } from "../policy";
import { Presets } from "../presets";
import { Backend } from "../stack/backend";
import { IamStack } from "../stack/iam-stack";
import type { IamStackProps } from "../stack/iam-stack";
import { rankByDistance } from "../catalog/actions";
import { ConfigError, renderPath, toProblems } from "./errors";
import type { FileProblem, Segment } from "./errors";
import type { LoadedConfig } from "./load";
import type {
  BackendConfig,
  DocumentConfig,
  GroupConfig,
  PolicyConfig,
  PrincipalConfig,
  RoleConfig,
  StackContentsConfig,
  StackSettingsConfig,
  StatementConfig,
  UserConfig,
} from "./types";
import { UserGroup } from "../constructs/user-group";

/** What a stack gets when the file does not say: the app's settings (cdktf context, then environment). */
export interface ConfigDefaults {
  /** Name of a stack that declares none. Required. */
  readonly stackName: string;
  /** Props of every stack before the file's settings override them (region, backend, deploy role, offline...). Required. */
  readonly stackProps: IamStackProps;
  /**
   * The default backend of a stack named `stackName` (for example an S3 key derived from the stack's name).
   * @default `stackProps.backend` for every stack
   */
  readonly backendFor?: (stackName: string) => Backend | undefined;
}

/** Where a statement of a built document came from. */
type Origin =
  | { kind: "statement"; index: number; conditions: [string, string][] }
  | { kind: "json"; index: number }
  | { kind: "preset"; index: number; name: string };

interface Entry {
  /** Construct path of the entry's construct. */
  readonly constructPath: string;
  /** Path of the entry in the file. */
  readonly at: Segment[];
  /** managedPolicies attachment key -> index in the file. */
  readonly keyIndex?: Map<string, number>;
  /** Inline policy name -> origins of its statements. */
  readonly inlineOrigins?: Map<string, Origin[]>;
  /** Origins of the statements of a managed policy's own document. */
  readonly documentOrigins?: Origin[];
  /** Child construct id -> path in the file. */
  readonly children?: Record<string, Segment[]>;
  /** Construct field -> file field, where they differ. */
  readonly renames?: Record<string, string>;
}

interface Registered {
  readonly policy?: IManagedPolicy;
  readonly at: Segment[];
}

const SETTINGS_KEYS: readonly (keyof StackSettingsConfig)[] = ["name", "region", "backend", "defaultTags", "allowedAccountIds", "assumeRole", "partition"];
const CONTENT_KEYS: readonly (keyof StackContentsConfig)[] = ["policies", "roles", "users", "groups", "passwordPolicy"];

/** True when `inner` is `outer` or below it. */
function under(inner: readonly Segment[], outer: readonly Segment[]): boolean {
  return outer.length <= inner.length && outer.every((s, i) => s === inner[i]);
}

/** Parses a construct field (`inlinePolicies["x"].statements[0].actions[1]`) into segments, and the text left over. */
export function parseField(field: string): { segs: Segment[]; rest: string } {
  const segs: Segment[] = [];
  let i = 0;
  const re = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  while (i < field.length) {
    const m = re.exec(field.slice(i));
    if (!m) break;
    if (m[1] !== undefined) segs.push(m[1]);
    else if (m[2] !== undefined) segs.push(Number(m[2]));
    else segs.push(JSON.parse(m[3] as string) as string);
    i += m[0].length;
  }
  return { segs, rest: field.slice(i).trim() };
}

function asList(v: string | string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

/** Builds every stack a loaded config file declares into `app`. Throws a {@link ConfigError} listing every problem. */
export function buildFromConfig(app: Construct, loaded: LoadedConfig, defaults: ConfigDefaults): IamStack[] {
  const b = new Builder(app, loaded, defaults);
  return b.run();
}

class Builder {
  private readonly problems: FileProblem[] = [];
  private readonly entries: Entry[] = [];
  private readonly stacks: IamStack[] = [];
  private scratch?: Construct;
  private scratchCount = 0;

  constructor(
    private readonly app: Construct,
    private readonly loaded: LoadedConfig,
    private readonly defaults: ConfigDefaults,
  ) {
    this.problems.push(...loaded.problems);
  }

  run(): IamStack[] {
    if (!this.loaded.fatal) this.buildAll();
    if (this.problems.length === 0) this.runValidations();
    if (this.problems.length > 0) throw new ConfigError(this.loaded.file, toProblems(this.loaded.file, this.problems, this.loaded.locate));
    return this.stacks;
  }

  /** A schema problem lies inside `at` (so `at` is not built and references to it are not reported). */
  private broken(at: readonly Segment[]): boolean {
    return this.loaded.problems.some((p) => !p.unknownKey && under(p.at, at));
  }

  private add(p: FileProblem): void {
    this.problems.push(p);
  }

  private buildAll(): void {
    const data = this.loaded.data;
    const units: { prefix: Segment[]; settingsAt: Segment[]; settings: StackSettingsConfig; contents: StackContentsConfig }[] = [];
    if (data.stacks !== undefined) {
      const mixed = CONTENT_KEYS.filter((k) => data[k] !== undefined).concat(data.stack !== undefined ? ["stack" as never] : []);
      if (mixed.length > 0) {
        this.add({
          at: [mixed[0] as string],
          rule: `\`${mixed.join("`, `")}\` at the top level cannot be combined with \`stacks\`.`,
          fix: "Either declare one stack at the top level (`stack` settings plus policies, roles, users, groups), or move everything into entries of `stacks`.",
        });
      }
      if (this.broken(["stacks"]) && !Array.isArray(data.stacks)) return;
      data.stacks.forEach((s, i) => {
        if (s && typeof s === "object") units.push({ prefix: ["stacks", i], settingsAt: ["stacks", i], settings: s, contents: s });
      });
    } else {
      units.push({ prefix: [], settingsAt: ["stack"], settings: data.stack ?? {}, contents: data });
    }
    const names = new Map<string, Segment[]>();
    const settingsCloud: string[] = [];
    const locations = new Map<string, { name: string; at: Segment[] }>();
    for (const unit of units) {
      const settingsBroken = SETTINGS_KEYS.some((k) => this.broken([...unit.settingsAt, k])) || this.loaded.problems.some((p) => !p.unknownKey && renderPath(p.at) === renderPath(unit.settingsAt));
      const s = unit.settings;
      if (settingsBroken) {
        // The stack cannot be made, but what it holds can still be checked (in a stack that is thrown away).
        this.buildContents(this.scratchStack(s), unit.prefix, unit.contents);
        continue;
      }
      const name = s.name ?? this.defaults.stackName;
      const nameAt = s.name !== undefined ? [...unit.settingsAt, "name"] : unit.prefix;
      const first = names.get(name);
      if (first) {
        this.add({
          at: nameAt,
          value: name,
          rule: `Two stacks are named "${name}" (the other one is ${renderPath(first) || "the top-level stack"}${s.name === undefined ? "; a stack without `name` takes the app's stack name" : ""}).`,
          fix: "Give every stack its own `name`.",
        });
        this.buildContents(this.scratchStack(s), unit.prefix, unit.contents);
        continue;
      }
      names.set(name, nameAt);
      let backend: Backend | undefined;
      if (s.backend) {
        backend = backendOf(s.backend);
        const loc = stateLocation(s.backend, name);
        const other = loc ? locations.get(loc) : undefined;
        if (loc && other) {
          this.add({
            at: [...unit.settingsAt, "backend"],
            value: loc,
            rule: `Stacks "${other.name}" and "${name}" would share one Terraform state; each would destroy the other's resources.`,
            fix: "Give each stack its own state key, workspace or path.",
          });
        } else if (loc) locations.set(loc, { name, at: [...unit.settingsAt, "backend"] });
      } else {
        backend = this.defaults.backendFor?.(name) ?? this.defaults.stackProps.backend;
        if (backend?.kind === "cloud") settingsCloud.push(name);
      }
      const props: IamStackProps = {
        ...this.defaults.stackProps,
        region: s.region ?? this.defaults.stackProps.region,
        ...(backend ? { backend } : {}),
        ...(s.defaultTags !== undefined || this.defaults.stackProps.defaultTags !== undefined ? { defaultTags: { ...(this.defaults.stackProps.defaultTags ?? {}), ...(s.defaultTags ?? {}) } } : {}),
        ...(s.allowedAccountIds !== undefined ? { allowedAccountIds: s.allowedAccountIds } : {}),
        ...(s.assumeRole !== undefined ? { assumeRole: { ...s.assumeRole } } : {}),
        ...(s.partition !== undefined ? { partition: s.partition } : {}),
      };
      let stack: IamStack;
      try {
        stack = new IamStack(this.app, name, props);
      } catch (e) {
        this.stackError(e, unit.settingsAt, s);
        this.buildContents(this.scratchStack(s), unit.prefix, unit.contents);
        continue;
      }
      this.stacks.push(stack);
      this.buildContents(stack, unit.prefix, unit.contents);
    }
    if (settingsCloud.length > 1) {
      this.add({
        at: units.length > 0 ? ["stacks"] : [],
        value: settingsCloud.join(", "),
        rule: `Stacks ${settingsCloud.map((n) => `"${n}"`).join(", ")} declare no backend and all take the Terraform Cloud backend of the app's settings: one workspace for several stacks.`,
        fix: "Declare `backend: { type: cloud, organization, workspace }` with its own workspace in each stack.",
      });
    }
  }

  /** A stand-in stack, outside the app, to check the contents of a stack whose settings are wrong. */
  private scratchStack(s: StackSettingsConfig): IamStack {
    const valid = (r: unknown): r is string => typeof r === "string" && /^[a-z]{2,5}(-[a-z]+)+-\d{1,2}$/.test(r);
    const region = valid(s.region) ? s.region : valid(this.defaults.stackProps.region) ? this.defaults.stackProps.region : "us-east-1";
    // A bare root, not an App: an App would create its output folder.
    this.scratch ??= new ConstructRoot(undefined as never, "");
    return new IamStack(this.scratch, `scratch${++this.scratchCount}`, { region });
  }

  private stackError(e: unknown, settingsAt: Segment[], s: StackSettingsConfig): void {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) {
      const { segs, rest } = parseField(p.field);
      const first = segs[0];
      const mapped = first !== undefined ? [first, ...segs.slice(1)] : [];
      const given = typeof first === "string" && (s as Record<string, unknown>)[first] !== undefined;
      this.add({
        at: given ? [...settingsAt, ...mapped] : settingsAt,
        note: given ? rest || undefined : `(${p.field}, from the app settings: cdktf context or environment)`,
        shown: p.value,
        rule: p.rule,
        fix: p.fix,
      });
    }
  }

  private buildContents(stack: IamStack, prefix: Segment[], c: StackContentsConfig): void {
    const registry = new Map<string, Registered>();
    const readerIds = new Set<string>();
    for (const u of c.users ?? []) if (u?.credentialsReaderPolicy) readerIds.add(u.credentialsReaderPolicy.id ?? u.credentialsReaderPolicy.name ?? `${u.id ?? u.name}-credentials-reader`);
    const ids = new Map<string, Segment[]>();
    const claimId = (id: string, at: Segment[], field: Segment[]): boolean => {
      const other = ids.get(id);
      if (other) {
        this.add({
          at: field,
          value: id,
          rule: `The id "${id}" is already taken by ${renderPath(other)}; ids (by default the names) are the addresses of the resources in Terraform and must be unique in a stack.`,
          fix: "Give one of them another `id` (changing an id later replaces its resources).",
        });
        return false;
      }
      ids.set(id, at);
      return true;
    };
    // IAM names are unique per account and kind, whatever the path: two entries with one name fail at apply.
    const iamNames = new Map<string, Map<string, Segment[]>>();
    const claimName = (kind: "policy" | "role" | "user" | "group" | "instance profile", name: unknown, at: Segment[]): void => {
      if (typeof name !== "string") return;
      const taken = iamNames.get(kind) ?? new Map<string, Segment[]>();
      iamNames.set(kind, taken);
      const other = taken.get(name);
      if (other) {
        this.add({ at, value: name, rule: `Another ${kind} of this stack (${renderPath(other)}) has the name "${name}"; IAM ${kind} names are unique in an account, so the second would fail to create.`, fix: `Give each ${kind} its own name.` });
      } else taken.set(name, at);
    };
    const idOf = (e: { id?: string; name?: string }, at: Segment[], kind: string): string | undefined => {
      const id = e.id ?? e.name;
      if (id === undefined) {
        this.add({ at, rule: `A ${kind} needs an \`id\` or a \`name\` (the id is the stable address of its resources).`, fix: "Add `name` (or `id`, for a name Terraform generates)." });
        return undefined;
      }
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) {
        this.add({ at: [...at, e.id !== undefined ? "id" : "name"], value: id, rule: "A construct id (the name when `id` is not given) may hold only letters, digits, _ and -.", fix: "Add an `id` made of letters, digits, _ and -." });
        return undefined;
      }
      return claimId(id, at, [...at, e.id !== undefined ? "id" : "name"]) ? id : undefined;
    };

    const resolve = (ref: string, at: Segment[]): IManagedPolicy | undefined => {
      if (ref.startsWith("arn:")) {
        try {
          return AwsManagedPolicy.fromArn(ref);
        } catch (e) {
          this.fromError(e, at);
          return undefined;
        }
      }
      const local = registry.get(ref);
      if (local) return local.policy;
      if (readerIds.has(ref)) {
        this.add({
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
        const localNames = [...registry.keys(), ...readerIds];
        const close = rankByDistance(ref, localNames, 2);
        for (const p of e.problems) {
          this.add({
            at,
            shown: p.value,
            rule: `Not a policy of this stack (\`policies\` ids and names${readerIds.size ? ", credentialsReaderPolicy ids" : ""}), and ${p.rule.charAt(0).toLowerCase()}${p.rule.slice(1)}`,
            fix: close.length ? `Did you mean ${close.map((n) => `"${n}"`).join(", ")} (declared in this file)? Otherwise: ${p.fix}` : p.fix,
          });
        }
        return undefined;
      }
    };
    const resolveAll = (refs: string[] | undefined, at: Segment[]): { list: IManagedPolicy[]; keyIndex: Map<string, number> } => {
      const list: IManagedPolicy[] = [];
      const keyIndex = new Map<string, number>();
      (refs ?? []).forEach((ref, i) => {
        const p = resolve(ref, [...at, i]);
        if (p) {
          list.push(p);
          if (!keyIndex.has(p.attachmentKey)) keyIndex.set(p.attachmentKey, i);
        }
      });
      return { list, keyIndex };
    };

    // Policies.
    (c.policies ?? []).forEach((p, i) => {
      const at = [...prefix, "policies", i];
      if (this.broken(at) || !p) {
        for (const k of [p?.id, p?.name]) if (typeof k === "string") registry.set(k, { at });
        return;
      }
      const id = idOf(p, at, "policy");
      if (!id) return;
      claimName("policy", p.name, [...at, "name"]);
      const built = this.document(p, at, stack.partition);
      if (!built) {
        registry.set(id, { at });
        if (p.name) registry.set(p.name, { at });
        return;
      }
      const entry: Entry = { constructPath: `${stack.node.path}/${id}`, at, documentOrigins: built.origins };
      try {
        const policy = new ManagedPolicy(stack, id, {
          document: built.doc,
          ...pick(p as PolicyConfig, ["name", "namePrefix", "path", "description", "tags", "mergeStatements"]),
        });
        registry.set(id, { policy, at });
        if (p.name && !registry.has(p.name)) registry.set(p.name, { policy, at });
      } catch (e) {
        registry.set(id, { at });
        this.constructError(e, entry);
      }
      this.entries.push(entry);
    });

    // Groups.
    const groups = new Map<string, UserGroup | null>();
    (c.groups ?? []).forEach((g, i) => {
      const at = [...prefix, "groups", i];
      if (this.broken(at) || !g) {
        for (const k of [g?.id, g?.name]) if (typeof k === "string") groups.set(k, null);
        return;
      }
      const id = idOf(g, at, "group");
      if (!id) return;
      claimName("group", g.name, [...at, "name"]);
      const policies = resolveAll(g.managedPolicies, [...at, "managedPolicies"]);
      const inline = this.inlineDocs(g.inlinePolicies, [...at, "inlinePolicies"], stack.partition);
      const entry: Entry = { constructPath: `${stack.node.path}/${id}`, at, keyIndex: policies.keyIndex, inlineOrigins: inline.origins };
      this.entries.push(entry);
      if (!inline.ok) return;
      try {
        const group = new UserGroup(stack, id, {
          name: g.name,
          managedPolicies: policies.list,
          inlinePolicies: inline.docs,
          ...pick(g as GroupConfig, ["path", "managedPolicyQuota", "enforceMfa", "memberPath"]),
        });
        groups.set(id, group);
        groups.set(g.name, group);
      } catch (e) {
        groups.set(id, null);
        this.constructError(e, entry);
      }
    });

    // Users (and their credentials reader policies, which roles may attach).
    (c.users ?? []).forEach((u, i) => {
      const at = [...prefix, "users", i];
      // When the user cannot be built, neither can its reader policy: references to it are then not reported again.
      const rc = u && typeof u === "object" ? u.credentialsReaderPolicy : undefined;
      const readerId = rc && typeof rc === "object" ? (rc.id ?? rc.name ?? `${u.id ?? u.name}-credentials-reader`) : undefined;
      const unbuilt = () => {
        if (readerId !== undefined && !registry.has(readerId)) registry.set(readerId, { at: [...at, "credentialsReaderPolicy"] });
      };
      if (this.broken(at) || !u) return unbuilt();
      const id = idOf(u, at, "user");
      if (!id) return unbuilt();
      claimName("user", u.name, [...at, "name"]);
      if (u.policiesVia === "group") claimName("group", u.group?.name ?? `${u.name}-policies`, [...at, u.group?.name !== undefined ? "group" : "policiesVia"]);
      if (u.credentialsReaderPolicy?.name !== undefined) claimName("policy", u.credentialsReaderPolicy.name, [...at, "credentialsReaderPolicy", "name"]);
      const policies = resolveAll(u.managedPolicies, [...at, "managedPolicies"]);
      const boundary = u.permissionsBoundary !== undefined ? resolve(u.permissionsBoundary, [...at, "permissionsBoundary"]) : undefined;
      const inline = this.inlineDocs(u.inlinePolicies, [...at, "inlinePolicies"], stack.partition);
      const memberOf: string[] = [];
      (u.groups ?? []).forEach((g) => {
        const local = groups.get(g);
        if (local === null) return; // broken group: already reported
        memberOf.push(local ? local.name : g);
      });
      const entry: Entry = {
        constructPath: `${stack.node.path}/${id}`,
        at,
        keyIndex: policies.keyIndex,
        inlineOrigins: inline.origins,
        children: { AccessKey: ["accessKey"], Console: ["console"] },
      };
      this.entries.push(entry);
      if (!inline.ok) return unbuilt();
      let user: ServiceUser;
      try {
        user = new ServiceUser(stack, id, {
          name: u.name,
          managedPolicies: policies.list,
          inlinePolicies: inline.docs,
          ...(boundary ? { permissionsBoundary: boundary } : {}),
          ...(memberOf.length > 0 ? { groups: memberOf } : {}),
          ...(u.accessKey ? { accessKey: accessKeyOf(u.accessKey) } : {}),
          ...(u.console ? { console: { ...u.console } } : {}),
          ...pick(u as UserConfig, ["path", "forceDestroy", "tags", "policiesVia", "group", "managedPolicyQuota"]),
        });
      } catch (e) {
        this.constructError(e, entry);
        return unbuilt();
      }
      const r = u.credentialsReaderPolicy;
      if (r) {
        const rat = [...at, "credentialsReaderPolicy"];
        const rid = r.id ?? r.name ?? `${id}-credentials-reader`;
        if (!claimId(rid, rat, [...rat, r.id !== undefined ? "id" : "name"])) return;
        const rentry: Entry = { constructPath: `${stack.node.path}/${rid}`, at: rat, renames: { document: "" } };
        try {
          const doc = user.credentialsReaderPolicy(r.accountId !== undefined ? { accountId: r.accountId } : {});
          const policy = new ManagedPolicy(stack, rid, { document: doc, ...pick(r, ["name", "path", "description"]) });
          registry.set(rid, { policy, at: rat });
          if (r.name !== undefined && !registry.has(r.name)) registry.set(r.name, { policy, at: rat });
        } catch (e) {
          registry.set(rid, { at: rat });
          this.constructError(e, rentry, entry);
        }
        this.entries.push(rentry);
      }
    });

    // Roles.
    (c.roles ?? []).forEach((r, i) => {
      const at = [...prefix, "roles", i];
      if (this.broken(at) || !r) return;
      const id = idOf(r, at, "role");
      if (!id) return;
      claimName("role", r.name, [...at, "name"]);
      if (r.instanceProfile !== false && (r.instanceProfile as unknown) !== true) {
        const profileName = r.instanceProfile?.name ?? r.name;
        claimName("instance profile", profileName, [...at, r.instanceProfile?.name !== undefined ? "instanceProfile" : "name"]);
      }
      if ((r.instanceProfile as unknown) === true) {
        this.add({ at: [...at, "instanceProfile"], value: true, rule: "`instanceProfile` takes options or `false`; a profile is made by default.", fix: "Remove `instanceProfile: true` (or write `instanceProfile: { name: ... }`)." });
        return;
      }
      const policies = resolveAll(r.managedPolicies, [...at, "managedPolicies"]);
      const boundary = r.permissionsBoundary !== undefined ? resolve(r.permissionsBoundary, [...at, "permissionsBoundary"]) : undefined;
      const inline = this.inlineDocs(r.inlinePolicies, [...at, "inlinePolicies"], stack.partition);
      const trust = (r.additionalTrustStatements ?? []).map(statementOf);
      const entry: Entry = { constructPath: `${stack.node.path}/${id}`, at, keyIndex: policies.keyIndex, inlineOrigins: inline.origins, children: { InstanceProfile: ["instanceProfile"] } };
      this.entries.push(entry);
      if (!inline.ok) return;
      try {
        new Ec2InstanceRole(stack, id, {
          managedPolicies: policies.list,
          inlinePolicies: inline.docs,
          ...(boundary ? { permissionsBoundary: boundary } : {}),
          ...(trust.length > 0 ? { additionalTrustStatements: trust } : {}),
          ...pick(r as RoleConfig, ["name", "namePrefix", "path", "description", "maxSessionDuration", "tags", "managedPolicyQuota", "trustedService", "trustPolicyQuota", "instanceProfile"]),
        });
      } catch (e) {
        this.constructError(e, entry);
      }
    });

    // The account password policy.
    if (c.passwordPolicy !== undefined && !this.broken([...prefix, "passwordPolicy"])) {
      const at = [...prefix, "passwordPolicy"];
      const entry: Entry = { constructPath: `${stack.node.path}/PasswordPolicy`, at };
      this.entries.push(entry);
      if (claimId("PasswordPolicy", at, at)) {
        try {
          new AccountPasswordPolicy(stack, "PasswordPolicy", { ...(c.passwordPolicy as AccountPasswordPolicyProps) });
        } catch (e) {
          this.constructError(e, entry);
        }
      }
    }
  }

  /** Builds a document from statements and presets; reports preset problems. Undefined when a preset failed. */
  private document(spec: DocumentConfig, at: Segment[], partition: string): { doc: PolicyDocument; origins: Origin[] } | undefined {
    const statements: Statement[] = [];
    const origins: Origin[] = [];
    (spec.statements ?? []).forEach((s, i) => {
      statements.push(statementOf(s));
      origins.push({ kind: "statement", index: i, conditions: conditionKeys(s) });
    });
    let ok = true;
    if (spec.json !== undefined) {
      try {
        PolicyDocument.fromJson(spec.json, { path: "json" }).statements.forEach((s, i) => {
          statements.push(s);
          origins.push({ kind: "json", index: i });
        });
      } catch (e) {
        ok = false;
        if (!(e instanceof ValidationError)) throw e;
        for (const prob of e.problems) {
          const { segs, rest } = parseField(prob.field);
          this.add({ at: [...at, "json", ...segs], note: rest || undefined, shown: prob.value, rule: prob.rule, fix: prob.fix });
        }
      }
    }
    (spec.presets ?? []).forEach((p, j) => {
      const { preset, ...args } = p as { preset: keyof typeof Presets } & Record<string, unknown>;
      try {
        const fn = Presets[preset] as (a: Record<string, unknown>) => PolicyDocument;
        const doc = fn({ ...args, partition });
        for (const s of doc.statements) {
          statements.push(s);
          origins.push({ kind: "preset", index: j, name: preset });
        }
      } catch (e) {
        ok = false;
        if (!(e instanceof ValidationError)) throw e;
        for (const prob of e.problems) {
          const { segs, rest } = parseField(prob.field);
          this.add({ at: [...at, "presets", j, ...segs], note: rest || undefined, shown: prob.value, rule: prob.rule, fix: prob.fix });
        }
      }
    });
    return ok ? { doc: new PolicyDocument({ statements }), origins } : undefined;
  }

  private inlineDocs(specs: Record<string, DocumentConfig> | undefined, at: Segment[], partition: string): { docs: Record<string, PolicyDocument>; origins: Map<string, Origin[]>; ok: boolean } {
    const docs: Record<string, PolicyDocument> = {};
    const origins = new Map<string, Origin[]>();
    let ok = true;
    for (const [name, spec] of Object.entries(specs ?? {})) {
      const built = this.document(spec ?? {}, [...at, name], partition);
      if (!built) {
        ok = false;
        continue;
      }
      docs[name] = built.doc;
      origins.set(name, built.origins);
    }
    return { docs, origins, ok };
  }

  /** Maps a construct's ValidationError back to the file. */
  private constructError(e: unknown, entry: Entry, parent?: Entry): void {
    if (!(e instanceof ValidationError)) {
      this.add({ at: entry.at, rule: `Unexpected error: ${(e as Error)?.message ?? String(e)}`, fix: "Check this entry; if it looks right, report the error with the file." });
      return;
    }
    for (const p of e.problems) this.mapProblem(p, entry, parent);
  }

  private fromError(e: unknown, at: Segment[]): void {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) this.add({ at, shown: p.value, rule: p.rule, fix: p.fix });
  }

  private mapProblem(p: Problem, entry: Entry, parent?: Entry): void {
    let base: Segment[] | undefined;
    let target = entry;
    if (p.path === entry.constructPath) base = entry.at;
    else if (p.path.startsWith(`${entry.constructPath}/`)) {
      const child = p.path.slice(entry.constructPath.length + 1).split("/")[0] ?? "";
      base = [...entry.at, ...(entry.children?.[child] ?? [])];
    } else if (parent && p.path === parent.constructPath) {
      base = parent.at;
      target = parent;
    }
    const { segs, rest } = parseField(p.field);
    if (!base) {
      this.add({ at: entry.at, note: `(${p.path}${p.field ? `: ${p.field}` : ""})`, shown: p.value, rule: p.rule, fix: p.fix });
      return;
    }
    let mapped: Segment[] = segs;
    let note = rest || undefined;
    const head = segs[0];
    if (head !== undefined && target.renames && typeof head === "string" && head in target.renames) {
      const to = target.renames[head] as string;
      mapped = to ? [to, ...segs.slice(1)] : segs.slice(1);
    } else if (head === "additionalTrustStatements" && segs[1] === "statements" && typeof segs[2] === "number") {
      // Trust statements are validated as a document of their own: `additionalTrustStatements.statements[i]`.
      mapped = ["additionalTrustStatements", ...segs.slice(2)];
    } else if (head === "managedPolicies" && typeof segs[1] === "string" && target.keyIndex?.has(segs[1])) {
      mapped = ["managedPolicies", target.keyIndex.get(segs[1]) as number, ...segs.slice(2)];
    } else if (head === "inlinePolicies" && typeof segs[1] === "string") {
      const origins = target.inlineOrigins?.get(segs[1]);
      const inner = origins ? mapDocument(segs.slice(2), origins) : { segs: segs.slice(2) };
      mapped = ["inlinePolicies", segs[1], ...inner.segs];
      note = [inner.note, note].filter(Boolean).join(" ") || undefined;
    } else if (head === "document" && target.documentOrigins) {
      const inner = mapDocument(segs.slice(1), target.documentOrigins);
      mapped = inner.segs;
      note = [inner.note, note].filter(Boolean).join(" ") || undefined;
    }
    this.add({ at: [...base, ...mapped], note, shown: p.value, rule: p.rule, fix: p.fix });
  }

  /** Runs the constructs' synth-time validations, so their problems are reported with the others. */
  private runValidations(): void {
    for (const stack of this.stacks) {
      for (const c of stack.node.findAll()) {
        for (const message of c.node.validate()) {
          const path = c.node.path;
          const entry = [...this.entries].sort((a, b) => b.constructPath.length - a.constructPath.length).find((e) => path === e.constructPath || path.startsWith(`${e.constructPath}/`));
          this.add({ at: entry?.at ?? [], rule: message, fix: "See the message." });
        }
      }
    }
  }
}

function mapDocument(segs: Segment[], origins: Origin[]): { segs: Segment[]; note?: string } {
  if (segs[0] === "statements" && typeof segs[1] === "number") {
    const o = origins[segs[1]];
    if (o?.kind === "statement") {
      // conditions[k] of the model is operator -> key in the file: `conditions.StringEquals["aws:PrincipalOrgID"]`.
      if (segs[2] === "conditions" && typeof segs[3] === "number" && o.conditions[segs[3]]) {
        const [op, key] = o.conditions[segs[3]] as [string, string];
        return { segs: ["statements", o.index, "conditions", op, ...(segs[4] === "operator" ? [] : [key])] };
      }
      return { segs: ["statements", o.index, ...segs.slice(2)] };
    }
    if (o?.kind === "json") return { segs: ["json", "Statement", o.index, ...jsonField(segs.slice(2))] };
    if (o?.kind === "preset") return { segs: ["presets", o.index], note: `(preset ${o.name}: ${renderPath(segs.slice(2)) || "statement"})` };
  }
  return { segs };
}

/** Model field names -> the keys of AWS's JSON form (`actions` -> `Action`). */
function jsonField(segs: Segment[]): Segment[] {
  const names: Record<string, string> = { sid: "Sid", effect: "Effect", actions: "Action", notActions: "NotAction", resources: "Resource", notResources: "NotResource", principals: "Principal", notPrincipals: "NotPrincipal", conditions: "Condition" };
  const [head, ...rest] = segs;
  return typeof head === "string" && names[head] ? [names[head] as string, ...rest] : segs;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function principalOf(p: PrincipalConfig): Principal {
  if (p.service !== undefined) return Principal.service(p.service);
  if (p.account !== undefined) return Principal.account(p.account);
  if (p.federated !== undefined) return Principal.federated(p.federated);
  return Principal.arn(p.arn ?? "");
}

/** [operator, key] of each condition of a statement, in the order {@link statementOf} makes them. */
function conditionKeys(s: StatementConfig): [string, string][] {
  const out: [string, string][] = [];
  for (const [op, block] of Object.entries(s.conditions ?? {})) for (const key of Object.keys(block ?? {})) out.push([op, key]);
  return out;
}

/** A statement of the file -> a Statement of the policy model. */
export function statementOf(s: StatementConfig): Statement {
  const conditions: Condition[] = [];
  for (const [op, block] of Object.entries(s.conditions ?? {})) {
    for (const [key, values] of Object.entries(block ?? {})) conditions.push(Condition.of(op, key, values as ConditionValue | ConditionValue[]));
  }
  const props: StatementProps = {
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    ...(s.effect !== undefined ? { effect: s.effect } : {}),
    ...(s.actions !== undefined ? { actions: asList(s.actions) } : {}),
    ...(s.notActions !== undefined ? { notActions: asList(s.notActions) } : {}),
    ...(s.resources !== undefined ? { resources: asList(s.resources) } : {}),
    ...(s.notResources !== undefined ? { notResources: asList(s.notResources) } : {}),
    ...(s.principals !== undefined ? { principals: s.principals.map(principalOf) } : {}),
    ...(s.notPrincipals !== undefined ? { notPrincipals: s.notPrincipals.map(principalOf) } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(s.allowBroad !== undefined ? { allowBroad: { reason: s.allowBroad.reason } } : {}),
    ...(s.skipCatalogCheck !== undefined ? { skipCatalogCheck: { reason: s.skipCatalogCheck.reason } } : {}),
  };
  return new Statement(props);
}

function accessKeyOf(k: NonNullable<UserConfig["accessKey"]>): ServiceUserAccessKeyProps {
  return {
    ...(k.storeIn ? { storeIn: SsmStore.secure({ ...k.storeIn }) } : {}),
    ...(k.pgpKey !== undefined ? { pgpKey: k.pgpKey } : {}),
    ...(k.rotation ? { rotation: Rotation.generation(k.rotation.generation, k.rotation.every ? { every: k.rotation.every } : {}) } : {}),
    ...(k.deactivatePrevious !== undefined ? { deactivatePrevious: k.deactivatePrevious } : {}),
  };
}

/** A file backend -> a Backend. */
export function backendOf(b: BackendConfig): Backend {
  const { type, ...props } = b as BackendConfig & Record<string, unknown>;
  switch (type) {
    case "s3":
      return Backend.s3(props as unknown as Parameters<typeof Backend.s3>[0]);
    case "cloud":
      return Backend.cloud(props as unknown as Parameters<typeof Backend.cloud>[0]);
    default:
      return Backend.local(props as Parameters<typeof Backend.local>[0]);
  }
}

/** A key naming the state a backend points at, to find two stacks sharing one state. */
function stateLocation(b: BackendConfig, stackName: string): string | undefined {
  switch (b.type) {
    case "s3":
      return `s3://${b.bucket}/${b.key}`;
    case "cloud":
      return b.workspace !== undefined ? `cloud:${b.hostname ?? "app.terraform.io"}/${b.organization}/${b.workspace}` : undefined;
    default: {
      if (b.path === undefined) return undefined;
      const parts: string[] = ["stacks", stackName];
      for (const seg of b.path.split("/")) {
        if (seg === "..") parts.pop();
        else if (seg !== "." && seg !== "") parts.push(seg);
      }
      return `local:${parts.join("/")}`;
    }
  }
}
