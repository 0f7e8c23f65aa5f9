/**
 * Terraform `import` blocks without cdktf's synth-time binary check.
 *
 * `TerraformResource.importFrom(id)` records the import and adds a construct validation that runs
 * `terraform version` during synth (about 250 ms, and a failed synth on a machine without Terraform), like cdktf's
 * `DataResource` (see terraform-data.ts). Our stacks already declare `required_version >= 1.11`, which Terraform
 * enforces itself and which covers import blocks (Terraform >= 1.5). So this records the import the way `importFrom`
 * does (cdktf 0.21, its last release: the field is stable) and skips the validation. A test checks the `import`
 * block in the synthesized JSON, so a cdktf change that breaks this fails loudly.
 */
import type { TerraformResource } from "./cdktf";

/** Declares that `resource` is imported from the existing object `id` (an `import` block in the stack's JSON). */
export function importExisting(resource: TerraformResource, id: string): void {
  (resource as unknown as { _imported?: { id: string } })._imported = { id };
}
