/**
 * Starts a real distribution registry (Debian's `docker-registry`, 2.8.x) for a test: loopback
 * only, a port the kernel picks, a temporary storage folder, deletes enabled, and optionally
 * htpasswd basic auth. `close()` stops the process and removes its files.
 *
 * The binary is `docker-registry` from PATH, or `DOCKER_REGISTRY_BIN`. CI installs it with
 * `apt-get install docker-registry skopeo`.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { htpasswdFile } from "./htpasswd";

export interface TestRegistry {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, for image references. */
  host: string;
  /** Present when started with basic auth. */
  credentials?: { username: string; password: string };
  /** The storage root, for tests that look at or damage stored data. */
  storage: string;
  /** The registry process (bench/ reads its CPU time from /proc). */
  pid?: number;
  close(): Promise<void>;
}

export interface StartRegistryOptions {
  /** Enables htpasswd basic auth with this one user. */
  basicAuth?: { username: string; password: string };
  /** Give up waiting for the "listening on" line after this long. @default 20000 */
  startTimeoutMs?: number;
  /** Every log line after start-up (one "response completed" line per request; bench/ counts them). */
  onLog?: (line: string) => void;
}

function configYaml(dir: string, withAuth: boolean): string {
  const lines = [
    "version: 0.1",
    "log:",
    "  level: info",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${JSON.stringify(join(dir, "data"))}`,
    "  delete:",
    "    enabled: true",
    "  maintenance:",
    "    uploadpurging:",
    "      enabled: false",
    "http:",
    // Port 0: the kernel picks a free one; the registry logs which.
    "  addr: 127.0.0.1:0",
    `  secret: ${JSON.stringify(`test-${process.pid}-${Date.now()}`)}`,
  ];
  if (withAuth) {
    lines.push("auth:", "  htpasswd:", "    realm: test-registry", `    path: ${JSON.stringify(join(dir, "htpasswd"))}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "oci-registry-"));
  await writeFile(join(dir, "config.yml"), configYaml(dir, !!options.basicAuth));
  if (options.basicAuth) {
    await writeFile(join(dir, "htpasswd"), htpasswdFile({ [options.basicAuth.username]: options.basicAuth.password }));
  }
  const binary = process.env.DOCKER_REGISTRY_BIN ?? "docker-registry";
  const child = spawn(binary, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = async () => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await waitForPort(child, options.startTimeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  if (options.onLog) forwardLines(child, options.onLog);
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    credentials: options.basicAuth,
    storage: join(dir, "data"),
    pid: child.pid,
    close: stop,
  };
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop()!;
      for (const line of lines) onLine(line);
    });
  }
}

/** Reads the registry's log until it says which port it bound. */
function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-8192);
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (match) {
        finish();
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`docker-registry exited (code ${code}) before listening:\n${log}`));
    };
    const onError = (err: Error) => {
      finish();
      reject(new Error(`cannot start docker-registry (is the Debian package installed?): ${err.message}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`docker-registry did not report a port within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      // Keep draining the pipes so a chatty registry never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
