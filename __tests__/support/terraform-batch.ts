/**
 * Several synthesized stacks validated and planned in ONE Terraform run (tests only).
 *
 * Each `terraform validate`, `plan` and `show` starts the AWS provider (about a second of CPU each, six
 * starts per stack), so a test file that plans five stacks one by one spends most of its time starting
 * providers. `validatePlanMany` copies each stack's configuration into a child module of one root
 * (`module.s0`, `module.s1`, ...; the stack's backend/cloud block left out and the offline provider settings
 * added, as the offline override does for a single plan), runs plan and show once, and splits the results back into one
 * {@link PlanResult} per stack, shaped as if the stack had been planned alone: addresses without the
 * module prefix, the module's configuration as `configuration.root_module`, its provider blocks under
 * their own names, its outputs as root outputs, and `plan.json` written beside each stack. The validation is the
 * plan's own (`planWithValidation` in scripts/lib/terraform.ts: `terraform validate` runs only when the plan fails).
 *
 * A prior state a test seeded as `offline-plan.tfstate` in a stack folder is carried into the root state
 * under the stack's module. Stacks that cannot be child modules (with `import` blocks, or modules of
 * their own), or whose providers differ, are planned one by one with {@link initValidatePlan}.
 * A validate error in any stack fails the batch, naming the stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OFFLINE_PROVIDER_SETTINGS, planWithValidation, runTerraform, sharedInit, terraformEnv, type PlanResult } from "../../scripts/lib/terraform";

import { planAlone, workerProviderEnv } from "./provider-server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Files of a stack folder that are Terraform's own working data, not configuration. */
const NOT_CONFIGURATION = /^(\.terraform.*|plan\.out|plan\.json|.*\.tfstate(\.backup)?|zz_offline.*override\.tf\.json)$/;

/** The separator between a stack's module name and its output name in the root's outputs. */
const OUTPUT_SEPARATOR = "__";

function readConfig(stackDir: string): Json {
  return JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as Json;
}

/** Whether a stack can be planned as a child module of the batch root. */
function batchable(config: Json): boolean {
  return config.import === undefined && config.module === undefined && config.terraform?.required_providers !== undefined;
}

/**
 * The one provider configuration all `configs` share, when they do: exactly the same `provider` object (one aws block,
 * no alias). Such a batch declares that block once, at its root, and the stacks' modules inherit it: one provider
 * configuration, so the run can attach to the worker's running provider (provider-server.ts).
 */
function sharedProvider(configs: Json[]): Json | undefined {
  const first = JSON.stringify(configs[0]?.provider);
  const aws = configs[0]?.provider?.aws;
  const block = Array.isArray(aws) ? (aws.length === 1 ? aws[0] : undefined) : aws;
  if (!block || block.alias !== undefined || Object.keys(configs[0]!.provider).length !== 1) return undefined;
  return configs.every((c) => JSON.stringify(c.provider) === first) ? { aws: [{ ...block, ...OFFLINE_PROVIDER_SETTINGS }] } : undefined;
}

function copyConfiguration(from: string, to: string, config: Json, hoisted: boolean): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (NOT_CONFIGURATION.test(entry.name) || entry.name === "cdk.tf.json") continue;
    fs.cpSync(path.join(from, entry.name), path.join(to, entry.name), { recursive: true });
  }
  const { backend: _backend, cloud: _cloud, ...terraform } = config.terraform ?? {};
  // The provider settings of an offline plan, merged into each aws provider block as initValidatePlan's
  // override merges them (an override file in a child module makes Terraform warn about provider blocks).
  const declared = config.provider?.aws;
  const aws = declared === undefined ? undefined : (Array.isArray(declared) ? declared : [declared]).map((b: Json) => ({ ...b, ...OFFLINE_PROVIDER_SETTINGS }));
  const provider = aws ? { ...config.provider, aws } : config.provider;
  const { provider: _declared, ...rest } = config;
  fs.writeFileSync(path.join(to, "cdk.tf.json"), JSON.stringify({ ...rest, ...(provider && !hoisted ? { provider } : {}), terraform }, null, 2));
}

