/**
 * Jest's test order, with an estimate for files it has no timing of.
 *
 * Jest runs the slowest files first when its cache holds their duration from an earlier run, so that no worker
 * is left with a long file at the end. A fresh checkout (CI) has no cache, and Jest then orders by file size:
 * the short files that apply Terraform against a local AWS endpoint would start last and make the run as long
 * as themselves plus everything before them. Without a cached duration, a file is estimated from what it runs:
 *
 * - applies against a local AWS endpoint (`ApplyHarness`, `standInForBlock`, `startLocalAws`): 60 s;
 * - real Terraform plans (`describeTerraform`): 15 s;
 * - other processes (`spawnSync`, `execFileSync`: the CLI, cdktf, git): 5 s;
 * - anything else: its size (1 ms per 100 bytes), Jest's own fallback order.
 *
 * Cached durations (Jest's, in milliseconds) win over the estimate, failed files still go first.
 */
const fs = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

/** Estimated duration (ms) of a test file Jest has not timed yet. */
function estimate(file) {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return 0;
  }
  if (/\b(ApplyHarness|standInForBlock|startLocalAws)\b/.test(text)) return 60000;
  if (/\bdescribeTerraform\(/.test(text)) return 15000;
  if (/\b(spawnSync|execFileSync)\(/.test(text)) return 5000 + text.length / 100;
  return text.length / 100;
}

class SlowFirstSequencer extends Sequencer {
  time(test) {
    return super.time(test) ?? estimate(test.path);
  }
}

module.exports = SlowFirstSequencer;
