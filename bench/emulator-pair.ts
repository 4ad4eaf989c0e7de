/**
 * Emulator instance → emulator instance, for bench/copy-vs-skopeo.ts. Each emulator runs in a
 * child process of its own (so it does not share the bench's event loop). The source is account
 * A's first instance with a registry in one emulator that lives for the whole pair; every fresh
 * target is account B's first instance in a new emulator, so it starts with no blobs at all.
 * Both sides log in with the instance password set through ResetLoginPassword, and push into a
 * namespace with AutoCreateRepo. Each emulator keeps its blobs in a temporary state directory.
 */

import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClients } from "../sdk/clients";
import type { Pair, Target } from "./copy-vs-skopeo";

const PASSWORD = "Bench-Copy-Pass-1";
const NAMESPACE = "bench";

interface Ready {
  endpoint: string;
  account: { name: string; accessKeyId: string; accessKeySecret: string };
  instance: { instanceId: string; regionId: string; registry: string };
}

/** Child mode: start an emulator, pick account `index`'s first instance with a registry, report it. */
async function serve(index: number): Promise<void> {
  // Loaded here, in the child only: the docker-registry pair never needs the emulator.
  const { startEmulator } = require("../emulator") as typeof import("../emulator");
  // Blobs on disk, as docker-registry keeps them in the other pair: an in-memory emulator would
  // also measure the page faults of holding the whole image in fresh memory.
  const stateDir = mkdtempSync(join(tmpdir(), "bench-emulator-"));
  const emulator = await startEmulator({ stateDir });
  const account = emulator.seed.accounts[index]!;
  const instance = account.instances.find((i) => i.registry);
  if (!instance) throw new Error(`account ${account.name} has no instance with a registry`);
  const ready: Ready = {
    endpoint: emulator.endpoint,
    account: { name: account.name, accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
    instance: { instanceId: instance.instanceId, regionId: instance.regionId, registry: instance.registry! },
  };
  process.send!(ready);
  const stop = () =>
    void emulator
      .stop()
      .then(() => rmSync(stateDir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  process.on("SIGTERM", stop);
  // The bench died without stopping us: do not linger as an orphan holding ports and memory.
  process.on("disconnect", stop);
}

interface Emulator {
  ready: Ready;
  close(): Promise<void>;
}

/** Starts an emulator child, sets the instance password, creates the namespace. */
async function startEmulatorChild(accountIndex: number): Promise<Emulator> {
  const hook = ["-r", "ts-node/register/transpile-only"];
  const execArgv = __filename.endsWith(".ts") && !process.execArgv.join(" ").includes("ts-node/register") ? [...process.execArgv, ...hook] : process.execArgv;
  const child: ChildProcess = fork(__filename, ["--serve-emulator", String(accountIndex)], { execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
  };
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the emulator did not start in 60 s")), 60_000);
      child.once("message", (message) => {
        clearTimeout(timer);
        resolve(message as Ready);
      });
      child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
    });
    const { account, instance } = ready;
    const clients = createClients({
      region: instance.regionId,
      endpoints: { cr: ready.endpoint, ram: ready.endpoint, sts: ready.endpoint },
      credentials: async () => ({ accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret, source: "emulator seed" }),
    });
    try {
      await clients.cr.resetLoginPassword({ InstanceId: instance.instanceId, Password: PASSWORD });
      await clients.cr.createNamespace({
        InstanceId: instance.instanceId,
        NamespaceName: NAMESPACE,
        AutoCreateRepo: true,
        DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false },
      });
    } finally {
      await clients.close();
    }
    return { ready, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function startEmulatorPair(): Promise<Pair> {
  const source = await startEmulatorChild(0);
  const login = (e: Emulator) => ({ username: e.ready.account.name, password: PASSWORD });
  return {
    name: "emulator instance → emulator instance (account A → account B, password login)",
    source: { registry: source.ready.instance.registry, credentials: login(source) },
    async freshTarget(): Promise<Target> {
      const target = await startEmulatorChild(1);
      return { registry: target.ready.instance.registry, credentials: login(target), repository: `${NAMESPACE}/copy`, close: target.close };
    },
    close: source.close,
  };
}

if (require.main === module && process.argv[2] === "--serve-emulator") {
  serve(Number(process.argv[3])).catch((error: unknown) => {
    process.stderr.write(`emulator child failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
