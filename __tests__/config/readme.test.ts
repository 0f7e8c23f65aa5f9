/** The config file shown in the README is valid and builds: documentation that cannot drift from the code. */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfigText } from "../../modules/config";
import { Construct } from "../../modules/internal/cdktf";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

describe("the README's config file section", () => {
  const section = README.slice(README.indexOf("### Config file"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];

  it("shows a complete example that builds without a problem", () => {
    expect(yaml).toBeDefined();
    const stacks = loadConfigText(new Construct(undefined as never, ""), yaml as string, "README.md", { stackName: "iam", stackProps: { region: "eu-west-1" } });
    expect(stacks.map((s) => s.node.id)).toEqual(["platform"]);
    for (const key of ["stack:", "policies:", "groups:", "users:", "roles:", "passwordPolicy:", "presets:", "statements:", "accessKey:", "rotation:"]) {
      expect(yaml).toContain(key);
    }
  });

  it("shows a command for every example", () => {
    const dirs = fs.readdirSync(path.join(__dirname, "..", "..", "examples")).filter((d) => /^\d+-/.test(d));
    expect(dirs).toHaveLength(5);
    for (const d of dirs) expect(README).toContain(`node scripts/run.js examples/${d}/main.ts`);
  });
});
