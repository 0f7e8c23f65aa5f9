/** The committed AWS managed policy documents: current, in step with the catalog's name list, loaded lazily. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { awsManagedPolicyDocument, managedPolicyDocumentsSource } from "../../modules/analysis";
import { awsManagedPolicy, awsManagedPolicyNames, awsManagedPoliciesSource } from "../../modules/catalog";

const root = path.join(__dirname, "..", "..");

test("documents by name and ARN (any partition), with their version", () => {
  const core = awsManagedPolicyDocument("AmazonSSMManagedInstanceCore");
  expect(core).toMatchObject({ name: "AmazonSSMManagedInstanceCore", arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
  expect(core?.version).toMatch(/^v\d+$/);
  expect(JSON.stringify(core?.document)).toContain("ssm:UpdateInstanceInformation");
  expect(awsManagedPolicyDocument("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")?.name).toBe("AWSLambdaBasicExecutionRole");
  expect(awsManagedPolicyDocument("arn:aws-cn:iam::aws:policy/ReadOnlyAccess")?.name).toBe("ReadOnlyAccess");
  expect(awsManagedPolicyDocument("arn:aws:iam::aws:policy/WrongPath/ReadOnlyAccess")).toBeUndefined();
  expect(awsManagedPolicyDocument("readonlyaccess")).toBeUndefined();
  expect(awsManagedPolicyDocument("AWSLambdaFullAccess")).toBeUndefined(); // deprecated, not attachable
});

test("every policy of the catalog's name list has its document, at the same path, from the same package version", () => {
  expect(managedPolicyDocumentsSource()).toBe(awsManagedPoliciesSource);
  const missing: string[] = [];
  for (const name of awsManagedPolicyNames()) {
    const d = awsManagedPolicyDocument(name);
    if (!d || d.arn !== `arn:aws:iam::aws:policy${awsManagedPolicy(name)!.path}${name}`) missing.push(name);
  }
  expect(missing).toEqual([]);
});

test("the committed documents are current (scripts/gen-managed-policy-documents.ts --check)", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "gen-managed-policy-documents.ts"), "--check"], { cwd: root, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});

test("loading reads one shard, not every document", () => {
  const script = `
    const fs = require("fs");
    const read = fs.readFileSync;
    const files = [];
    fs.readFileSync = (f, ...a) => { files.push(String(f)); return read(f, ...a); };
    const { awsManagedPolicyDocument } = require(${JSON.stringify(path.join(root, "modules", "analysis", "managed-documents.ts"))});
    awsManagedPolicyDocument("ReadOnlyAccess");
    console.log(JSON.stringify(files.filter((f) => f.includes("managed-policy-documents"))));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8" });
  expect(r.stderr).toBe("");
  const files = JSON.parse(r.stdout) as string[];
  expect(files).toHaveLength(1);
  expect(fs.statSync(files[0]).size).toBeLessThan(400_000);
});