/** A seeded prior state of each stack, merged under the stacks' modules. */
function mergeStates(stackDirs: string[], names: string[], hoisted: boolean): Json | undefined {
  const states = stackDirs.map((dir) => path.join(dir, "offline-plan.tfstate")).map((f) => (fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, "utf8")) as Json) : undefined));
  const first = states.find(Boolean);
  if (!first) return undefined;
  const resources = states.flatMap((state, i) =>
    ((state?.resources ?? []) as Json[]).map((r) => ({
      ...r,
      module: r.module ? `module.${names[i]}.${r.module}` : `module.${names[i]}`,
      // Providers configured in the stack now live in its module; the built-in terraform provider stays at the root.
      // (or at the root, where the batch declares the one configuration they share).
      provider: hoisted || String(r.provider).includes("terraform.io/builtin/") ? r.provider : `module.${names[i]}.${r.provider}`,
    })),
  );
  return { ...first, outputs: {}, resources };
}

/** The data folder of the batch: the shared provider install and backend settings, and its own module list. */
function prepareDataDir(root: string, sharedDataDir: string, names: string[]): string {
  const dataDir = path.join(root, ".terraform");
  fs.mkdirSync(path.join(dataDir, "modules"), { recursive: true });
  fs.symlinkSync(path.join(sharedDataDir, "providers"), path.join(dataDir, "providers"));
  fs.copyFileSync(path.join(sharedDataDir, "terraform.tfstate"), path.join(dataDir, "terraform.tfstate"));
  const modules = [{ Key: "", Source: "", Dir: "." }, ...names.map((n) => ({ Key: n, Source: `./${n}`, Dir: n }))];
  fs.writeFileSync(path.join(dataDir, "modules", "modules.json"), JSON.stringify({ Modules: modules }));
  return dataDir;
}

/**
 * Validates and plans `stackDirs` (offline, see initValidatePlan) in one Terraform run; returns one result
 * per stack, in order. `workDir` is the run's Terraform folder; `root` an empty folder for the batch.
 */
export function validatePlanMany(stackDirs: string[], workDir: string, root: string): PlanResult[] {
  const configs = stackDirs.map(readConfig);
  const providers = JSON.stringify(configs[0]?.terraform?.required_providers);
  if (stackDirs.length < 2 || !configs.every((c) => batchable(c) && JSON.stringify(c.terraform.required_providers) === providers)) {
    return stackDirs.map((dir) => planAlone(dir, workDir));
  }
  const names = stackDirs.map((_, i) => `s${i}`);
  const env = terraformEnv({ offline: true, workDir });
  const shared = sharedInit(workDir, env, configs[0]!.terraform.required_providers);
  fs.mkdirSync(root, { recursive: true });
  const hoisted = sharedProvider(configs);
  stackDirs.forEach((dir, i) => copyConfiguration(dir, path.join(root, names[i]!), configs[i]!, hoisted !== undefined));
  const output: Json = {};
  configs.forEach((c, i) => {
    for (const [name, def] of Object.entries((c.output ?? {}) as Json)) {
      output[`${names[i]}${OUTPUT_SEPARATOR}${name}`] = { value: `\${module.${names[i]}.${name}}`, ...(def.sensitive ? { sensitive: true } : {}) };
    }
  });
  const module = Object.fromEntries(names.map((n) => [n, { source: `./${n}` }]));
  const terraform = { backend: { local: { path: "offline-plan.tfstate" } }, ...(hoisted ? { required_providers: configs[0]!.terraform.required_providers } : {}) };
  fs.writeFileSync(path.join(root, "main.tf.json"), JSON.stringify({ terraform, ...(hoisted ? { provider: hoisted } : {}), module, ...(Object.keys(output).length ? { output } : {}) }, null, 2));
  const state = mergeStates(stackDirs, names, hoisted !== undefined);
  if (state) fs.writeFileSync(path.join(root, "offline-plan.tfstate"), JSON.stringify(state));
  fs.copyFileSync(shared.lockFile, path.join(root, ".terraform.lock.hcl"));
  for (const dir of stackDirs) fs.copyFileSync(shared.lockFile, path.join(dir, ".terraform.lock.hcl"));
  env.TF_DATA_DIR = prepareDataDir(root, shared.dataDir, names);
  if (hoisted) Object.assign(env, workerProviderEnv(env, shared.dataDir));

  const planFile = path.join(root, "plan.out");
  // The plan's own validation stands for `terraform validate` (see planWithValidation): one Terraform run fewer.
  const validate = planWithValidation(root, ["-input=false", `-out=${planFile}`, "-lock=false", "-refresh=false"], env);
  const perStackValidate = names.map((n) => splitValidate(validate, n));
  const invalid = perStackValidate.map((v, i) => (v.valid ? undefined : `${stackDirs[i]}:\n${JSON.stringify(v.diagnostics, null, 2)}`)).filter(Boolean);
  if (!validate.valid || invalid.length) throw new Error(`terraform validate failed in ${invalid.join("\n") || root}`);
  const plan = JSON.parse(runTerraform(root, ["show", "-json", planFile], env)) as Json;
  return stackDirs.map((dir, i) => {
    const own = splitPlan(plan, names[i]!, hoisted !== undefined);
    const planJsonFile = path.join(dir, "plan.json");
    fs.writeFileSync(planJsonFile, JSON.stringify(own));
    return { validate: perStackValidate[i]!, plan: own as PlanResult["plan"], planFile, planJsonFile };
  });
}

