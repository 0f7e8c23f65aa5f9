/**
 * The synthesizer of an IamStack: cdktf's `StackSynthesizer.synthesize()` (cdktf 0.21,
 * lib/synthesize/synthesizer.js), step for step, with the stack's JSON text written by {@link stableJson} instead
 * of json-stable-stringify: the same steps in the same order (aspects, the Terraform version validation of resource
 * moves, the stack's validations unless skipped, its folder, custom synthesis leaves first, annotations into the
 * manifest, the error annotations' failure), the same files and the same errors; the same text in cdk.tf.json.
 * With HCL output (`SYNTH_HCL_OUTPUT`) cdktf's own synthesizer writes the stack.
 *
 * Tested against cdktf's own synthesizer (__tests__/stack/stack-synthesizer.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConstructOrder } from "constructs";
import { AnnotationMetadataEntryType, encounteredAnnotationWithLevelError, invokeAspects, ValidateTerraformVersion } from "./cdktf";
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from "./cdktf";
import { stableJson } from "./stable-json";

/** Where cdktf keeps a construct's custom synthesis (lib/synthesize/synthesizer.js, `addCustomSynthesis`). */
const CUSTOM_SYNTHESIS = Symbol.for("cdktf/customSynthesis");

const ANNOTATION_LEVELS: readonly string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];

interface StackAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: unknown;
  readonly stacktrace: readonly string[] | undefined;
}

/** The options cdktf's TerraformStack gives its synthesizer (lib/terraform-stack.js), read from the same variables. */
export function synthesizerOptions(env: NodeJS.ProcessEnv = process.env): { continueOnErrorAnnotations: boolean; hclOutput: boolean } {
  return {
    continueOnErrorAnnotations: env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined,
    hclOutput: env.SYNTH_HCL_OUTPUT === "true" || env.SYNTH_HCL_OUTPUT === "1",
  };
}

/**
 * Writes `stack` as cdktf's `StackSynthesizer` does.
 * @param stack the stack written
 * @param cdktf the stack's own cdktf synthesizer, which writes HCL output
 * @param options as cdktf's ({@link synthesizerOptions}): with `continueOnErrorAnnotations`, error annotations go to
 * the manifest and do not stop the synthesis; with `hclOutput`, `cdktf` writes the stack
 */
export class StackJsonSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: TerraformStack,
    private readonly cdktf: IStackSynthesizer,
    private readonly options: { readonly continueOnErrorAnnotations: boolean; readonly hclOutput: boolean },
  ) {}

  synthesize(session: ISynthesisSession): void {
    if (this.options.hclOutput) {
      this.cdktf.synthesize(session);
      return;
    }
    const stack = this.stack;
    invokeAspects(stack);
    if (stack.hasResourceMove()) {
      stack.node.addValidation(new ValidateTerraformVersion(">=1.5", `Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.`));
    }
    if (!session.skipValidation) stack.runAllValidations();
    const stackManifest = session.manifest.forStack(stack);
    const workingDirectory = path.join(session.outdir, stackManifest.workingDirectory);
    if (!fs.existsSync(workingDirectory)) fs.mkdirSync(workingDirectory);
    for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) {
      (node as unknown as { [CUSTOM_SYNTHESIS]?: { onSynthesize(s: ISynthesisSession): void } })[CUSTOM_SYNTHESIS]?.onSynthesize(session);
    }
    const annotations: StackAnnotation[] = [];
    for (const node of stack.node.findAll()) {
      for (const metadata of node.node.metadata) {
        if (ANNOTATION_LEVELS.includes(metadata.type)) annotations.push({ constructPath: node.node.path, level: metadata.type, message: metadata.data, stacktrace: metadata.trace });
      }
    }
    (stackManifest as { annotations: unknown }).annotations = annotations; // (cdktf writes it here too)
    const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
    if (!this.options.continueOnErrorAnnotations && errors.length > 0) {
      throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${String(a.message)}`).join("\n"));
    }
    const json: unknown = stack.toTerraform();
    fs.writeFileSync(path.join(session.outdir, stackManifest.synthesizedStackPath), stableJson(json, 2) as string);
  }
}
