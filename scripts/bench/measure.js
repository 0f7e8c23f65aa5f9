/**
 * Preloaded (node -r) into every benchmarked process: on exit, writes the
 * process's peak resident memory and its own run time to BENCH_MEASURE_FILE.
 */
"use strict";
const fs = require("node:fs");

const file = process.env.BENCH_MEASURE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, uptimeMs: process.uptime() * 1000 }));
  });
}
