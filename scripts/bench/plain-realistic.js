/**
 * The floor of the realistic benchmark: the same Terraform JSON as the library's realistic stack, written by a
 * plain script (principal 0 of the library's output copied N times, see stamp.js), with no cdktf at all.
 * Env: BENCH_N principals, BENCH_TEMPLATE the library's N = 1 cdk.tf.json, CDKTF_OUTDIR output folder.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { principalResources, readTemplate } = require("./stamp");

const n = Number(process.env.BENCH_N || "1");
const template = readTemplate();
const resource = {};
for (let i = 0; i < n; i++) {
  for (const [type, byId] of Object.entries(principalResources(template, i))) Object.assign((resource[type] ??= {}), byId);
}
const dir = path.join(process.env.CDKTF_OUTDIR || "cdktf.out", "stacks", "bench");
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ provider: template.provider, resource, terraform: template.terraform }, null, 2));
