/**
 * The library's benchmark stack: N principals, each an EC2 instance role with
 * its instance profile and a service user, built with this library's constructs.
 * Env: BENCH_N principals, CDKTF_OUTDIR output folder.
 */
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";

const n = Number(process.env.BENCH_N || "1");
const app = new App();
const stack = new IamStack(app, "bench", { region: "eu-west-1" });
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
for (let i = 0; i < n; i++) {
  const role = new IamRole(stack, `p${i}_role`, { name: `bench-role-${i}`, assumeRolePolicy: trust });
  new IamInstanceProfile(stack, `p${i}_profile`, { name: `bench-role-${i}`, role: role.name, lifecycle: { createBeforeDestroy: true } });
  new IamUser(stack, `p${i}_user`, { name: `bench-user-${i}` });
}
app.synth();
