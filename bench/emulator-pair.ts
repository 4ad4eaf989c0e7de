/**
 * Emulator instance → emulator instance, for bench/copy-vs-skopeo.ts. Each emulator runs in a
 * child process of its own (so it does not share the bench's event loop). The source is account
 * A's first instance with a registry in one emulator that lives for the whole pair; every fresh
 * target is account B's first instance in a new emulator, so it starts with no blobs at all.
 * Both sides log in with the instance password set through ResetLoginPassword, and push into a
 * namespace with AutoCreateRepo. Each emulator keeps its blobs in a temporary state directory.
 */

import { fork, type ChildProcess } from "node:child_process";
import { Server as HttpServer, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
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

export interface EmulatorChildOptions {
  /** Data-plane faults, e.g. `{ registry: [{ kind: "latency", latencyMs: 30 }] }` for a remote region. */
  faults?: import("../emulator").FaultConfig;
}

/** What reached the instance's registry since the emulator started, as measured inside its process. */
export interface RegistryTraffic {
  /** By `METHOD kind`, e.g. `PUT upload`, `HEAD manifest`. */
  requests: Record<string, number>;
  /** Bytes the registry's sockets received (request headers and bodies) and sent. */
  bytesIn: number;
  bytesOut: number;
  /** CPU the whole emulator process used. */
  cpuS: number;
}

function classify(path: string): string {
  if (path.includes("/manifests/")) return "manifest";
  if (path.includes("/blobs/uploads/")) return "upload";
  if (path.includes("/blobs/")) return "blob";
  if (path.includes("/tags/list")) return "tags";
  if (path.startsWith("/service/token")) return "token";
  return path.split("?")[0]!;
}

/**
 * Counts requests and socket bytes per local port of every HTTP server in this (child) process.
 * Listening on events the servers emit anyway changes nothing they do; the bench reads the
 * registry port's figures over IPC.
 */
function countServerTraffic(): (port: number) => Omit<RegistryTraffic, "cpuS"> {
  const perPort = new Map<number, { requests: Record<string, number>; closedIn: number; closedOut: number; open: Set<Socket> }>();
  const entry = (port: number) => {
    let e = perPort.get(port);
    if (!e) perPort.set(port, (e = { requests: {}, closedIn: 0, closedOut: 0, open: new Set() }));
    return e;
  };
  const emit = HttpServer.prototype.emit;
  HttpServer.prototype.emit = function (this: HttpServer, event: string | symbol, ...args: unknown[]) {
    if (event === "connection") {
      const socket = args[0] as Socket;
      const e = entry(socket.localPort ?? 0);
      e.open.add(socket);
      socket.once("close", () => {
        e.open.delete(socket);
        e.closedIn += socket.bytesRead;
        e.closedOut += socket.bytesWritten;
      });
    } else if (event === "request") {
      const req = args[0] as IncomingMessage;
      const key = `${req.method} ${classify(req.url ?? "")}`;
      const requests = entry(req.socket.localPort ?? 0).requests;
      requests[key] = (requests[key] ?? 0) + 1;
    }
    return (emit as (this: HttpServer, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof HttpServer.prototype.emit;
  return (port) => {
    const e = entry(port);
    let bytesIn = e.closedIn;
    let bytesOut = e.closedOut;
    for (const socket of e.open) {
      bytesIn += socket.bytesRead;
      bytesOut += socket.bytesWritten;
    }
    return { requests: { ...e.requests }, bytesIn, bytesOut };
  };
}

/** Child mode: start an emulator, pick account `index`'s first instance with a registry, report it. */
async function serve(index: number, options: EmulatorChildOptions): Promise<void> {
  const traffic = countServerTraffic();
  // Loaded here, in the child only: the docker-registry pair never needs the emulator.
  const { startEmulator } = require("../emulator") as typeof import("../emulator");
  // Blobs on disk, as docker-registry keeps them in the other pair: an in-memory emulator would
  // also measure the page faults of holding the whole image in fresh memory.
  const stateDir = mkdtempSync(join(tmpdir(), "bench-emulator-"));
  const emulator = await startEmulator({ stateDir, faults: options.faults });
  const account = emulator.seed.accounts[index]!;
  const instance = account.instances.find((i) => i.registry);
  if (!instance) throw new Error(`account ${account.name} has no instance with a registry`);
  const ready: Ready = {
    endpoint: emulator.endpoint,
    account: { name: account.name, accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
    instance: { instanceId: instance.instanceId, regionId: instance.regionId, registry: instance.registry! },
  };
  process.send!(ready);
  const registryPort = Number(instance.registry!.split(":").pop());
  process.on("message", (message: { kind?: string }) => {
    if (message?.kind !== "traffic") return;
    const usage = process.cpuUsage();
    process.send!({ kind: "traffic", ...traffic(registryPort), cpuS: (usage.user + usage.system) / 1e6 });
  });
  const stop = () =>
    void emulator
      .stop()
      .then(() => rmSync(stateDir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  process.on("SIGTERM", stop);
  // The bench died without stopping us: do not linger as an orphan holding ports and memory.
  process.on("disconnect", stop);
}

export interface Emulator {
  ready: Ready;
  /** Instance login for the registry. */
  login: { username: string; password: string };
  namespace: string;
  traffic(): Promise<RegistryTraffic>;
  close(): Promise<void>;
}

/** Starts an emulator child, sets the instance password, creates the namespace. */
export async function startEmulatorChild(accountIndex: number, options: EmulatorChildOptions = {}): Promise<Emulator> {
  const hook = ["-r", "ts-node/register/transpile-only"];
  const execArgv = __filename.endsWith(".ts") && !process.execArgv.join(" ").includes("ts-node/register") ? [...process.execArgv, ...hook] : process.execArgv;
  const child: ChildProcess = fork(__filename, ["--serve-emulator", String(accountIndex), JSON.stringify(options)], { execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
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
    const traffic = () =>
      new Promise<RegistryTraffic>((resolve) => {
        const onMessage = (message: { kind?: string } & RegistryTraffic) => {
          if (message?.kind !== "traffic") return;
          child.off("message", onMessage);
          resolve(message);
        };
        child.on("message", onMessage);
        child.send({ kind: "traffic" });
      });
    return { ready, login: { username: account.name, password: PASSWORD }, namespace: NAMESPACE, traffic, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function startEmulatorPair(): Promise<Pair> {
  const source = await startEmulatorChild(0);
  const login = (e: Emulator) => e.login;
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
  serve(Number(process.argv[3]), JSON.parse(process.argv[4] ?? "{}") as EmulatorChildOptions).catch((error: unknown) => {
    process.stderr.write(`emulator child failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
