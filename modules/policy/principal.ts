/**
 * Principals: who a statement of a trust or resource policy is about.
 *
 * Small immutable values, made by the static factories. Nothing is checked when a principal is
 * made (so that a document can report every problem at once); {@link PolicyDocument.validate}
 * checks the shapes.
 */

import { requireArgument } from "../core/errors";

/** The keys of a JSON `Principal` block. */
export type PrincipalKind = "AWS" | "Service" | "Federated" | "CanonicalUser";

/** Options of a rendering: the partition AWS account principals are rendered in. */
export interface RenderOptions {
  /** Partition for `arn:<partition>:iam::<account>:root` of {@link Principal.account}. Default: `"aws"`. */
  readonly partition?: string;
}

/** Who: a service, an account, a role or user, a federated identity provider, or (opt-in) anyone. */
export class Principal {
  /**
   * An AWS service principal, for example `ec2.amazonaws.com`.
   * @param name DNS-like service principal name.
   */
  static service(name: string): Principal {
    requireArgument("Principal.service", "name", name, "string", 'Principal.service("ec2.amazonaws.com")');
    return new Principal("Service", name, "service");
  }

  /**
   * Every IAM identity of an AWS account (rendered `arn:<partition>:iam::<id>:root`; the partition comes from the
   * rendering, that is the stack, unless given here).
   * @param accountId 12-digit account id.
   * @param opts.partition partition of the account. Default: the partition of the stack the policy is rendered in.
   */
  static account(accountId: string, opts: { partition?: string } = {}): Principal {
    requireArgument("Principal.account", "accountId", accountId, "string", 'Principal.account("123456789012")');
    return new Principal("AWS", accountId, "account", undefined, opts.partition);
  }

  /**
   * A role, user, assumed-role session or account root by ARN: a literal ARN (checked when validated) or a
   * reference to another resource's ARN attribute.
   */
  static arn(roleOrUserArn: string): Principal {
    requireArgument("Principal.arn", "roleOrUserArn", roleOrUserArn, "string", 'Principal.arn("arn:aws:iam::123456789012:role/deployer")');
    return new Principal("AWS", roleOrUserArn, "arn");
  }

  /**
   * A federated identity provider: a SAML or OIDC provider ARN (`arn:aws:iam::<id>:saml-provider/<name>`), or a
   * web identity host such as `cognito-identity.amazonaws.com` or `accounts.google.com`.
   */
  static federated(provider: string): Principal {
    requireArgument("Principal.federated", "provider", provider, "string", 'Principal.federated("cognito-identity.amazonaws.com")');
    return new Principal("Federated", provider, "federated");
  }

  /**
   * Anyone (`"*"`), including anonymous callers. Only with a written reason: an Allow to anyone makes the
   * resource public unless a condition narrows it.
   */
  static anyone(opts: { reason: string }): Principal {
    requireArgument("Principal.anyone", "opts", opts, "object", '`Principal.anyone({ reason: "public read of the website bucket" })`');
    return new Principal("AWS", "*", "anyone", opts?.reason ?? "");
  }

  /** A principal given as raw JSON (`{ "AWS": "..." }`); used by {@link PolicyDocument.fromJson}. */
  static raw(kind: PrincipalKind, value: string, anyoneReason?: string): Principal {
    if (kind === "AWS" && value === "*") return new Principal("AWS", "*", "anyone", anyoneReason ?? "");
    if (kind === "AWS" && /^\d{12}$/.test(value)) return Principal.account(value);
    if (kind === "AWS") return Principal.arn(value);
    if (kind === "Service") return Principal.service(value);
    if (kind === "Federated") return Principal.federated(value);
    return new Principal(kind, value, "canonical");
  }

  private constructor(
    /** JSON key of the principal block. */
    readonly kind: PrincipalKind,
    /** The value as given (account id, ARN, service name...). */
    readonly value: string,
    /** Which factory made it. */
    readonly source: "service" | "account" | "arn" | "federated" | "anyone" | "canonical",
    /** For {@link Principal.anyone}: the written reason ("" when missing). */
    readonly reason?: string,
    /** For {@link Principal.account}: explicit partition. */
    readonly partition?: string,
  ) {}

  /** True for {@link Principal.anyone}. */
  get isAnyone(): boolean {
    return this.source === "anyone";
  }

  /** The JSON string this principal renders to. */
  render(opts: RenderOptions = {}): string {
    if (this.source === "account" && /^\d{12}$/.test(this.value)) {
      return `arn:${this.partition ?? opts.partition ?? "aws"}:iam::${this.value}:root`;
    }
    return this.value;
  }

  /** A readable form for messages, for example `Service:ec2.amazonaws.com`. */
  toString(): string {
    return `${this.kind}:${this.value}`;
  }
}

/**
 * Renders principals to a JSON `Principal` value: `"*"` when the only principal is anyone, otherwise an object with
 * keys in a fixed order (AWS, CanonicalUser, Federated, Service) and de-duplicated lists in first-seen order.
 */
export function renderPrincipals(principals: readonly Principal[], opts: RenderOptions = {}): "*" | Record<string, string[]> {
  if (principals.length > 0 && principals.every((p) => p.isAnyone)) return "*";
  const out: Record<string, string[]> = {};
  for (const kind of ["AWS", "CanonicalUser", "Federated", "Service"] as const) {
    const values: string[] = [];
    for (const p of principals) {
      if (p.kind !== kind) continue;
      const v = p.render(opts);
      if (!values.includes(v)) values.push(v);
    }
    if (values.length) out[kind] = values;
  }
  return out;
}
