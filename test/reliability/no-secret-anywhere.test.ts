/**
 * R4: known secrets never appear in plaintext (nor base64- or URL-encoded) anywhere a user or CI
 * can read them: every CLI output of `up`, `refresh`, a failing `up` and `destroy` run with
 * `--verbose=9 --logtostderr --debug` (the provider's log lines and error messages included), the
 * stack export, and the emulator's state directory. The one exception is not ours: from -v=7 the
 * Pulumi engine itself prints property values, secrets included (ENGINE_RPC_DUMP); at -v=6 nothing
 * leaks at all.
 *
 * The secrets: both accounts' AccessKey secrets, an STS session (key secret and token), the
 * instance's registry password, a temporary registry token issued during `up`, and an ImageSync
 * source password (the right one and, for the failing `up`, a wrong one). The emulator's state must
 * keep account and STS secrets as they are (HMAC signatures are verified with the secret itself, as
 * the real service does), so only the others are looked for there; passwords and tokens must be
 * stored hashed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { RegistryClient } from "../../sdk/oci";
import { ramCall } from "../emulator/cr/official-drivers";
import { pushImage } from "../emulator/replication/support";
import * as $Sts from "@alicloud/sts20150401";
import { stsClient } from "../emulator/core/harness";
import { openEngineProgram, type EngineProgram } from "../provider/engine-harness";
import { startRegistry, type TestRegistry } from "../support/registry";

const INSTANCE = "cri-emuaadvanced0001";
const B_INSTANCE = "cri-emubshanghai0001";
const SYNC_LOGIN = { username: "syncer", password: "Sync-Source-Pass-4711" };
const WRONG_SYNC_PASSWORD = "Wrong-Sync-Pass-0815";
const INSTANCE_PASSWORD = "Registry-Login-Pass-42";
const VERBOSE = ["--verbose=9", "--logtostderr", "--debug"];

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const acr = require("pulumi-acr-ee");
const cfg = new pulumi.Config();
const endpoints = JSON.parse(cfg.require("endpoints"));
const a = { region: "cn-hangzhou", accessKey: cfg.require("aKey"), secretKey: cfg.requireSecret("aSecret"), endpoints };
const b = { region: "cn-shanghai", accessKey: cfg.require("bKey"), secretKey: cfg.requireSecret("bSecret"), endpoints };
const sts = { region: "cn-hangzhou", accessKey: cfg.require("stsKey"), secretKey: cfg.requireSecret("stsSecret"), securityToken: cfg.requireSecret("stsToken"), endpoints };
new acr.Namespace("through-sts", { instanceId: "${INSTANCE}", name: "via-sts", autoCreateRepo: true, connection: sts });
new acr.Namespace("in-b", { instanceId: "${B_INSTANCE}", name: "secrets-b", autoCreateRepo: true, connection: b });
new acr.InstanceCredential("login", { instanceId: "${INSTANCE}", password: cfg.requireSecret("instancePassword"), connection: a });
const token = acr.getAuthorizationToken({ instanceId: "${INSTANCE}", connection: a });
exports.tokenPassword = token.password;
const mirror = new acr.Namespace("mirror", { instanceId: "${INSTANCE}", name: "mirror", autoCreateRepo: true, connection: a });
new acr.ImageSync("mirror", {
  source: cfg.require("syncSource"), target: cfg.require("syncTarget"), tags: "/^v/",
  sourceCredentials: { username: "${SYNC_LOGIN.username}", password: cfg.requireSecret("syncPassword") },
  sourceInsecure: true, targetInsecure: true, targetInstanceId: "${INSTANCE}", connection: a,
}, { dependsOn: [mirror] });
`;

let emulator: RunningEmulator;
let source: TestRegistry;
let program: EngineProgram | undefined;
let stateDir: string;
const outputs: Array<{ what: string; text: string }> = [];
const secrets: Record<string, string> = {};

async function run(what: string, args: string[], allowFailure = false) {
  const result = await program!.pulumi([...args, ...VERBOSE], { allowFailure });
  outputs.push({ what: `${what} stdout`, text: result.stdout }, { what: `${what} stderr`, text: result.stderr });
  return result;
}

/** Every form a secret could leak in: as is, base64, URL-encoded, JSON-escaped, and inside a Basic header. */
function forms(value: string): string[] {
  const all = [value, Buffer.from(value).toString("base64"), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
  for (const user of [SYNC_LOGIN.username, "temp_user_cr", "cr_temp_user"]) all.push(Buffer.from(`${user}:${value}`).toString("base64"));
  return [...new Set(all)];
}

/**
 * Pulumi's own engine prints property values with Go's `%v`, secrets included: every resource's
 * inputs at -v=7 (pkg/resource/deploy/step_generator.go in 3.248.0, "Planner decided … (inputs=map[…])")
 * and every RPC property at -v=9 (sdk/go/common/resource/plugin/rpc.go, "Marshaling property for
 * RPC[…]"). No provider can stop that; such lines (a Go `map[` rendering or an RPC property dump) are
 * counted apart. Our messages never contain either.
 */
const ENGINE_RPC_DUMP = /map\[|[Mm]arshaling property for RPC\[/;

interface Leak {
  where: string;
  engineRpcDump: boolean;
}

/** Every occurrence of every form of the named secrets, with the line's origin and masked context. */
function leaks(texts: Array<{ what: string; text: string }>, names: string[]): Leak[] {
  const found: Leak[] = [];
  for (const name of names) {
    for (const form of forms(secrets[name]!)) {
      for (const { what, text } of texts) {
        for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
          const line = text.slice(text.lastIndexOf("\n", at) + 1, at);
          // The report shows where, with the secret itself masked.
          found.push({ where: `${name} in ${what}: …${line.slice(-160).replace(/\s+/g, " ")}[SECRET]`, engineRpcDump: ENGINE_RPC_DUMP.test(line) });
        }
      }
    }
  }
  return found;
}

function filesUnder(dir: string): Array<{ what: string; text: string }> {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { what: path.relative(dir, file), text: fs.readFileSync(file).toString("latin1") };
    });
}

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "acr-r4-state-"));
  [emulator, source] = await Promise.all([startEmulator({ stateDir }), startRegistry({ basicAuth: SYNC_LOGIN })]);
  const [a, b] = emulator.seed.accounts;
  const keysA = { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret };
  const sourceClient = new RegistryClient({ registry: source.url, credentials: SYNC_LOGIN });
  await pushImage(sourceClient, "library/app", "v1", [2048]);
  await sourceClient.close();

  // An STS session of A's own role, allowed to manage CR.
  const trust = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${a!.uid}:root`] } }] };
  await ramCall(emulator.endpoint, keysA, "CreateRole", { RoleName: "r4-operator", AssumeRolePolicyDocument: JSON.stringify(trust) });
  await ramCall(emulator.endpoint, keysA, "CreatePolicy", { PolicyName: "r4-cr", PolicyDocument: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "cr:*", Resource: "*" }] }) });
  await ramCall(emulator.endpoint, keysA, "AttachPolicyToRole", { PolicyType: "Custom", PolicyName: "r4-cr", RoleName: "r4-operator" });
  // Root accounts may not assume roles: A's RAM user does, with the system policy that allows it.
  await ramCall(emulator.endpoint, keysA, "AttachPolicyToUser", { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: a!.users[0]!.name });
  const keysDev = { accessKeyId: a!.users[0]!.accessKeyId, accessKeySecret: a!.users[0]!.accessKeySecret };
  const session = await stsClient(emulator, keysDev).assumeRole(new $Sts.AssumeRoleRequest({ roleArn: `acs:ram::${a!.uid}:role/r4-operator`, roleSessionName: "r4", durationSeconds: 3600 }));
  const credentials = session.body!.credentials!;

  Object.assign(secrets, {
    "A's AccessKey secret": a!.accessKeySecret,
    "B's AccessKey secret": b!.accessKeySecret,
    "A's RAM user's AccessKey secret": a!.users[0]!.accessKeySecret,
    "the STS AccessKey secret": credentials.accessKeySecret!,
    "the STS token": credentials.securityToken!,
    "the instance password": INSTANCE_PASSWORD,
    "the ImageSync source password": SYNC_LOGIN.password,
    "the wrong ImageSync source password": WRONG_SYNC_PASSWORD,
  });

  program = await openEngineProgram("no-secret", PROGRAM);
  await program.setConfig([
    ["endpoints", JSON.stringify({ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint })],
    ["aKey", a!.accessKeyId],
    ["aSecret", a!.accessKeySecret, true],
    ["bKey", b!.accessKeyId],
    ["bSecret", b!.accessKeySecret, true],
    ["stsKey", credentials.accessKeyId!],
    ["stsSecret", credentials.accessKeySecret!, true],
    ["stsToken", credentials.securityToken!, true],
    ["instancePassword", INSTANCE_PASSWORD, true],
    ["syncSource", `${source.host}/library/app`],
    ["syncTarget", `${emulator.dataPlane.hostFor(INSTANCE)!}/mirror/app`],
    ["syncPassword", SYNC_LOGIN.password, true],
  ]);
}, 300_000);

afterAll(async () => {
  await program?.dispose();
  await Promise.all([emulator?.stop(), source?.close()]);
  fs.rmSync(stateDir, { recursive: true, force: true });
}, 300_000);

describe("no secret anywhere", () => {
  it("up, refresh, a failing up and destroy at --verbose=9 --debug print no secret, and the stack export holds none", async () => {
    await run("up", ["up", "--yes", "--skip-preview"]);
    secrets["the temporary registry token"] = JSON.parse((await program!.pulumi(["stack", "output", "--json", "--show-secrets"])).stdout).tokenPassword;
    expect(secrets["the temporary registry token"]).toMatch(/\S{16,}/);
    await run("refresh", ["refresh", "--yes", "--skip-preview"]);

    await program!.setConfig([["syncPassword", WRONG_SYNC_PASSWORD, true]]);
    const failing = await run("failing up", ["up", "--yes", "--skip-preview"], true);
    expect(failing.code).not.toBe(0);
    expect(failing.stdout + failing.stderr).toMatch(/mirror/);
    const exported = (await program!.pulumi(["stack", "export"])).stdout;
    outputs.push({ what: "stack export", text: exported });

    await program!.setConfig([["syncPassword", SYNC_LOGIN.password, true]]);
    await run("up again", ["up", "--yes", "--skip-preview"]);

    expect(outputs.reduce((n, o) => n + o.text.length, 0)).toBeGreaterThan(100_000); // the verbose logs really were captured
    const found = leaks(outputs, Object.keys(secrets));
    // Ours: the provider's log lines, its error messages, the CLI's own output and the stack export.
    expect(found.filter((l) => !l.engineRpcDump).map((l) => l.where)).toEqual([]);
    // The engine's own dumps do show them (see ENGINE_RPC_DUMP; the README warns): proof that the scan sees what reaches the logs.
    expect(found.filter((l) => l.engineRpcDump).length).toBeGreaterThan(0);
  }, 900_000);

  it("at --verbose=6 nothing shows a secret at all, the engine's log lines included", async () => {
    const result = await program!.pulumi(["preview", "--verbose=6", "--logtostderr", "--debug", "--refresh"]);
    const texts = [{ what: "preview -v=6 stdout", text: result.stdout }, { what: "preview -v=6 stderr", text: result.stderr }];
    expect(result.stderr.length).toBeGreaterThan(10_000);
    expect(leaks(texts, Object.keys(secrets)).map((l) => l.where)).toEqual([]);
  }, 900_000);

  it("destroy at --verbose=9 prints no secret outside the engine's RPC dump", async () => {
    await run("destroy", ["destroy", "--yes", "--skip-preview"]);
    expect(leaks(outputs.slice(-2), Object.keys(secrets)).filter((l) => !l.engineRpcDump).map((l) => l.where)).toEqual([]);
  }, 600_000);

  it("the emulator's state directory keeps passwords and tokens only hashed", () => {
    const files = filesUnder(stateDir);
    expect(files.length).toBeGreaterThan(0);
    expect(leaks(files, ["the instance password", "the ImageSync source password", "the temporary registry token"])).toEqual([]);
  });
});
