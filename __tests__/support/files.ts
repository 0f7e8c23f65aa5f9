/** Files of a folder tree, for tests that compare what two synthesizers wrote. */
import * as fs from "node:fs";
import * as path from "node:path";

/** Every file under `dir` (not folders), as paths relative to `dir`, sorted. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile())
    .sort();
}
