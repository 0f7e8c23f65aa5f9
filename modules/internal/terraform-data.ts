/**
 * `terraform_data`, Terraform's built-in resource, without the synth-time
 * binary check of cdktf's own `DataResource`.
 *
 * cdktf's `DataResource` adds a validation that runs `terraform version` during
 * every synth: it costs about 250 ms and makes synthesis fail on a machine
 * without Terraform, although synthesis never needs Terraform. The stacks of this
 * library declare `required_version` instead, which Terraform itself enforces.
 */
import { TerraformResource } from "./cdktf";
import type { Construct, TerraformResourceLifecycle } from "./cdktf";

/** Configuration of a {@link TerraformData}. */
export interface TerraformDataConfig {
  /**
   * A value stored in state; when it changes the resource is replaced (and so is
   * everything that lists it in `replace_triggered_by`).
   * @default none
   */
  readonly triggersReplace?: Record<string, unknown>;
  /**
   * A value stored in state and reflected in `output`.
   * @default none
   */
  readonly input?: Record<string, unknown>;
  /** Lifecycle of the resource. @default none */
  readonly lifecycle?: TerraformResourceLifecycle;
}

/** A `terraform_data` resource. */
export class TerraformData extends TerraformResource {
  static readonly tfResourceType = "terraform_data";

  private readonly config: TerraformDataConfig;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      terraformGeneratorMetadata: { providerName: "terraform" },
      ...(config.lifecycle ? { lifecycle: config.lifecycle } : {}),
    });
    this.config = config;
  }

  /** The resource's address, `terraform_data.<id>`, as `replace_triggered_by` wants it. */
  get address(): string {
    return `${TerraformData.tfResourceType}.${this.friendlyUniqueId}`;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      ...(this.config.input !== undefined ? { input: this.config.input } : {}),
      ...(this.config.triggersReplace !== undefined ? { triggers_replace: this.config.triggersReplace } : {}),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    const attr = (value: unknown) => ({ value, isBlock: false, type: "map", storageClassType: "anyMap" });
    return {
      ...(this.config.input !== undefined ? { input: attr(this.config.input) } : {}),
      ...(this.config.triggersReplace !== undefined ? { triggers_replace: attr(this.config.triggersReplace) } : {}),
    };
  }
}
