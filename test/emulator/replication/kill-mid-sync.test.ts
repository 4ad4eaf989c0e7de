/**
 * The emulator killed with SIGKILL while a sync task is copying (no graceful shutdown, no last
 * save), then started again on the same state directory: the task ends, SUCCESS or ERROR with a
 * reason, and at no point does the target tag point at an image whose blobs are not all there.
 * The emulator runs as its own process (emulator/main.ts) so it can really be killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { v3Driver } from "../cr/official-drivers";
import { pushImage } from "./support";

const repo = path.resolve(__dirname, "../../..");
const SOURCE = "cri-emuaadvanced0001";
const TARGET = "cri-emuabasic0000001";

interface Ready {
  endpoint: string;
  accounts: Array<{ accessKeyId: string; accessKeySecret: string; instances: Array<{ instanceId: string; registry: string | null }> }>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts emulator/main.ts on `stateDir` and waits for its ready line. */
function startEmulatorProcess(stateDir: string, faults?: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const args = ["-r", "ts-node/register/transpile-only", "emulator/main.ts", "--state", stateDir, ...(faults ? ["--faults", faults] : [])];
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ child, ready: JSON.parse(line) as Ready }));
    child.once("exit", (code) => reject(new Error(`the emulator exited ${code} before it was ready: ${stderr}`)));
  });
}

function api(ready: Ready) {
  const port = Number(new URL(ready.endpoint).port);
  const [a] = ready.accounts;
  const keys = { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret };
  return async (action: string, params: Record<string, string | boolean | number>) => {
    const outcome = await v3Driver(port).call(action, { RegionId: "cn-hangzhou", ...params }, keys);
    if (!outcome.ok) throw new Error(`${action}: ${outcome.code}`);
    return outcome.body;
  };
}

async function registryOf(ready: Ready, instanceId: string): Promise<RegistryClient> {
  const token = await api(ready)("GetAuthorizationToken", { InstanceId: instanceId });
  const host = ready.accounts[0]!.instances.find((i) => i.instanceId === instanceId)!.registry!;
  return new RegistryClient({ registry: `http://${host}`, credentials: { username: token.TempUsername as string, password: token.AuthorizationToken as string } });
}

/** undefined when the tag is absent; else whether every blob it names is there with the right digest. */
async function targetTagComplete(ready: Ready): Promise<boolean | undefined> {
  const target = await registryOf(ready, TARGET);
  try {
    const head = await target.headManifest("team/app", "v1");
    if (!head) return undefined;
    const manifest = JSON.parse((await target.getManifest("team/app", "v1")).bytes.toString()) as { config: { digest: string }; layers: Array<{ digest: string }> };
    for (const digest of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
      const blob = await target.getBlob("team/app", digest).catch(() => undefined);
      if (!blob) return false;
      const hash = createHash("sha256");
      for await (const chunk of blob.body) hash.update(chunk as Buffer);
      if (`sha256:${hash.digest("hex")}` !== digest) return false;
    }
    return true;
  } finally {
    await target.close();
  }
}

describe("the emulator killed mid sync task", () => {
  it("after a restart the task ends with SUCCESS or ERROR and a reason, and the target tag never points at an incomplete image", { timeout: 120_000 }, async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), "emu-kill-"));
    dirs.push(stateDir);
    // Slow source blob reads, so the kill lands while the copy is running.
    const faults = path.join(stateDir, "..", `${path.basename(stateDir)}-faults.json`);
    writeFileSync(faults, JSON.stringify({ registry: [{ kind: "latency", instanceId: SOURCE, method: "GET", path: "/blobs/", latencyMs: 1500 }] }));
    dirs.push(faults);

    const first = await startEmulatorProcess(stateDir, faults);
    const call = api(first.ready);
    await call("CreateNamespace", { InstanceId: SOURCE, NamespaceName: "team", AutoCreateRepo: true });
    await call("CreateNamespace", { InstanceId: TARGET, NamespaceName: "team", AutoCreateRepo: true });
    const source = await registryOf(first.ready, SOURCE);
    const image = await pushImage(source, "team/app", "v1", [300_000, 200_000, 100_000]);
    await source.close();
    const repoId = ((await call("GetRepository", { InstanceId: SOURCE, RepoNamespaceName: "team", RepoName: "app" })) as { RepoId: string }).RepoId;
    const { SyncTaskId } = (await call("CreateRepoSyncTask", {
      InstanceId: SOURCE, RepoId: repoId, Tag: "v1", TargetRegionId: "cn-hangzhou", TargetInstanceId: TARGET,
      TargetNamespace: "team", TargetRepoName: "app", TargetTag: "v1",
    })) as { SyncTaskId: string };
    for (let i = 0; i < 200; i++) {
      if (((await call("GetRepoSyncTask", { InstanceId: SOURCE, SyncTaskId })) as { TaskStatus: string }).TaskStatus === "SYNCHRONIZING") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    // The kill lands mid-copy: the task is running and the target has no tag yet.
    expect(((await call("GetRepoSyncTask", { InstanceId: SOURCE, SyncTaskId })) as { TaskStatus: string }).TaskStatus).toBe("SYNCHRONIZING");
    expect(await targetTagComplete(first.ready)).toBeUndefined();
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));

    const second = await startEmulatorProcess(stateDir);
    const again = api(second.ready);
    let task: { TaskStatus: string; TaskIssue?: string } = { TaskStatus: "" };
    for (let i = 0; i < 300; i++) {
      // Until the task ends, the tag is absent or complete; never half an image.
      expect(await targetTagComplete(second.ready)).not.toBe(false);
      task = (await again("GetRepoSyncTask", { InstanceId: SOURCE, SyncTaskId })) as typeof task;
      if (["SUCCESS", "ERROR", "CANCELED"].includes(task.TaskStatus)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`after the restart: ${task.TaskStatus}${task.TaskIssue ? ` (${task.TaskIssue})` : ""}`);
    expect(["SUCCESS", "ERROR"]).toContain(task.TaskStatus);
    if (task.TaskStatus === "ERROR") {
      expect(task.TaskIssue).toBeTruthy();
      expect(await targetTagComplete(second.ready)).not.toBe(false);
    } else {
      expect(await targetTagComplete(second.ready)).toBe(true);
      const target = await registryOf(second.ready, TARGET);
      expect((await target.headManifest("team/app", "v1"))?.digest).toBe(image.digest);
      await target.close();
    }
    second.child.kill("SIGTERM");
  });
});
