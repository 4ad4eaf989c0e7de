/**
 * The resources under the real Pulumi engine (CLI v3.248.0 from scripts/ensure-pulumi.sh, its
 * Node language host and the pulumi-resource-pulumi-nodejs plugin), with the stack's alicloud:*
 * config reaching the provider through configure(), against an in-process emulator:
 * preview with unknowns → up → secrets in state → out-of-band change → refresh shows drift →
 * up restores it → no spurious diff → destroy leaves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { v3Driver } from "../emulator/cr/official-drivers";
import { openEngineProgram, type EngineProgram } from "./engine-harness";

const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

let emulator: RunningEmulator;
let program: EngineProgram | undefined;
const pulumi: EngineProgram["pulumi"] = (args, options) => program!.pulumi(args, options);

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const acr = require("pulumi-acr-ee");
const config = new pulumi.Config();
const instanceId = config.require("instanceId");
const ns = new acr.Namespace("ns", { instanceId, name: "engine-ns", autoCreateRepo: true, defaultRepoType: "PRIVATE" });
const repo = new acr.Repository("repo", { instanceId, namespace: ns.name, name: "engine-repo", summary: "made by the engine test", repoType: "PRIVATE" });
const cred = new acr.InstanceCredential("cred", { instanceId, rotation: "one" });
const role = new acr.RamRole("role", {
  name: "EngineRole",
  assumeRolePolicyDocument: { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs.aliyuncs.com" } }] },
  maxSessionDuration: 7200,
});
exports.namespaceId = ns.namespaceId;
exports.repoId = repo.repoId;
exports.loginPassword = cred.loginPassword;
exports.roleArn = role.arn;
const login = acr.getAuthorizationToken({ instanceId });
exports.registryUser = login.username;
exports.dockerConfigJson = login.dockerConfigJson;
`;

beforeAll(async () => {
  emulator = await startEmulator({});
  program = await openEngineProgram("engine", PROGRAM);
  const [a] = emulator.seed.accounts;
  const endpoints = JSON.stringify([{ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint }]);
  await program.setConfig([
    ["instanceId", a!.instances[0]!.instanceId],
    ["alicloud:region", "cn-hangzhou"],
    ["alicloud:accessKey", a!.accessKeyId],
    ["alicloud:secretKey", a!.accessKeySecret, true],
    ["alicloud:endpoints", endpoints],
  ]);
}, 120_000);

afterAll(async () => {
  await program?.dispose();
  await emulator?.stop();
}, 120_000);

describe("under the real Pulumi engine", () => {
  it("previews, creates, keeps secrets encrypted, shows drift after refresh, restores it, and destroys everything", async () => {
    const [a] = emulator.seed.accounts;
    const instanceId = a!.instances[0]!.instanceId;
    const cr = v3Driver(emulator.port);
    const asA = async (action: string, params: Record<string, string | boolean>) => {
      const outcome = await cr.call(action, { RegionId: "cn-hangzhou", ...params }, { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret });
      if (!outcome.ok) throw new Error(`${action}: ${outcome.code}`);
      return outcome.body;
    };

    // Preview runs check() with the repository's namespace still unknown.
    const preview = JSON.parse((await pulumi(["preview", "--json"])).stdout);
    expect(preview.changeSummary).toMatchObject({ create: 5 });

    await pulumi(["up", "--yes", "--skip-preview"]);
    const outputs = JSON.parse((await pulumi(["stack", "output", "--json", "--show-secrets"])).stdout);
    expect(outputs.namespaceId).toMatch(/^crn-/);
    expect(outputs.repoId).toMatch(/^crr-/);
    expect(outputs.roleArn).toBe(`acs:ram::${a!.uid}:role/EngineRole`);
    // getAuthorizationToken ran in the program with the stack's alicloud:* config.
    const dockerConfig = JSON.parse(outputs.dockerConfigJson);
    const [registry] = Object.keys(dockerConfig.auths);
    expect(dockerConfig.auths[registry!].username).toBe(outputs.registryUser);
    expect(await asA("GetNamespace", { InstanceId: instanceId, NamespaceName: "engine-ns" })).toMatchObject({ AutoCreateRepo: true });

    // State: the password is ciphertext, no credential or password in plain text anywhere, providers tiny.
    const exported = (await pulumi(["stack", "export"])).stdout;
    expect(exported).not.toContain(outputs.loginPassword);
    expect(exported).not.toContain(a!.accessKeySecret);
    expect(exported).not.toContain(dockerConfig.auths[registry!].password);
    const resources = JSON.parse(exported).deployment.resources as Array<{ type: string; outputs?: Record<string, unknown> }>;
    const cred = resources.find((r) => r.type === "pulumi-nodejs:dynamic/acr:InstanceCredential")!;
    expect(cred.outputs!.loginPassword).toMatchObject({ [SECRET_SIGNATURE]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) });
    for (const r of resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/acr:"))) {
      expect(Buffer.byteLength(String(r.outputs!.__provider))).toBeLessThanOrEqual(4096);
    }

    // Out-of-band change, then refresh: the next preview wants to put it back.
    await asA("UpdateNamespace", { InstanceId: instanceId, NamespaceName: "engine-ns", AutoCreateRepo: false });
    await pulumi(["refresh", "--yes", "--skip-preview"]);
    const drift = JSON.parse((await pulumi(["preview", "--json"])).stdout);
    expect(drift.changeSummary).toMatchObject({ update: 1 });
    await pulumi(["up", "--yes", "--skip-preview"]);
    expect(await asA("GetNamespace", { InstanceId: instanceId, NamespaceName: "engine-ns" })).toMatchObject({ AutoCreateRepo: true });
    // No spurious diff afterwards (JSON-equivalent trust policy, unset optionals, write-only password).
    await pulumi(["preview", "--expect-no-changes"]);

    await pulumi(["destroy", "--yes", "--skip-preview"]);
    const namespaces = (await asA("ListNamespace", { InstanceId: instanceId })).Namespaces as Array<{ NamespaceName: string }>;
    expect(namespaces.map((n) => n.NamespaceName)).not.toContain("engine-ns");
  }, 600_000);
});
