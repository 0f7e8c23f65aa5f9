/**
 * The realistic benchmark stack (issue 14): N principals of scripts/bench/realistic-principals.ts (an EC2
 * instance role with managed, AWS managed, inline and added statements; a service user with a rotated key in SSM).
 * Every check of the library runs. Env: BENCH_N principals, CDKTF_OUTDIR output folder.
 */
import { App } from "../../modules/internal/cdktf";
import { IamStack } from "../../modules/stack";
import { addRealisticPrincipals } from "./realistic-principals";

const n = Number(process.env.BENCH_N || "1");
const app = new App();
const stack = new IamStack(app, "bench", { region: "eu-west-1" });
addRealisticPrincipals(stack, n);
app.synth();
