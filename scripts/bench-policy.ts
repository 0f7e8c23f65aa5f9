/**
 * Benchmark of the policy model (not a timed test: figures vary by machine).
 *
 *   npx tsx scripts/bench-policy.ts
 *
 * 1. Validating and rendering 1,000 statements (warm catalog): validate, toJSON + JSON.stringify,
 *    policyToTerraform, merged(). Median of several runs.
 * 2. What the catalog adds to a synth, measured in fresh processes (cold file cache of the process, as in
 *    `cdktf synth`): a typical stack touching 6 services, a stack touching 25 services, the AWS managed policy
 *    list, and the worst case of a wildcard in the service part (reads every service file).
 */
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

/** Runs `body` in a fresh Node process (through tsx) and returns the number it prints. */
function inFreshProcess(body: string): number {
  const script = `
    const t = () => performance.now();
    ${body}
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return Number(lines[lines.length - 1]);
}

function warmBenchmark(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PolicyDocument, Condition } = require("../modules/policy") as typeof import("../modules/policy");
  const { policyToTerraform } = require("../modules/constructs/policy-terraform") as typeof import("../modules/constructs/policy-terraform");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const actions = ["s3:GetObject", "s3:PutObject", "ec2:DescribeInstances", "ec2:Describe*", "ssm:GetParameter", "kms:Decrypt", "sqs:SendMessage", "logs:PutLogEvents"];
  const statements = Array.from({ length: 1000 }, (_, i) => ({
    sid: `S${i}`,
    actions: [actions[i % actions.length], actions[(i * 7 + 3) % actions.length]],
    resources: [`arn:aws:s3:::bucket-${i % 50}/\${aws:username}/*`, `arn:aws:ssm:eu-west-1:123456789012:parameter/app/${i}`],
    conditions: i % 3 === 0 ? [Condition.stringEquals("aws:RequestedRegion", ["eu-west-1", "eu-central-1"]), Condition.bool("aws:SecureTransport", true)] : [],
  }));
  const unnamed = statements.map(({ sid: _sid, ...rest }) => rest);
  const doc = new PolicyDocument({ statements });
  const mergeable = new PolicyDocument({ statements: unnamed });
  doc.validate("identity", { path: "bench" }); // warm the catalog

  const runs = 15;
  const t = (fn: () => unknown) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      fn();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  const build = t(() => new PolicyDocument({ statements }));
  const validate = t(() => doc.validate("identity", { path: "bench" }));
  const render = t(() => JSON.stringify(doc.toJSON()));
  const terraform = t(() => policyToTerraform(doc));
  const merge = t(() => mergeable.merged());
  const problems = doc.validate("identity", { path: "bench" }).length;
  console.log(`1,000 statements (2 actions, 2 resources, conditions on a third), median of ${runs} runs, warm catalog:`);
  console.log(`  build PolicyDocument      ${fmt(build)}`);
  console.log(`  validate (identity)       ${fmt(validate)}   (${problems} problems)`);
  console.log(`  toJSON + JSON.stringify   ${fmt(render)}   (${JSON.stringify(doc.toJSON()).length} bytes)`);
  console.log(`  policyToTerraform         ${fmt(terraform)}`);
  console.log(`  merged() (no Sids)        ${fmt(merge)}   (${mergeable.statements.length} -> ${mergeable.merged().statements.length} statements)`);
  console.log(`  validate + render total   ${fmt(validate + terraform)}`);
}

function coldBenchmark(): void {
  const load = `const { PolicyDocument, Condition } = require("./modules/policy");`;
  // Besides the actions, a statement with literal ARNs and conditions makes the resource-type and condition-key
  // checks read the resourceTypes and conditionKeys files.
  const literal = {
    actions: ["s3:GetObject", "ssm:GetParameter", "kms:Decrypt", "iam:PassRole"],
    resources: [
      "arn:aws:s3:::bucket/key",
      "arn:aws:ssm:eu-west-1:123456789012:parameter/app/x",
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "arn:aws:iam::123456789012:role/app",
    ],
  };
  const docOf = (acts: string[]) =>
    `new PolicyDocument({ statements: [{ actions: ${JSON.stringify(acts)}, resources: ["*"], allowBroad: { reason: "bench" } }, { ...${JSON.stringify(literal)}, conditions: [Condition.bool("aws:SecureTransport", true), Condition.stringEquals("iam:PassedToService", "ec2.amazonaws.com")] }] })`;
  const measure = (acts: string[]) =>
    inFreshProcess(`${load}
      const d = ${docOf(acts)};
      const t0 = t(); d.validate("identity", { path: "b" }); const cold = t() - t0;
      const t1 = t(); d.validate("identity", { path: "b" }); const warm = t() - t1;
      console.log(cold - warm);`);
  const typical = ["s3:GetObject", "ec2:DescribeInstances", "iam:PassRole", "sts:AssumeRole", "ssm:GetParameter", "kms:Decrypt"];
  const many = [
    "s3", "ec2", "iam", "sts", "ssm", "kms", "sqs", "sns", "logs", "cloudwatch", "dynamodb", "lambda", "rds", "ecr", "ecs",
    "eks", "elasticloadbalancing", "autoscaling", "route53", "secretsmanager", "cloudformation", "events", "states", "glue", "athena",
  ].map((s) => `${s}:List*`); // a name pattern reads the service's file (a bare "svc:*" does not need to)
  const runs = 5;
  const typicalMs = median(Array.from({ length: runs }, () => measure(typical)));
  const manyMs = median(Array.from({ length: runs }, () => measure(many)));
  const worstMs = median(Array.from({ length: 3 }, () => measure(["*:GetObject"])));
  const managedMs = median(
    Array.from({ length: runs }, () =>
      inFreshProcess(
        `require("./modules/catalog/actions"); const t0 = t(); const c = require("./modules/catalog/managed-policies"); c.awsManagedPolicy("ReadOnlyAccess"); console.log(t() - t0);`,
      ),
    ),
  );
  console.log(`Catalog cost added to a synth (fresh process, median of ${runs}; first validation minus a second one):`);
  console.log(`  6 services (s3, ec2, iam, sts, ssm, kms)   ${fmt(typicalMs)}   (+ resource types of s3, ssm, kms, iam; condition keys)`);
  console.log(`  25 services                                ${fmt(manyMs)}`);
  console.log(`  AWS managed policy list (load + lookup)    ${fmt(managedMs)}   (includes transpiling the module under tsx)`);
  console.log(`  worst case "*:GetObject" (all services)    ${fmt(worstMs)}   (a wildcard service part reads every service file)`);
  console.log(`  budget: 200 ms -> typical ${typicalMs + managedMs <= 200 ? "OK" : "OVER"} (${fmt(typicalMs + managedMs)} with the managed policy list)`);
}

warmBenchmark();
coldBenchmark();
