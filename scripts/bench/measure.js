/**
 * Preloaded (node -r, or NODE_OPTIONS=--require) into every benchmarked process: on exit, writes the
 * process's peak resident memory and its own run time to BENCH_MEASURE_FILE.<pid>. The benchmark reads every
 * such file of a case (a case may be several node processes: npm, then the app) and keeps the largest peak.
 */
"use strict";
const fs = require("node:fs");

const file = process.env.BENCH_MEASURE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify({ maxRssKb: usage.maxRSS, uptimeMs: process.uptime() * 1000 }));
  });
}
