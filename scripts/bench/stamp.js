/**
 * Shared by the plain floor and the template app of the realistic benchmark: the Terraform JSON of one
 * principal of the library's realistic stack (made by the library at N = 1, in BENCH_TEMPLATE), copied for
 * principal i by renaming `p0_`, `-0` and `/p0` to the principal's own. Plain JavaScript, no cdktf.
 */
"use strict";
const fs = require("node:fs");

/** The library's N = 1 output: { provider, terraform, resource }. */
function readTemplate() {
  const file = process.env.BENCH_TEMPLATE;
  if (!file) throw new Error("BENCH_TEMPLATE is not set: run through npm run bench.");
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * The resources of principal i, by type then id (text renaming of principal 0's). The stack's own resources (ids
 * not made for principal 0, such as the credentials key and its alias) come once, with principal 0.
 */
function principalResources(template, i) {
  const own = {};
  for (const [type, byId] of Object.entries(template.resource)) {
    const ids = Object.keys(byId).filter((id) => i === 0 || id.startsWith("p0_"));
    if (ids.length > 0) own[type] = Object.fromEntries(ids.map((id) => [id, byId[id]]));
  }
  const text = JSON.stringify(own)
    .replace(/\bp0_/g, `p${i}_`)
    .replace(/-0\b/g, `-${i}`)
    .replace(/\/p0\b/g, `/p${i}`);
  return JSON.parse(text);
}

module.exports = { principalResources, readTemplate };
