/**
 * Reading the string values of Terraform JSON configuration (`cdk.tf.json`).
 *
 * In Terraform's JSON syntax every string is a template: `${ expr }` interpolates an HCL
 * expression, `$${` is a literal `${` (this is how IAM policy variables such as
 * `$${aws:username}` reach AWS as `${aws:username}`), `%{ ... }` is a directive and `%%{` a
 * literal `%{`. CDKTF writes references as `${aws_iam_role.Foo.name}` and documents holding
 * references as `${jsonencode({"Version" = "2012-10-17", ...})}`.
 *
 * {@link evaluateTemplate} turns such a string into a plain JavaScript value, in which every
 * value only known at apply time (a reference to another resource) is written as the
 * placeholder string `${<traversal>}`, and lists the resources referenced. Expressions this
 * reader does not understand are kept whole as a placeholder, so a report never loses them.
 */

/** A configuration value read without Terraform: known parts evaluated, references kept as placeholders. */
export interface Evaluated {
  /** The value; each reference is the placeholder string `${type.name.attr}`. */
  readonly value: unknown;
  /** Every traversal referenced (for example `aws_iam_role.Foo.name`), in order of appearance, without duplicates. */
  readonly refs: readonly string[];
  /** True when the whole value is fixed in the configuration (no reference, no unknown function). */
  readonly known: boolean;
}

class Unsupported extends Error {}

/** A value produced by an expression: `known` is false when it depends on something only known at apply time. */
interface Val {
  v: unknown;
  known: boolean;
}

const REF_ROOT = /^(?:data\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+|[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+|var\.[A-Za-z0-9_-]+|local\.[A-Za-z0-9_-]+|module\.[A-Za-z0-9_-]+)/;

/** Evaluates one string of Terraform JSON configuration as a template. */
export function evaluateTemplate(text: string): Evaluated {
  const refs: string[] = [];
  const r = new TemplateReader(text, refs).readTemplate();
  return { value: r.v, refs: [...new Set(refs)], known: r.known };
}

/**
 * Evaluates any value of Terraform JSON configuration: strings are templates, objects and
 * arrays are walked (keys are kept as written).
 */
export function evaluateConfigValue(value: unknown): Evaluated {
  const refs: string[] = [];
  let known = true;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const r = new TemplateReader(v, refs).readTemplate();
      if (!r.known) known = false;
      return r.v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const value2 = walk(value);
  return { value: value2, refs: [...new Set(refs)], known };
}

/** The resource address (`aws_iam_role.Foo`, `data.x.y`) a traversal such as `aws_iam_role.Foo.arn` starts with. */
export function refAddress(traversal: string): string {
  const m = REF_ROOT.exec(traversal);
  return m ? m[0] : traversal;
}

class TemplateReader {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly refs: string[],
  ) {}

  readTemplate(): Val {
    const parts: Val[] = [];
    let lit = "";
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if ((c === "$" || c === "%") && s[this.i + 1] === c && s[this.i + 2] === "{") {
        lit += `${c}{`;
        this.i += 3;
      } else if (c === "$" && s[this.i + 1] === "{") {
        if (lit) parts.push({ v: lit, known: true });
        lit = "";
        parts.push(this.readInterpolation());
      } else if (c === "%" && s[this.i + 1] === "{") {
        // Template directives (%{ if }, %{ for }) are not evaluated: keep the whole string as unknown.
        return { v: `\${${s}}`, known: false };
      } else {
        lit += c;
        this.i++;
      }
    }
    if (lit) parts.push({ v: lit, known: true });
    if (parts.length === 0) return { v: "", known: true };
    if (parts.length === 1) return parts[0];
    return { v: parts.map((p) => toText(p.v)).join(""), known: parts.every((p) => p.known) };
  }

  /** Reads `${ expr }` starting at `${`; on an expression it cannot evaluate, keeps its text as a placeholder. */
  private readInterpolation(): Val {
    const start = this.i + 2;
    const end = findClose(this.s, start);
    let inner = this.s.slice(start, end).trim();
    // Strip-markers `${~ expr ~}`.
    if (inner.startsWith("~")) inner = inner.slice(1).trim();
    if (inner.endsWith("~")) inner = inner.slice(0, -1).trim();
    this.i = end + 1;
    try {
      const p = new ExprParser(inner, this.refs);
      const v = p.parseExpression();
      p.expectEnd();
      return v;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      for (const m of inner.matchAll(/(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+|\.\*|\[\*\]|\[\d+\])*/g)) {
        if (!/^(?:each|count|self|path|terraform)\./.test(m[0])) this.refs.push(m[0].replace(/\.\*(?=\.|$)/g, "[*]"));
      }
      return { v: `\${${inner}}`, known: false };
    }
  }
}

/** Index of the `}` closing an interpolation whose body starts at `from` (nested braces and strings skipped). */
function findClose(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = skipString(s, i);
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  throw new Error(`Unterminated interpolation in configuration string: ${s.length > 80 ? `${s.slice(0, 77)}...` : s}`);
}

/** Index just after the quoted string starting at `start` (a `"`), honouring escapes and nested interpolations. */
function skipString(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else if ((c === "$" || c === "%") && s[i + 1] === c && s[i + 2] === "{") i += 3;
    else if ((c === "$" || c === "%") && s[i + 1] === "{") i = findClose(s, i + 2) + 1;
    else i++;
  }
  return i;
}

