/**
 * The config loader uses a validator generated from schema.json ahead of time
 * (scripts/gen-config-validator.ts). It must be exactly what the schema compiles to.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate } from "../../scripts/gen-config-validator";

describe("generated config validator", () => {
  it("is up to date with modules/config/schema.json", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "../../modules/config/schema-validator.js"), "utf8");
    expect(committed === generate()).toBe(true); // if this fails: npx tsx scripts/gen-config-validator.ts
  });
});
