/**
 * Where Terraform keeps the state of a stack: local file, S3, or Terraform Cloud.
 *
 * A backend is a plain value chosen by the user (`Backend.s3({...})`); the stack
 * checks it at synth time and applies it. Every contradictory or missing setting
 * is reported with the setting's name and how to fix it.
 */
import * as nodePath from "node:path";
import { Problems, requireArgument } from "../core/errors";
import { regionProblem } from "./partition";
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces } from "../internal/cdktf";
import type { TerraformStack } from "../internal/cdktf";

/** A KMS key id, multi-Region key id, alias, or key/alias ARN (formats: AWS KMS developer guide, "Key identifiers"). */
const KMS_KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]{1,250}))$/;
/** A DNS host name with an optional port. */
const HOSTNAME = /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/** The host of a URL-like text, for a fix: "https://tfe.example.com/" -> "tfe.example.com". */
function hostOf(text: string): string {
  return text.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/[/?#].*$/, "") || "tfe.example.com";
}

/** Local state file. */
export interface LocalBackendProps {
  /**
   * State file path, relative to the stack's output folder (`cdktf.out/stacks/<stack>`), where Terraform runs.
   * Absolute paths are rejected: they would tie the synthesized JSON to one machine.
   * @default "terraform.<stack>.tfstate" in the project folder (where cdktf puts its own default, and outside
   *   the output folder: a clean of cdktf.out must not delete the state), written relative to the stack folder:
   *   "../../../terraform.<stack>.tfstate" for the default output folder. See {@link defaultLocalStatePath}.
   */
  readonly path?: string;
}

/**
 * The default local state path of a stack, relative to its output folder `<outdir>/stacks/<stack>`: the file
 * `terraform.<stack>.tfstate` in the project folder (the working folder of the synth, where cdktf.json is)
 * when the output folder lies inside it, else beside the output folder. Never inside the output folder,
 * which `rm -rf cdktf.out` deletes. The path is relative, so the JSON does not depend on the machine.
 */
export function defaultLocalStatePath(outdir: string, stackName: string, projectDir: string = process.cwd()): string {
  const out = nodePath.resolve(outdir);
  const project = nodePath.resolve(projectDir);
  const inside = out.startsWith(project + nodePath.sep);
  const base = inside ? project : nodePath.dirname(out);
  const stackDir = nodePath.join(out, "stacks", stackName);
  return nodePath.relative(stackDir, nodePath.join(base, `terraform.${stackName}.tfstate`)).split(nodePath.sep).join("/");
}

/** State in an S3 bucket. */
export interface S3BackendProps {
  /** Bucket holding the state. Required. */
  readonly bucket: string;
  /** Object key of the state file, for example `iam/plakar.tfstate`. Required; no leading `/`. */
  readonly key: string;
  /**
   * Region of the bucket.
   * @default the stack's region
   */
  readonly region?: string;
  /**
   * Server-side encryption of the state object. The state holds secrets (access keys), so turning this off is an error.
   * @default true
   */
  readonly encrypt?: boolean;
  /**
   * Customer KMS key (ARN, alias ARN or id) for the state object's encryption.
   * @default the bucket's default encryption (SSE-S3 or the bucket's KMS key)
   */
  readonly kmsKeyId?: string;
  /**
   * Lock the state with a lock object beside it in S3 (Terraform 1.10 and later).
   * @default true when no `dynamodbTable` is given
   */
  readonly useLockfile?: boolean;
  /**
   * DynamoDB table for state locking (the older mechanism). Giving both this and
   * `useLockfile: true` is allowed while migrating from DynamoDB to S3 locking.
   * @default no DynamoDB locking
   */
  readonly dynamodbTable?: string;
  /**
   * Role to assume to reach the state bucket.
   * @default the credentials Terraform runs with
   */
  readonly roleArn?: string;
  /**
   * Prefix of the keys of non-default Terraform workspaces.
   * @default Terraform's default, "env:"
   */
  readonly workspaceKeyPrefix?: string;
}

/** State in Terraform Cloud (or Terraform Enterprise). */
export interface CloudBackendProps {
  /** Terraform Cloud organization. Required. */
  readonly organization: string;
  /**
   * One workspace, by name. Give exactly one of `workspace` and `workspaceTags`.
   * @default none
   */
  readonly workspace?: string;
  /**
   * Every workspace carrying all these tags (select one with `terraform workspace select`).
   * @default none
   */
  readonly workspaceTags?: string[];
  /**
   * Terraform Cloud project of the workspace.
   * @default the organization's default project
   */
  readonly project?: string;
  /**
   * Host name, for Terraform Enterprise.
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
}

type BackendSpec =
  | { readonly kind: "local"; readonly props: LocalBackendProps }
  | { readonly kind: "s3"; readonly props: S3BackendProps }
  | { readonly kind: "cloud"; readonly props: CloudBackendProps };

/** A state backend. Create one with `Backend.local()`, `Backend.s3({...})` or `Backend.cloud({...})`. */
export class Backend {
  /** Local state file (the default): `terraform.<stack>.tfstate` in the project folder, see {@link defaultLocalStatePath}. */
  static local(props: LocalBackendProps = {}): Backend {
    requireArgument("Backend.local", "props", props, "object", '`Backend.local({ path: "terraform.iam.tfstate" })` or `Backend.local()`');
    return new Backend({ kind: "local", props });
  }

  /** State in S3, encrypted, locked with an S3 lock file by default. */
  static s3(props: S3BackendProps): Backend {
    requireArgument("Backend.s3", "props", props, "object", '`Backend.s3({ bucket: "acme-terraform-state", key: "iam/prod.tfstate" })`');
    return new Backend({ kind: "s3", props });
  }

  /** State in Terraform Cloud, in a named workspace or the workspaces with some tags. */
  static cloud(props: CloudBackendProps): Backend {
    requireArgument("Backend.cloud", "props", props, "object", '`Backend.cloud({ organization: "acme", workspace: "iam-production" })`');
    return new Backend({ kind: "cloud", props });
  }

  private constructor(private readonly spec: BackendSpec) {}

  /** `local`, `s3` or `cloud`. */
  get kind(): BackendSpec["kind"] {
    return this.spec.kind;
  }

  /** Reports every missing or contradictory setting. */
  check(problems: Problems, stackRegion: string): void {
    const field = "backend";
    switch (this.spec.kind) {
      case "local": {
        const path = this.spec.props.path;
        if (path !== undefined) {
          if (path.trim() === "") {
            problems.add(`${field}.path`, path, "The local state path is empty.", "Leave `path` out for the default, or give a file name such as \"terraform.iam.tfstate\".");
          } else if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("~")) {
            problems.add(`${field}.path`, path, "The local state path is absolute, which ties the synthesized JSON to this machine.", "Give a path relative to the stack folder (cdktf.out/stacks/<stack>), for example \"terraform.iam.tfstate\" or \"../../../state/iam.tfstate\".");
          }
        }
        return;
      }
      case "s3": {
        const p = this.spec.props;
        if (!p.bucket) problems.add(`${field}.bucket`, p.bucket, "The S3 backend needs a bucket.", "Set `bucket` to the name of the state bucket.");
        else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(p.bucket)) problems.add(`${field}.bucket`, p.bucket, "This is not a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).", "Give the bucket's name, not its ARN or URL.");
        if (!p.key) problems.add(`${field}.key`, p.key, "The S3 backend needs the key of the state object.", "Set `key`, for example \"iam/<stack>.tfstate\".");
        else if (p.key.startsWith("/") || p.key.endsWith("/")) problems.add(`${field}.key`, p.key, "The state key must not start or end with `/`.", "Write the key as \"folder/name.tfstate\".");
        if (p.encrypt === false) problems.add(`${field}.encrypt`, false, "The state holds secrets (access keys are kept in state), so it must be encrypted at rest.", "Remove `encrypt: false`.");
        if (p.useLockfile === false && !p.dynamodbTable) problems.add(`${field}.useLockfile`, false, "State locking is off: two runs at once could corrupt the state.", "Remove `useLockfile: false`, or give `dynamodbTable` for DynamoDB locking.");
        const regionRule = p.region !== undefined ? regionProblem(p.region) : undefined;
        if (regionRule) problems.add(`${field}.region`, p.region, regionRule, `Give the bucket's region, for example "${stackRegion}".`);
        if (p.kmsKeyId !== undefined && !KMS_KEY.test(p.kmsKeyId)) {
          problems.add(`${field}.kmsKeyId`, p.kmsKeyId, "`kmsKeyId` is a KMS key id (a UUID or mrk-<32 hex>), an alias (alias/name) or the ARN of a key or alias (arn:<partition>:kms:<region>:<account>:key/<id> or :alias/<name>).", 'Give the key\'s ARN, for example "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", or "alias/terraform-state".');
        }
        if (p.roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(p.roleArn)) problems.add(`${field}.roleArn`, p.roleArn, "This is not an IAM role ARN.", "Give an ARN such as \"arn:aws:iam::123456789012:role/terraform-state\".");
        return;
      }
      case "cloud": {
        const p = this.spec.props;
        if (!p.organization) problems.add(`${field}.organization`, p.organization, "The Terraform Cloud backend needs an organization.", "Set `organization` (or the TF_CLOUD_ORGANIZATION environment variable for the default app).");
        else if (!/^[A-Za-z0-9 _-]{1,40}$/.test(p.organization)) problems.add(`${field}.organization`, p.organization, "This is not a Terraform Cloud organization name (letters, digits, space, _ and -).", "Copy the organization name from Terraform Cloud's settings page.");
        if (p.hostname !== undefined && !HOSTNAME.test(p.hostname)) {
          problems.add(`${field}.hostname`, p.hostname, "`hostname` is the host name of Terraform Enterprise alone (letters, digits, dots, hyphens and an optional :port), not a URL.", `Write "${hostOf(p.hostname)}" (no scheme, path or trailing /), or leave \`hostname\` out for app.terraform.io.`);
        }
        const hasName = p.workspace !== undefined;
        const hasTags = p.workspaceTags !== undefined;
        if (hasName && hasTags) problems.add(`${field}.workspaceTags`, p.workspaceTags, "`workspace` and `workspaceTags` are mutually exclusive.", "Give `workspace` for one named workspace, or `workspaceTags` to select workspaces by tag, not both.");
        if (!hasName && !hasTags) problems.add(`${field}.workspace`, undefined, "The Terraform Cloud backend needs a workspace.", "Set `workspace` to a workspace name, or `workspaceTags` to a list of tags.");
        if (hasName && !/^[A-Za-z0-9_-]{1,90}$/.test(p.workspace ?? "")) problems.add(`${field}.workspace`, p.workspace, "A workspace name is 1 to 90 letters, digits, _ and -.", "Rename the workspace, for example \"iam-production\".");
        if (hasTags && (p.workspaceTags ?? []).length === 0) problems.add(`${field}.workspaceTags`, [], "An empty tag list selects no workspace.", "Give at least one tag, or use `workspace`.");
        for (const [i, tag] of (p.workspaceTags ?? []).entries()) {
          if (!/^[a-z0-9][a-z0-9:_-]*$/.test(tag) || tag.length > 255) problems.add(`${field}.workspaceTags[${i}]`, tag, "A workspace tag is lowercase letters, digits, : _ and -, starting with a letter or digit.", "Write the tag in lowercase, without spaces.");
        }
        return;
      }
    }
  }

  /**
   * A key naming the state this backend keeps for stack `stackName`, to find two stacks on one state:
   * `s3://<bucket>/<key>`, `cloud:<host>/<organization>/<workspace>`, or `local:<path from cdktf.out>` (a local path
   * is relative to the stack's folder, cdktf.out/stacks/<stack>). Undefined when it cannot be known (workspace tags).
   */
  stateLocation(stackName: string): string | undefined {
    switch (this.spec.kind) {
      case "s3":
        return `s3://${this.spec.props.bucket}/${this.spec.props.workspaceKeyPrefix ? `${this.spec.props.workspaceKeyPrefix}:` : ""}${this.spec.props.key}`;
      case "cloud":
        return this.spec.props.workspace !== undefined ? `cloud:${this.spec.props.hostname ?? "app.terraform.io"}/${this.spec.props.organization}/${this.spec.props.workspace}` : undefined;
      default: {
        const parts: string[] = ["stacks", stackName];
        for (const seg of (this.spec.props.path ?? `terraform.${stackName}.tfstate`).split("/")) {
          if (seg === "..") parts.pop();
          else if (seg !== "." && seg !== "") parts.push(seg);
        }
        return `local:${parts.join("/")}`;
      }
    }
  }

  /** Adds the backend block to a stack. Call {@link check} first. */
  apply(stack: TerraformStack, stackName: string, stackRegion: string): void {
    switch (this.spec.kind) {
      case "local":
        new LocalBackend(stack, { path: this.spec.props.path ?? defaultLocalStatePath((stack.node.root as { outdir?: string }).outdir ?? "cdktf.out", stackName) });
        return;
      case "s3": {
        const p = this.spec.props;
        const useLockfile = p.useLockfile ?? !p.dynamodbTable;
        new S3Backend(stack, {
          bucket: p.bucket,
          key: p.key,
          region: p.region ?? stackRegion,
          encrypt: p.encrypt ?? true,
          ...(p.kmsKeyId !== undefined ? { kmsKeyId: p.kmsKeyId } : {}),
          ...(p.dynamodbTable !== undefined ? { dynamodbTable: p.dynamodbTable } : {}),
          ...(p.workspaceKeyPrefix !== undefined ? { workspaceKeyPrefix: p.workspaceKeyPrefix } : {}),
        });
        // cdktf 0.21 predates S3 native locking and the assume_role block: set them directly.
        if (useLockfile) stack.addOverride("terraform.backend.s3.use_lockfile", true);
        if (p.roleArn !== undefined) stack.addOverride("terraform.backend.s3.assume_role", { role_arn: p.roleArn });
        return;
      }
      case "cloud": {
        const p = this.spec.props;
        const workspaces =
          p.workspace !== undefined
            ? new NamedCloudWorkspace(p.workspace, p.project)
            : new TaggedCloudWorkspaces(p.workspaceTags ?? [], p.project);
        new CloudBackend(stack, {
          organization: p.organization,
          workspaces,
          ...(p.hostname !== undefined ? { hostname: p.hostname } : {}),
        });
        return;
      }
    }
  }
}
