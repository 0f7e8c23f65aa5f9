/**
 * The floor: the same resources as the generated benchmark stack, written as
 * Terraform JSON by a plain script, with no cdktf at all.
 * Env: BENCH_N principals, CDKTF_OUTDIR output folder.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const n = Number(process.env.BENCH_N || "1");
const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const resource = { aws_iam_role: {}, aws_iam_instance_profile: {}, aws_iam_user: {} };
for (let i = 0; i < n; i++) {
  const id = `p${i}`;
  resource.aws_iam_role[`${id}_role`] = { name: `bench-role-${i}`, assume_role_policy: trust };
  resource.aws_iam_instance_profile[`${id}_profile`] = { name: `bench-role-${i}`, role: `\${aws_iam_role.${id}_role.name}`, lifecycle: { create_before_destroy: true } };
  resource.aws_iam_user[`${id}_user`] = { name: `bench-user-${i}` };
}
const doc = {
  provider: { aws: [{ region: "eu-west-1" }] },
  resource,
  terraform: { backend: { local: { path: "terraform.bench.tfstate" } }, required_providers: { aws: { source: "hashicorp/aws", version: "~> 5.100" } } },
};
const dir = path.join(outdir, "stacks", "bench");
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(doc, null, 2));
