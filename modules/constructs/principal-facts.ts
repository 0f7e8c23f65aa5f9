/**
 * What the roles, users and groups of this library tell the whole-app credential-exposure rule
 * (modules/checks/rules/credential-exposure.ts): their policies as JSON documents, and which documents are the
 * reader policy of a stored credential. Read when the rule runs, so policies added after a constructor count.
 */
import type { PolicyFact } from "../checks/credential-facts";
import type { IConstruct } from "../internal/cdktf";
import { parsePlainJsonText, resolveFast } from "../internal/fast-resolve";
import type { PolicyDocument } from "../policy";
import { partitionOf } from "./policy-terraform";
import type { InlinePolicies, ManagedPolicyAttachments } from "./attachments";
import type { IManagedPolicy } from "./managed-policy";

/** Reader policies of stored credentials: document -> ids of the credentials it reads. */
const READERS = new WeakMap<PolicyDocument, string[]>();

/** Marks `document` as the reader policy of the stored credential `credentialId` (a ServiceUser's path). */
export function markReaderPolicy(document: PolicyDocument, credentialId: string): void {
  READERS.set(document, [...(READERS.get(document) ?? []), credentialId]);
}

/** A policy document as JSON, with references rendered as Terraform expressions (`${aws_x.y.arn}`). */
export function renderForAnalysis(scope: IConstruct, document: PolicyDocument | string): unknown {
  if (typeof document === "string") return resolveFast(document, { scope, preparing: false });
  const partition = partitionOf(scope);
  const opts = partition ? { partition } : {};
  // A document without references (most): its text (each statement rendered once) parsed, a fresh copy.
  const plain = parsePlainJsonText(document.toJsonString(opts));
  return plain !== undefined ? plain : resolveFast(document.toJSON(opts), { scope, preparing: false });
}

function managedFact(scope: IConstruct, key: string, policy: IManagedPolicy): PolicyFact | undefined {
  const doc = (policy as { document?: unknown }).document;
  if (doc && typeof (doc as PolicyDocument).toJSON === "function") {
    const name = (policy as { policyName?: string }).policyName ?? key;
    const readerOf = READERS.get(doc as PolicyDocument);
    return { kind: "managed", name, document: renderForAnalysis(scope, doc as PolicyDocument), ...(readerOf ? { readerOf } : {}) };
  }
  const arn = policy.arnFor(scope);
  if (typeof arn === "string" && /^arn:[a-z-]+:iam::aws:policy\//.test(arn)) return { kind: "aws-managed", name: arn.slice(arn.lastIndexOf("/") + 1), arn };
  // A customer managed policy declared elsewhere: its document is not known here (see the rule's "What it sees").
  return undefined;
}

/** The policies of a holder: its managed policy attachments and inline policies, as facts. */
export function policyFacts(scope: IConstruct, attachments: ManagedPolicyAttachments, inline: InlinePolicies): PolicyFact[] {
  const out: PolicyFact[] = [];
  for (const [key, policy] of attachments.policies) {
    const f = managedFact(scope, key, policy);
    if (f) out.push(f);
  }
  for (const name of inline.names) {
    const doc = inline.document(name);
    if (!doc) continue;
    const readerOf = READERS.get(doc);
    out.push({ kind: "inline", name, document: renderForAnalysis(scope, doc), ...(readerOf ? { readerOf } : {}) });
  }
  return out;
}
