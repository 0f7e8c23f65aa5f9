/**
 * A local stand-in for the AWS endpoints the AWS provider calls for this library's credential resources: SSM
 * parameters, IAM users and access keys, KMS keys and aliases, STS GetCallerIdentity. FOR TESTS ONLY.
 *
 * Run as its own process (`node --import tsx server.ts`): Terraform is run synchronously by the tests, so the
 * endpoint cannot live in the test's event loop. It prints `listening <port>` on stdout. Point the provider at
 * `http://127.0.0.1:<port>` with `AWS_ENDPOINT_URL_<SERVICE>` variables (`standInEndpointEnv` in ./client.ts).
 *
 * Control API (not AWS): `GET /_log` (every AWS request, in order, with its answer code), `GET /_state`,
 * `POST /_reset-log`, `POST /_mfa?user=<name>` (registers an MFA device outside Terraform),
 * `POST /_delete-access-key?id=<access key id>` (deletes a key outside Terraform, as after a leak).
 *
 * What it does NOT model (documented in docs/service-user.md, "Testing against a local endpoint"): request
 * signatures and credentials (any are accepted), authorization (every call is allowed: IAM policies, key
 * policies and SCPs are never evaluated), encryption (SecureString values are kept in clear; a key only has
 * to exist and be enabled), eventual consistency and throttling, pagination (every list fits one page),
 * parameter policies, history and labels; for roles, instance profiles, managed policies and groups see
 * ./iam-roles.ts.
 */
import * as http from "node:http";
import { Iam } from "./iam";
import { Kms } from "./kms";
import { ACCOUNT, AwsError, queryError, queryResponse } from "./protocol";
import type { StandInRequest } from "./protocol";
import { Ssm } from "./ssm";

const region = process.env.STANDIN_REGION ?? "eu-west-1";
const kms = new Kms(region);
const ssm = new Ssm(region, kms);
const iam = new Iam();
const log: Array<StandInRequest & { status: number; error?: string }> = [];

function parse(req: http.IncomingMessage, body: string): StandInRequest {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") {
    const [prefix, action] = target.split(".");
    const service = prefix === "AmazonSSM" ? "ssm" : prefix === "TrentService" ? "kms" : undefined;
    if (!service || !action) throw new AwsError("UnknownOperationException", `Unknown target ${target}`);
    return { service, action, params: body ? JSON.parse(body) : {} };
  }
  const params = Object.fromEntries(new URLSearchParams(body));
  const action = params.Action ?? "";
  const service = /^(GetCallerIdentity|AssumeRole)/.test(action) ? "sts" : "iam";
  return { service, action, params };
}

function dispatch(r: StandInRequest): unknown {
  switch (r.service) {
    case "ssm":
      return ssm.handle(r.action, r.params);
    case "kms":
      return kms.handle(r.action, r.params);
    case "iam":
      return iam.handle(r.action, r.params);
    case "sts":
      if (r.action !== "GetCallerIdentity") throw new AwsError("NotModelledByStandIn", `The stand-in does not model STS ${r.action}.`);
      return { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/terraform`, UserId: "AIDASTANDIN" };
  }
}

function state(): unknown {
  return {
    parameters: Object.fromEntries(ssm.parameters),
    users: [...iam.users.keys()],
    accessKeys: [...iam.keys.values()],
    loginProfiles: [...iam.loginProfiles.keys()],
    userAttachments: Object.fromEntries([...iam.attachedUserPolicies].map(([u, arns]) => [u, [...arns].sort()])),
    userPolicies: Object.fromEntries([...iam.userPolicies].map(([u, m]) => [u, [...m.keys()].sort()])),
    keys: [...kms.keys.values()],
    aliases: Object.fromEntries(kms.aliases),
    ...iam.roles.state(),
  };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/_")) {
      let answer: unknown = {};
      if (url.pathname === "/_log") answer = log;
      else if (url.pathname === "/_state") answer = state();
      else if (url.pathname === "/_reset-log") log.length = 0;
      else if (url.pathname === "/_mfa") answer = { serial: iam.addMfaDevice(url.searchParams.get("user") ?? "") };
      else if (url.pathname === "/_delete-access-key") answer = iam.handle("DeleteAccessKey", { AccessKeyId: url.searchParams.get("id") ?? "" });
      res.writeHead(200, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify(answer));
      return;
    }
    let request: StandInRequest | undefined;
    const json = typeof req.headers["x-amz-target"] === "string";
    try {
      request = parse(req, body);
      const result = dispatch(request);
      log.push({ ...request, status: 200 });
      if (json) {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(result));
      } else {
        const ns = request.service === "sts" ? "https://sts.amazonaws.com/doc/2011-06-15/" : "https://iam.amazonaws.com/doc/2010-05-08/";
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(queryResponse(request.action, result, ns));
      }
    } catch (e) {
      const err = e instanceof AwsError ? e : new AwsError("InternalFailure", String((e as Error)?.stack ?? e), 500);
      log.push({ ...(request ?? { service: "iam", action: "?", params: {} }), status: err.status, error: `${err.code}: ${err.message}` });
      if (json) {
        res.writeHead(err.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": err.code });
        res.end(JSON.stringify({ __type: err.code, message: err.message }));
      } else {
        res.writeHead(err.status, { "content-type": "text/xml" });
        res.end(queryError(err));
      }
    }
  });
});

// Clients (the test's fetch) keep idle connections for minutes while Terraform runs: never close them first.
server.keepAliveTimeout = 0;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
// Gone with the test process that started it, even when that one is killed without stopping it first.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
