/**
 * Runs the emulator CLI (emulator/main.ts) as a child process through ts-node, the way
 * `npx ts-node emulator/main.ts` does, and waits for its one-line ready message.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");

export interface ReadyLine {
  ready: true;
  endpoint: string;
  accounts: Array<{
    name: string;
    uid: string;
    accessKeyId: string;
    accessKeySecret: string;
    instances: Array<{ instanceId: string; regionId: string; edition: string; registry: string | null }>;
  }>;
}

export interface ChildEmulator {
  child: ChildProcess;
  ready: ReadyLine;
  /** Every stdout line, to check that only the ready line was printed. */
  stdoutLines: string[];
  endpoint: string;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnEmulator(args: string[], timeoutMs = 60_000): Promise<ChildEmulator> {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(ROOT, "emulator", "main.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json") },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const stdoutLines: string[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`emulator did not become ready in ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        stdoutLines.push(line);
        if (stdoutLines.length === 1) {
          clearTimeout(timer);
          const ready = JSON.parse(line) as ReadyLine;
          const port = Number(new URL(ready.endpoint).port);
          resolve({ child, ready, stdoutLines, endpoint: ready.endpoint, port, exited });
        }
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      if (stdoutLines.length === 0) reject(new Error(`emulator exited (${code}) before it was ready; stderr:\n${stderr}`));
    });
  });
}
