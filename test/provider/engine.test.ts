/**
 * The resources under the real Pulumi engine (CLI v3.248.0 from scripts/ensure-pulumi.sh, its
 * Node language host and the pulumi-resource-pulumi-nodejs plugin), with the stack's alicloud:*
 * config reaching the provider through configure(), against an in-process emulator:
 * preview with unknowns → up → secrets in state → out-of-band change → refresh shows drift →
 * up restores it → no spurious diff → destroy leaves nothing.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { v3Driver } from "../emulator/cr/official-drivers";

const repo = path.resolve(__dirname, "../..");
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

function pulumiBin(): string {
  const local = path.join(repo, ".tools", "pulumi", "bin");
  if (fs.existsSync(path.join(local, "pulumi"))) return local;
  throw new Error("the Pulumi CLI is missing: run scripts/ensure-pulumi.sh first");
}

let emulator: RunningEmulator;
let work: string;
let env: NodeJS.ProcessEnv;

/** Run the CLI without blocking this process (the emulator it talks to lives here). */
function pulumi(args: string[], options: { allowFailure?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(pulumiBin(), "pulumi"), [...args, "--non-interactive"], { cwd: path.join(work, "program"), env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 && !options.allowFailure) reject(new Error(`pulumi ${args.join(" ")} exited ${code}\n${stdout}\n${stderr}`));
      else resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

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
  work = fs.mkdtempSync(path.join(os.tmpdir(), "acr-engine-"));
  const program = path.join(work, "program");
  fs.mkdirSync(path.join(program, "node_modules"), { recursive: true });
  fs.mkdirSync(path.join(work, "state"));
  fs.symlinkSync(repo, path.join(program, "node_modules", "pulumi-acr-ee"), "dir");
  fs.symlinkSync(path.join(repo, "node_modules", "@pulumi"), path.join(program, "node_modules", "@pulumi"), "dir");
  fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "engine-program", main: "index.js" }));
  fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: engine-program\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
  fs.writeFileSync(path.join(program, "index.js"), PROGRAM);
  env = {
    ...process.env,
    PATH: `${pulumiBin()}:${process.env.PATH}`,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "engine-test",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
  };
  const [a] = emulator.seed.accounts;
  const endpoints = JSON.stringify([{ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint }]);
  await pulumi(["stack", "init", "dev"]);
  await pulumi(["config", "set", "instanceId", a!.instances[0]!.instanceId]);
  await pulumi(["config", "set", "alicloud:region", "cn-hangzhou"]);
  await pulumi(["config", "set", "alicloud:accessKey", a!.accessKeyId]);
  await pulumi(["config", "set", "--secret", "alicloud:secretKey", a!.accessKeySecret]);
  await pulumi(["config", "set", "alicloud:endpoints", endpoints]);
}, 120_000);

afterAll(async () => {
  if (work) {
    await pulumi(["destroy", "--yes", "--skip-preview"], { allowFailure: true }).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
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
