/**
 * KMS as the stand-in models it: symmetric customer managed keys (description, policy, rotation, tags,
 * scheduled deletion) and aliases. Nothing is encrypted: SSM only checks that the key exists and is enabled.
 */
import { randomUUID } from "node:crypto";
import { ACCOUNT, AwsError } from "./protocol";

interface Key {
  KeyId: string;
  Arn: string;
  Description: string;
  Policy: string;
  KeyState: "Enabled" | "PendingDeletion";
  Rotation: boolean;
  RotationPeriodInDays: number;
  CreationDate: number;
  Tags: Array<{ TagKey: string; TagValue: string }>;
}

const DEFAULT_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Id: "key-default-1",
  Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
});

export class Kms {
  readonly keys = new Map<string, Key>();
  readonly aliases = new Map<string, string>();

  constructor(private readonly region: string) {}

  /** Throws as SSM does when a key cannot encrypt: unknown, or pending deletion. */
  requireUsable(keyRef: string): void {
    const key = this.find(keyRef);
    if (!key || key.KeyState !== "Enabled") throw new AwsError("InvalidKeyId", `The key ${keyRef} does not exist or is not enabled.`);
  }

  private find(ref: string): Key | undefined {
    const aliasName = ref.replace(/^arn:[^:]+:kms:[^:]+:\d+:/, "");
    if (aliasName.startsWith("alias/")) {
      const id = this.aliases.get(aliasName);
      return id ? this.keys.get(id) : undefined;
    }
    return this.keys.get(ref.replace(/^arn:[^:]+:kms:[^:]+:\d+:key\//, ""));
  }

  private key(ref: string): Key {
    const key = this.find(ref);
    if (!key) throw new AwsError("NotFoundException", `Key '${ref}' does not exist`);
    return key;
  }

  private metadata(k: Key): Record<string, unknown> {
    return {
      AWSAccountId: ACCOUNT,
      KeyId: k.KeyId,
      Arn: k.Arn,
      CreationDate: k.CreationDate,
      Enabled: k.KeyState === "Enabled",
      Description: k.Description,
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: k.KeyState,
      Origin: "AWS_KMS",
      KeyManager: "CUSTOMER",
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
      KeySpec: "SYMMETRIC_DEFAULT",
      EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
      MultiRegion: false,
    };
  }

  handle(action: string, p: Record<string, any>): unknown { // eslint-disable-line @typescript-eslint/no-explicit-any
    switch (action) {
      case "CreateKey": {
        if ((p.KeySpec ?? "SYMMETRIC_DEFAULT") !== "SYMMETRIC_DEFAULT") throw new AwsError("NotModelledByStandIn", "Only symmetric keys are modelled.");
        const id = randomUUID();
        const key: Key = {
          KeyId: id,
          Arn: `arn:aws:kms:${this.region}:${ACCOUNT}:key/${id}`,
          Description: p.Description ?? "",
          Policy: p.Policy ?? DEFAULT_POLICY,
          KeyState: "Enabled",
          Rotation: false,
          RotationPeriodInDays: 365,
          CreationDate: Math.floor(Date.now() / 1000),
          Tags: p.Tags ?? [],
        };
        this.keys.set(id, key);
        return { KeyMetadata: this.metadata(key) };
      }
      case "DescribeKey":
        return { KeyMetadata: this.metadata(this.key(p.KeyId)) };
      case "GetKeyPolicy":
        return { Policy: this.key(p.KeyId).Policy, PolicyName: "default" };
      case "PutKeyPolicy":
        this.key(p.KeyId).Policy = p.Policy;
        return {};
      case "GetKeyRotationStatus": {
        const k = this.key(p.KeyId);
        return { KeyRotationEnabled: k.Rotation, KeyId: k.Arn, RotationPeriodInDays: k.Rotation ? k.RotationPeriodInDays : undefined };
      }
      case "EnableKeyRotation": {
        const k = this.key(p.KeyId);
        k.Rotation = true;
        if (p.RotationPeriodInDays !== undefined) k.RotationPeriodInDays = p.RotationPeriodInDays;
        return {};
      }
      case "DisableKeyRotation":
        this.key(p.KeyId).Rotation = false;
        return {};
      case "UpdateKeyDescription":
        this.key(p.KeyId).Description = p.Description;
        return {};
      case "ListResourceTags":
        return { Tags: this.key(p.KeyId).Tags, Truncated: false };
      case "TagResource": {
        const k = this.key(p.KeyId);
        for (const t of p.Tags ?? []) k.Tags = [...k.Tags.filter((x) => x.TagKey !== t.TagKey), t];
        return {};
      }
      case "UntagResource": {
        const k = this.key(p.KeyId);
        k.Tags = k.Tags.filter((x) => !(p.TagKeys ?? []).includes(x.TagKey));
        return {};
      }
      case "ScheduleKeyDeletion": {
        const k = this.key(p.KeyId);
        k.KeyState = "PendingDeletion";
        return { KeyId: k.Arn, KeyState: k.KeyState, PendingWindowInDays: p.PendingWindowInDays ?? 30 };
      }
      case "CreateAlias": {
        if (this.aliases.has(p.AliasName)) throw new AwsError("AlreadyExistsException", `An alias with the name ${p.AliasName} already exists`);
        this.aliases.set(p.AliasName, this.key(p.TargetKeyId).KeyId);
        return {};
      }
      case "UpdateAlias":
        this.aliases.set(p.AliasName, this.key(p.TargetKeyId).KeyId);
        return {};
      case "DeleteAlias":
        if (!this.aliases.delete(p.AliasName)) throw new AwsError("NotFoundException", `Alias ${p.AliasName} is not found.`);
        return {};
      case "ListAliases": {
        const all = [...this.aliases.entries()].map(([name, id]) => ({ AliasName: name, AliasArn: `arn:aws:kms:${this.region}:${ACCOUNT}:${name}`, TargetKeyId: id }));
        return { Aliases: p.KeyId ? all.filter((a) => a.TargetKeyId === this.key(p.KeyId).KeyId) : all, Truncated: false };
      }
      default:
        throw new AwsError("NotModelledByStandIn", `The stand-in does not model KMS ${action}.`);
    }
  }
}
