/**
 * The test order (test-sequencer.js): slow files first without Jest's timing cache, and the files that apply
 * against a local endpoint spread out so that two of them rarely run side by side.
 */
import * as fs from "node:fs";
import * as path from "node:path";

type Test = { path: string; context: { config: { cache: boolean }; hasteFS: { getSize: (p: string) => number } } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer = require("./test-sequencer") as {
  new (): { sort: (tests: Test[]) => Test[]; time: (t: Test) => number | undefined };
  spreadOut: <T>(sorted: T[], isWaiting: (t: T) => boolean, gap?: number) => T[];
  waits: (text: string) => boolean;
};

const TESTS = path.join(__dirname, "..");

/** Every test file of this repository, as Jest hands them to the sequencer on a checkout without a timing cache. */
function allTests(): Test[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts")) files.push(p);
    }
  };
  walk(TESTS);
  const context = { config: { cache: false }, hasteFS: { getSize: (p: string) => fs.statSync(p).size } };
  return files.map((p) => ({ path: p, context }));
}

const name = (t: Test) => path.relative(TESTS, t.path);
const applies = (t: Test) => Sequencer.waits(fs.readFileSync(t.path, "utf8"));

describe("test order without Jest's timing cache", () => {
  const order = new Sequencer().sort(allTests());

  it("starts with a file that applies against a local endpoint, and has no two of them within two places", () => {
    const at = order.flatMap((t, i) => (applies(t) ? [i] : []));
    // The adoption test against moto, and the two files applying against the stand-in endpoint.
    expect(order.filter(applies).map(name).sort()).toEqual(["adopt/terraform.test.ts", "constructs/iam-replacement.apply.test.ts", "constructs/service-user.apply.test.ts"]);
    expect(at[0]).toBe(0);
    for (let k = 1; k < at.length; k++) expect(at[k]! - at[k - 1]!).toBeGreaterThanOrEqual(3);
  });

  it("puts the Terraform plan files before the in-process files, and every file exactly once", () => {
    expect(new Set(order.map(name)).size).toBe(allTests().length);
    const planFiles = order.filter((t) => !applies(t) && /\bdescribeTerraform\(/.test(fs.readFileSync(t.path, "utf8")));
    const lastPlan = Math.max(...planFiles.map((t) => order.indexOf(t)));
    const firstPlain = order.findIndex((t) => !applies(t) && !/\b(describeTerraform\(|spawnSync\(|execFileSync\()/.test(fs.readFileSync(t.path, "utf8")));
    expect(lastPlan).toBeLessThan(firstPlain);
  });
});

describe("spreadOut", () => {
  const waiting = (x: string) => x.startsWith("W");
  it.each([
    [["W1", "W2", "W3", "C1", "C2", "C3", "C4", "C5"], "W1 C1 C2 W2 C3 C4 W3 C5"],
    [["W1", "W2", "W3", "C1"], "W1 C1 W2 W3"],
    [["C1", "W1", "C2", "C3", "W2"], "W1 C1 C2 W2 C3"],
    [["C1", "C2"], "C1 C2"],
    [[], ""],
  ])("%j -> %s", (input, expected) => {
    expect(Sequencer.spreadOut(input, waiting).join(" ")).toBe(expected);
  });
});
