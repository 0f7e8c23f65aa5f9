/**
 * From a construct's problem field (`inlinePolicies["x"].statements[0].actions[1]`) to the path in the file, through
 * the origins of a built document's statements (file statements, pasted JSON, presets).
 */
import { renderPath } from "../errors";
import type { Segment } from "../errors";

/** Where a statement of a built document came from. */
export type Origin =
  | { kind: "statement"; index: number; conditions: [string, string][] }
  | { kind: "json"; index: number }
  | { kind: "preset"; index: number; name: string };

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

/** Maps `statements[i]...` of a built document to the file, through the origins of its statements. */
export function mapDocument(segs: Segment[], origins: Origin[]): { segs: Segment[]; note?: string } {
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
