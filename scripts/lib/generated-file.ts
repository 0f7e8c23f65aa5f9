/**
 * Writes a generated data file, or with `--check` on the command line compares it with the committed one: prints
 * "up to date", or exits 1 naming the command that regenerates it. Used by the scripts/gen-*.ts generators.
 */
import * as fs from "fs";
import * as path from "path";

/** Writes `text` to `out` (or checks it, see the module docs); `summary` is printed after a write. */
export function writeOrCheck(out: string, text: string, script: string, summary: string): void {
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), out)} is stale: run npx tsx ${script}`);
      process.exit(1);
    }
    console.log("up to date");
    return;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(summary);
}
