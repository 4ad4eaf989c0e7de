/**
 * Signed API throughput of the emulator against a bare node:http hello-world, in one run.
 *
 *   npx ts-node bench/api-throughput.ts [--seconds 5] [--concurrency 32]
 *   node dist/bench/api-throughput.js …   (after a build that includes bench/)
 *
 * Each server runs in its own child process (so the client does not share its event loop); the
 * client signs every GetCallerIdentity call with our V3 signer (fresh nonce and date each time) and
 * sends it through an undici Pool with N requests in flight. Prints a summary and writes
 * bench/results/api-throughput.md. Target: at least 2,000 signed calls/s.
 */

import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { startEmulator } from "../emulator";
import { signV3 } from "../sdk/signing";

const TARGET_CALLS_PER_SECOND = 2000;

interface ServerReady {
  port: number;
  accessKeyId?: string;
  accessKeySecret?: string;
}

/** Child mode: serve the emulator or the hello-world and report the port to the parent. */
async function serve(kind: string): Promise<void> {
  if (kind === "emulator") {
    const emulator = await startEmulator({});
    const owner = emulator.seed.accounts[0]!;
    process.send!({ port: emulator.port, accessKeyId: owner.accessKeyId, accessKeySecret: owner.accessKeySecret } satisfies ServerReady);
  } else {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("hello world");
    });
    server.keepAliveTimeout = 5_000;
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      process.send!({ port: typeof address === "object" && address ? address.port : 0 } satisfies ServerReady);
    });
  }
}

function startChild(kind: string): Promise<{ child: ChildProcess; ready: ServerReady }> {
  // Under ts-node the child needs the TypeScript hook too; the built .js runs as is.
  const execArgv = __filename.endsWith(".ts") ? [...process.execArgv, "-r", "ts-node/register/transpile-only"] : process.execArgv;
  const child = fork(__filename, ["--serve", kind], { execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start in 60 s`)), 60_000);
    child.once("message", (ready) => {
      clearTimeout(timer);
      resolve({ child, ready: ready as ServerReady });
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

interface Result {
  calls: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Keeps `concurrency` requests in flight for `seconds`, after a one-second warm-up that is not counted. */
async function drive(port: number, concurrency: number, seconds: number, makeRequest: () => { path: string; headers: Record<string, string> }): Promise<Result> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let calls = 0;
  let errors = 0;
  let counting = false;
  const warmUpEnds = performance.now() + 1000;
  const ends = warmUpEnds + seconds * 1000;
  const worker = async () => {
    while (performance.now() < ends) {
      const { path, headers } = makeRequest();
      const started = performance.now();
      counting = started >= warmUpEnds;
      try {
        const response = await pool.request({ origin: `http://127.0.0.1:${port}`, path, method: "POST", headers });
        await response.body.text();
        if (!counting) continue;
        if (response.statusCode === 200) {
          calls++;
          latencies.push(performance.now() - started);
        } else {
          errors++;
        }
      } catch {
        if (counting) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { calls, errors, seconds, perSecond: calls / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

function row(name: string, r: Result): string {
  return `| ${name} | ${r.calls} | ${r.errors} | ${Math.round(r.perSecond)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: "string", default: "5" }, concurrency: { type: "string", default: "32" }, serve: { type: "string" } },
  });
  if (values.serve) return serve(values.serve);
  const seconds = Math.min(60, Math.max(1, Number(values.seconds)));
  const concurrency = Math.min(512, Math.max(1, Number(values.concurrency)));

  const hello = await startChild("hello");
  const emulator = await startChild("emulator");
  try {
    const helloResult = await drive(hello.ready.port, concurrency, seconds, () => ({ path: "/", headers: {} }));
    const credentials = { accessKeyId: emulator.ready.accessKeyId!, accessKeySecret: emulator.ready.accessKeySecret! };
    const host = `127.0.0.1:${emulator.ready.port}`;
    const emulatorResult = await drive(emulator.ready.port, concurrency, seconds, () => {
      const { host: _host, ...headers } = signV3({ method: "POST", host, action: "GetCallerIdentity", version: "2015-04-01", credentials });
      return { path: "/", headers };
    });

    const ratio = emulatorResult.perSecond / helloResult.perSecond;
    const verdict = emulatorResult.perSecond >= TARGET_CALLS_PER_SECOND ? "meets" : "MISSES";
    const report = [
      "# API throughput: signed emulator calls vs a bare node:http server",
      "",
      `Generated by \`bench/api-throughput.ts\` on ${new Date().toISOString()}: Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"}),`,
      `${concurrency} requests in flight through one undici Pool, ${seconds} s measured after a 1 s warm-up. Each server runs in its own process.`,
      "",
      "| Server | Calls | Errors | Calls/s | p50 ms | p99 ms |",
      "|---|---|---|---|---|---|",
      row("node:http hello world", helloResult),
      row("emulator, STS GetCallerIdentity signed with V3 (verify, route, resolve, render)", emulatorResult),
      "",
      `Ratio emulator / hello world: **${ratio.toFixed(2)}**. Target ≥ ${TARGET_CALLS_PER_SECOND} signed calls/s: **${verdict}** (${Math.round(emulatorResult.perSecond)}/s).`,
      "",
    ].join("\n");
    process.stdout.write(`${report}\n`);
    const dir = join(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "api-throughput.md"), report);
  } finally {
    hello.child.kill("SIGTERM");
    emulator.child.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
