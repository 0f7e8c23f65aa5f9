/**
 * The library's benchmark stack: N principals, each an EC2 instance role with
 * its instance profile (Ec2InstanceRole) and a service user (ServiceUser),
 * built with this library's constructs (validation included).
 * Env: BENCH_N principals, CDKTF_OUTDIR output folder.
 */
import { Ec2InstanceRole } from "../../modules/constructs/ec2-instance-role";
import { ServiceUser } from "../../modules/constructs/service-user";
import { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";

const n = Number(process.env.BENCH_N || "1");
const app = new App();
const stack = new IamStack(app, "bench", { region: "eu-west-1" });
for (let i = 0; i < n; i++) {
  new Ec2InstanceRole(stack, `p${i}_role`, { name: `bench-role-${i}` });
  new ServiceUser(stack, `p${i}_user`, { name: `bench-user-${i}` });
}
app.synth();