/** The diagnostics of one stack's module (and those with no file, which concern every stack). */
function splitValidate(v: PlanResult["validate"], name: string): PlanResult["validate"] {
  const diagnostics = (v.diagnostics as Json[]).filter((d) => !d.range?.filename || String(d.range.filename).startsWith(`${name}/`));
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  return { ...v, valid: count("error") === 0, error_count: count("error"), warning_count: count("warning"), diagnostics };
}

/** One stack's part of the batch plan, shaped as a plan of that stack alone. */
export function splitPlan(plan: Json, name: string, hoisted = false): Json {
  const moduleAddress = `module.${name}`;
  const prefix = `${moduleAddress}.`;
  const strip = (address: string) => (address.startsWith(prefix) ? address.slice(prefix.length) : address);
  const mine = (address: unknown) => typeof address === "string" && address.startsWith(prefix);
  const outputs = (o: Json | undefined) =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => k.startsWith(`${name}${OUTPUT_SEPARATOR}`)).map(([k, v]) => [k.slice(name.length + OUTPUT_SEPARATOR.length), v]));
  const changes = (list: Json[] | undefined) =>
    list?.filter((c) => mine(c.address)).map(({ module_address: _m, ...c }) => ({ ...c, address: strip(c.address), ...(c.previous_address ? { previous_address: strip(c.previous_address) } : {}) }));
  const moduleValues = (rootModule: Json | undefined): Json => {
    const child = ((rootModule?.child_modules ?? []) as Json[]).find((m) => m.address === moduleAddress);
    const resources = ((child?.resources ?? []) as Json[]).map((r) => ({ ...r, address: strip(r.address) }));
    return resources.length ? { resources } : {};
  };
  const providerKey = (key: string) => (key.startsWith(`${moduleAddress}:`) ? key.slice(moduleAddress.length + 1) : key);
  const moduleConfig = (plan.configuration?.root_module?.module_calls?.[name]?.module ?? {}) as Json;
  const withKeys = (list: Json[] | undefined) => list?.map((r) => (r.provider_config_key ? { ...r, provider_config_key: providerKey(r.provider_config_key) } : r));
  const out: Json = {
    ...plan,
    planned_values: { outputs: outputs(plan.planned_values?.outputs), root_module: moduleValues(plan.planned_values?.root_module) },
    resource_changes: changes(plan.resource_changes) ?? [],
    output_changes: outputs(plan.output_changes),
    configuration: {
      provider_config: Object.fromEntries(
        Object.entries((plan.configuration?.provider_config ?? {}) as Json)
          .filter(([, p]) => p.module_address === moduleAddress || (hoisted && p.module_address === undefined))
          .map(([k, { module_address: _m, ...p }]) => [providerKey(k), p]),
      ),
      root_module: { ...moduleConfig, resources: withKeys(moduleConfig.resources) ?? [], ...(moduleConfig.data ? { data: withKeys(moduleConfig.data) } : {}) },
    },
    relevant_attributes: ((plan.relevant_attributes ?? []) as Json[]).filter((a) => mine(a.resource)).map((a) => ({ ...a, resource: strip(a.resource) })),
  };
  if (plan.resource_drift) out.resource_drift = changes(plan.resource_drift);
  if (plan.prior_state) out.prior_state = { ...plan.prior_state, values: { outputs: outputs(plan.prior_state.values?.outputs), root_module: moduleValues(plan.prior_state.values?.root_module) } };
  if (plan.checks) out.checks = (plan.checks as Json[]).filter((c) => mine(c.address?.to_display)).map((c) => ({ ...c, address: { ...c.address, to_display: strip(c.address.to_display), module: undefined } }));
  if (!Object.keys(out.output_changes).length) delete out.output_changes;
  return out;
}
