/**
 * The `__provider` Pulumi stores in state for each resource type: serialized exactly as
 * dynamic.Resource does (runtime.serializeFunction over the provider object, from the compiled
 * package in a user's program directory), at most 4 KB, free of secrets, and working when revived
 * the way the provider host revives it (require-from-string in a process whose cwd is the program).
 * Needs dist/ (`npm run build`).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { loadDefinitions } from "../../provider/definitions";

const repo = path.resolve(__dirname, "../..");
/** Every registered resource type, replication ones included. */
const TYPES = Object.keys(loadDefinitions()).sort();

let program: string;
let texts: Record<string, string>;
let emulator: RunningEmulator;

function userProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "acr-serialize-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repo, path.join(dir, "node_modules", "pulumi-acr-ee"), "dir");
  for (const dep of ["@pulumi", "typescript", "require-from-string"]) {
    fs.symlinkSync(path.join(repo, "node_modules", dep), path.join(dir, "node_modules", dep), "dir");
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "user-program" }));
  return dir;
}

function node(script: string): string {
  return execFileSync(process.execPath, ["-e", script], { cwd: program, encoding: "utf8", timeout: 60_000 });
}

/** Like node(), without blocking this process: the emulator answering the child lives here. */
function nodeAsync(script: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { cwd: program, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  expect(fs.existsSync(path.join(repo, "dist", "provider", "dispatch.js")), "dist/ is missing: run `npm run build` first").toBe(true);
  program = userProgram();
  emulator = await startEmulator({});
  // Serialize every type's provider object as dynamic.Resource does, inside the user's program.
  const out = node(`
    const pulumi = require("@pulumi/pulumi");
    const { makeProvider } = require("pulumi-acr-ee/dist/provider/adapter.js");
    (async () => {
      const texts = {};
      for (const type of ${JSON.stringify(TYPES)}) {
        const provider = makeProvider(type);
        texts[type] = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
      }
      process.stdout.write(JSON.stringify(texts));
    })();`);
  texts = JSON.parse(out) as Record<string, string>;
}, 120_000);
afterAll(async () => {
  await emulator?.stop();
  if (program) fs.rmSync(program, { recursive: true, force: true });
});

describe("the serialized dynamic provider", () => {
  it("covers every registered type", () => expect(TYPES).toEqual(expect.arrayContaining(["Namespace", "Repository", "InstanceCredential", "RamRole", "RamPolicy", "RamRolePolicyAttachment"])));

  it.each(TYPES)("%s is at most 4 KB, requires the package at call time and captures nothing else", (type) => {
    const text = texts[type]!;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(text).toContain(`require("pulumi-acr-ee/dist/provider/dispatch.js")`);
    expect(text).toContain(`name: "${type}"`);
    // No SDK, zod, client or credential travels in state.
    expect(text).not.toMatch(/zod|undici|LTAI|accessKey|secretKey|createClients/i);
  });

  it("revives like the provider host does and manages a namespace end to end with the stack config from configure()", async () => {
    const [a] = emulator.seed.accounts;
    const config = {
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": a!.accessKeyId,
      "alicloud:secretKey": a!.accessKeySecret,
      "alicloud:endpoints": JSON.stringify({ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint }),
    };
    const instanceId = a!.instances[0]!.instanceId;
    const script = `
      const rfs = require("require-from-string");
      const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const config = ${JSON.stringify(config)};
      (async () => {
        const provider = rfs(texts.Namespace).handler();
        await provider.configure({ config: { get: (k) => config[k], require: (k) => config[k] } });
        const inputs = { instanceId: ${JSON.stringify(instanceId)}, name: "revived", autoCreateRepo: true, __provider: texts.Namespace };
        const checked = await provider.check({}, inputs);
        const created = await provider.create(inputs);
        const read = await provider.read(created.id, { ...created.outs, __provider: texts.Namespace });
        await provider.delete(created.id, { ...created.outs, __provider: texts.Namespace });
        const gone = await provider.read(created.id, { ...created.outs, __provider: texts.Namespace });
        const bad = await rfs(texts.RamRole).handler().check({}, { name: "bad name", assumeRolePolicyDocument: "{}" });
        process.stdout.write(JSON.stringify({ checked, created, read, gone, bad }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const result = JSON.parse(await nodeAsync(script, JSON.stringify(texts)));
    expect(result.checked.failures).toEqual([]);
    expect(result.created.id).toBe(`${instanceId}:revived`);
    expect(result.created.outs.namespaceId).toMatch(/^crn-/);
    expect(result.read.id).toBe(result.created.id);
    expect(result.gone).toEqual({ id: "", props: {} });
    expect(result.bad.failures.map((f: { property: string }) => f.property)).toEqual(["name", "assumeRolePolicyDocument"]);
  });
});
