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
 *
 * Then the files that apply against a local endpoint are spread out: each is followed by two other files before
 * the next one starts. They spend part of their time waiting, not computing (the AWS provider sleeps 5 s after
 * creating or tagging an instance profile; moto and the stand-in answer in Python or another process), so two of
 * them side by side leave a core idle on a 2-core machine. Measured with 2 workers: the first 25 s of the run, when
 * the adoption and replacement files ran together, kept the CPU 40 to 65% busy; the rest of the run, 96 to 100%.
 */
const fs = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

/** A test file's text, read once per run (the estimate and the spreading both look at it); "" when unreadable. */
const texts = new Map();
function read(file) {
  if (!texts.has(file)) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      // unreadable: estimated as empty
    }
    texts.set(file, text);
  }
  return texts.get(file);
}

/** Whether a test file applies against a local AWS endpoint (and so waits on it and on the provider's delays). */
const waits = (text) => /\b(ApplyHarness|standInForBlock|startLocalAws)\b/.test(text);

/** Estimated duration (ms) of a test file Jest has not timed yet. */
function estimate(file) {
  const text = read(file);
  if (!text) return 0;
  if (waits(text)) return 60000;
  if (/\bdescribeTerraform\(/.test(text)) return 15000;
  if (/\b(spawnSync|execFileSync)\(/.test(text)) return 5000 + text.length / 100;
  return text.length / 100;
}

/**
 * `sorted` with the waiting files (`isWaiting`) moved so that at least `gap` other files come between two of them;
 * the other files keep their order, and so do the waiting ones. Files left over when the others run out go last.
 */
function spreadOut(sorted, isWaiting, gap = 2) {
  const waiting = sorted.filter(isWaiting);
  const others = sorted.filter((t) => !isWaiting(t));
  const out = [];
  while (waiting.length > 0 || others.length > 0) {
    if (waiting.length > 0) out.push(waiting.shift());
    out.push(...others.splice(0, waiting.length > 0 ? gap : others.length));
  }
  return out;
}

class SlowFirstSequencer extends Sequencer {
  time(test) {
    return super.time(test) ?? estimate(test.path);
  }

  sort(tests) {
    const sorted = super.sort(tests);
    // Failed files keep going first, as Jest does.
    const failed = sorted.filter((t) => this.hasFailed(t));
    const rest = sorted.filter((t) => !this.hasFailed(t));
    return [...failed, ...spreadOut(rest, (t) => waits(read(t.path)))];
  }
}

module.exports = SlowFirstSequencer;
module.exports.spreadOut = spreadOut;
module.exports.waits = waits;
