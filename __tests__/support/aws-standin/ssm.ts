/**
 * SSM Parameter Store as the stand-in models it: String and SecureString parameters with versions, tiers,
 * descriptions, KMS key ids and tags; the refusals of PutParameter that matter for Terraform (empty value,
 * existing name without Overwrite, tags with Overwrite, tier downgrade, unknown or disabled KMS key).
 */
import { ACCOUNT, AwsError } from "./protocol";
import type { Kms } from "./kms";

/** A stored parameter. */
export interface Parameter {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  KeyId?: string;
  Description?: string;
  Tier: string;
  DataType: string;
  AllowedPattern?: string;
  LastModifiedDate: number;
  Tags: Array<{ Key: string; Value: string }>;
}

const TIERS = ["Standard", "Advanced", "Intelligent-Tiering"];

export class Ssm {
  readonly parameters = new Map<string, Parameter>();

  constructor(
    private readonly region: string,
    private readonly kms: Kms,
  ) {}

  arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${ACCOUNT}:parameter${name.startsWith("/") ? "" : "/"}${name}`;
  }

  handle(action: string, p: Record<string, any>): unknown { // eslint-disable-line @typescript-eslint/no-explicit-any
    switch (action) {
      case "PutParameter":
        return this.put(p);
      case "GetParameter": {
        const param = this.get(p.Name);
        return { Parameter: this.view(param, p.WithDecryption === true) };
      }
      case "GetParameters": {
        const names: string[] = p.Names ?? [];
        const found = names.filter((n) => this.parameters.has(n));
        return { Parameters: found.map((n) => this.view(this.get(n), p.WithDecryption === true)), InvalidParameters: names.filter((n) => !this.parameters.has(n)) };
      }
      case "DescribeParameters":
        return this.describe(p);
      case "DeleteParameter":
        this.get(p.Name);
        this.parameters.delete(p.Name);
        return {};
      case "ListTagsForResource":
        return { TagList: this.get(this.resourceName(p)).Tags };
      case "AddTagsToResource": {
        const param = this.get(this.resourceName(p));
        for (const t of p.Tags ?? []) {
          param.Tags = param.Tags.filter((x) => x.Key !== t.Key);
          param.Tags.push({ Key: t.Key, Value: t.Value });
        }
        return {};
      }
      case "RemoveTagsFromResource": {
        const param = this.get(this.resourceName(p));
        param.Tags = param.Tags.filter((x) => !(p.TagKeys ?? []).includes(x.Key));
        return {};
      }
      default:
        throw new AwsError("NotModelledByStandIn", `The stand-in does not model SSM ${action}.`);
    }
  }

  private resourceName(p: Record<string, string>): string {
    if (p.ResourceType !== "Parameter") throw new AwsError("InvalidResourceType", `Resource type ${p.ResourceType} is not modelled.`);
    return p.ResourceId as string;
  }

  private get(name: string): Parameter {
    const param = this.parameters.get(name);
    if (!param) throw new AwsError("ParameterNotFound", `Parameter ${name} not found.`);
    return param;
  }

  private view(param: Parameter, decrypt: boolean): Record<string, unknown> {
    const value = param.Type === "SecureString" && !decrypt ? `encrypted:${param.KeyId}` : param.Value;
    return { Name: param.Name, Type: param.Type, Value: value, Version: param.Version, ARN: this.arn(param.Name), DataType: param.DataType, LastModifiedDate: param.LastModifiedDate };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private put(p: Record<string, any>): unknown {
    const errors: string[] = [];
    if (typeof p.Name !== "string" || p.Name.length < 1) errors.push("Value at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (typeof p.Value !== "string" || p.Value.length < 1) errors.push("Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (errors.length > 0) throw new AwsError("ValidationException", `${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`);
    if (/^\/?(aws|ssm)/i.test(p.Name)) throw new AwsError("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
    const existing = this.parameters.get(p.Name);
    if (existing && p.Overwrite !== true) throw new AwsError("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    if (p.Overwrite === true && (p.Tags ?? []).length > 0) throw new AwsError("ValidationException", "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
    const type = p.Type ?? existing?.Type;
    if (!type) throw new AwsError("ValidationException", "A parameter type is required when you create a parameter.");
    const tier = p.Tier ?? existing?.Tier ?? "Standard";
    if (!TIERS.includes(tier)) throw new AwsError("ValidationException", `Tier ${tier} is not valid.`);
    if (existing?.Tier === "Advanced" && tier === "Standard") throw new AwsError("ValidationException", "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.");
    let keyId: string | undefined;
    if (type === "SecureString") {
      keyId = p.KeyId ?? existing?.KeyId ?? "alias/aws/ssm";
      if (keyId !== "alias/aws/ssm") this.kms.requireUsable(keyId as string);
    } else if (p.KeyId !== undefined) {
      throw new AwsError("ValidationException", "KeyId is only valid for SecureString parameters.");
    }
    const param: Parameter = {
      Name: p.Name,
      Type: type,
      Value: p.Value,
      Version: (existing?.Version ?? 0) + 1,
      Tier: tier === "Intelligent-Tiering" ? "Standard" : tier,
      DataType: p.DataType ?? existing?.DataType ?? "text",
      LastModifiedDate: Math.floor(Date.now() / 1000),
      Tags: existing?.Tags ?? (p.Tags ?? []).map((t: { Key: string; Value: string }) => ({ Key: t.Key, Value: t.Value })),
      ...(keyId !== undefined ? { KeyId: keyId } : {}),
      ...((p.Description ?? existing?.Description) !== undefined ? { Description: p.Description ?? existing?.Description } : {}),
      ...((p.AllowedPattern ?? existing?.AllowedPattern) !== undefined ? { AllowedPattern: p.AllowedPattern ?? existing?.AllowedPattern } : {}),
    };
    this.parameters.set(p.Name, param);
    return { Version: param.Version, Tier: param.Tier };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private describe(p: Record<string, any>): unknown {
    let list = [...this.parameters.values()];
    for (const f of [...(p.ParameterFilters ?? []), ...(p.Filters ?? [])]) {
      const values: string[] = f.Values ?? [];
      if (f.Key === "Name") {
        const option = f.Option ?? "Equals";
        list = list.filter((x) => (option === "BeginsWith" ? values.some((v) => x.Name.startsWith(v)) : values.includes(x.Name)));
      } else {
        throw new AwsError("NotModelledByStandIn", `The stand-in does not model DescribeParameters filter ${f.Key}.`);
      }
    }
    return {
      Parameters: list.map((x) => ({
        Name: x.Name,
        ARN: this.arn(x.Name),
        Type: x.Type,
        KeyId: x.KeyId,
        Description: x.Description,
        Tier: x.Tier,
        Version: x.Version,
        DataType: x.DataType,
        AllowedPattern: x.AllowedPattern,
        LastModifiedDate: x.LastModifiedDate,
        Policies: [],
      })),
    };
  }
}