function toText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** A small recursive-descent reader for the HCL expressions CDKTF emits. */
class ExprParser {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly refs: string[],
  ) {}

  expectEnd(): void {
    this.ws();
    if (this.i < this.s.length) throw new Unsupported();
  }

  parseExpression(): Val {
    const v = this.parsePrimary();
    this.ws();
    // Operators, conditionals and for-expressions are not evaluated.
    if (this.i < this.s.length && !/[,\]})\n:=]/.test(this.s[this.i])) throw new Unsupported();
    return v;
  }

  private ws(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.i++;
      else if (c === "#" || (c === "/" && this.s[this.i + 1] === "/")) {
        while (this.i < this.s.length && this.s[this.i] !== "\n") this.i++;
      } else break;
    }
  }

  private parsePrimary(): Val {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) throw new Unsupported();
    if (c === '"') return this.parseString();
    if (c === "[") return this.parseTuple();
    if (c === "{") return this.parseObject();
    if (c === "(") {
      this.i++;
      const v = this.parseExpression();
      this.ws();
      if (this.s[this.i] !== ")") throw new Unsupported();
      this.i++;
      return v;
    }
    if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(this.s[this.i + 1] ?? ""))) {
      const m = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i));
      if (!m) throw new Unsupported();
      this.i += m[0].length;
      return { v: Number(m[0]), known: true };
    }
    if (/[A-Za-z_]/.test(c)) return this.parseIdentExpr();
    throw new Unsupported();
  }

  private ident(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i));
    if (!m) throw new Unsupported();
    this.i += m[0].length;
    return m[0];
  }

  private parseIdentExpr(): Val {
    const name = this.ident();
    if (name === "true" || name === "false") return { v: name === "true", known: true };
    if (name === "null") return { v: null, known: true };
    this.ws();
    if (this.s[this.i] === "(") return this.parseCall(name);
    let trav = name;
    for (;;) {
      if (this.s[this.i] === ".") {
        this.i++;
        if (this.s[this.i] === "*") {
          // Attribute splat (`aws_x.y.*.attr`, a counted resource): recorded as the full splat `[*]`.
          this.i++;
          trav += "[*]";
          continue;
        }
        trav += `.${/[0-9]/.test(this.s[this.i] ?? "") ? this.number() : this.ident()}`;
      } else if (this.s[this.i] === "[") {
        this.i++;
        this.ws();
        if (this.s[this.i] === "*") {
          this.i++;
          this.ws();
          if (this.s[this.i] !== "]") throw new Unsupported();
          this.i++;
          trav += "[*]";
          continue;
        }
        const key = this.parsePrimary();
        this.ws();
        if (this.s[this.i] !== "]") throw new Unsupported();
        this.i++;
        trav += `[${JSON.stringify(key.v)}]`;
      } else break;
    }
    if (!trav.includes(".")) throw new Unsupported();
    this.refs.push(trav);
    return { v: `\${${trav}}`, known: false };
  }

  private number(): string {
    const m = /^[0-9]+/.exec(this.s.slice(this.i));
    if (!m) throw new Unsupported();
    this.i += m[0].length;
    return m[0];
  }

  private parseCall(name: string): Val {
    const start = this.i;
    this.i++; // (
    const args: Val[] = [];
    this.ws();
    while (this.s[this.i] !== ")") {
      args.push(this.parseExpression());
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] === ".") throw new Unsupported(); // expansion `...`
      this.ws();
      if (this.i >= this.s.length) throw new Unsupported();
    }
    this.i++;
    const known = args.every((a) => a.known);
    switch (name) {
      case "jsonencode":
        if (args.length !== 1) throw new Unsupported();
        return { v: JSON.stringify(args[0].v), known };
      case "tostring":
        return { v: toText(args[0]?.v), known };
      case "jsondecode":
        if (args.length === 1 && typeof args[0].v === "string" && known) return { v: JSON.parse(args[0].v), known };
        throw new Unsupported();
      default: {
        // Other functions are kept as written; their references are still recorded by the parse above.
        return { v: `\${${name}${this.s.slice(start, this.i)}}`, known: false };
      }
    }
  }

  private parseString(): Val {
    const end = skipString(this.s, this.i);
    const raw = this.s.slice(this.i + 1, end - 1);
    this.i = end;
    // Unescape HCL string escapes first, then evaluate the template inside.
    let text = "";
    for (let j = 0; j < raw.length; j++) {
      const c = raw[j];
      if (c !== "\\") {
        text += c;
        continue;
      }
      const n = raw[++j];
      if (n === "n") text += "\n";
      else if (n === "t") text += "\t";
      else if (n === "r") text += "\r";
      else if (n === "u") {
        text += String.fromCharCode(parseInt(raw.slice(j + 1, j + 5), 16));
        j += 4;
      } else text += n;
    }
    return new TemplateReader(text, this.refs).readTemplate();
  }

  private parseTuple(): Val {
    this.i++;
    const out: unknown[] = [];
    let known = true;
    this.ws();
    while (this.s[this.i] !== "]") {
      if (this.i >= this.s.length) throw new Unsupported();
      const v = this.parseExpression();
      out.push(v.v);
      known &&= v.known;
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      this.ws();
    }
    this.i++;
    return { v: out, known };
  }

  private parseObject(): Val {
    this.i++;
    const out: Record<string, unknown> = {};
    let known = true;
    this.ws();
    while (this.s[this.i] !== "}") {
      if (this.i >= this.s.length) throw new Unsupported();
      let key: string;
      if (this.s[this.i] === '"') {
        const k = this.parseString();
        if (!k.known) throw new Unsupported();
        key = toText(k.v);
      } else if (this.s[this.i] === "(") {
        const k = this.parsePrimary();
        if (!k.known) throw new Unsupported();
        key = toText(k.v);
      } else key = this.ident();
      this.ws();
      if (this.s[this.i] !== "=" && this.s[this.i] !== ":") throw new Unsupported();
      this.i++;
      const v = this.parseExpression();
      out[key] = v.v;
      known &&= v.known;
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      this.ws();
    }
    this.i++;
    return { v: out, known };
  }
}
