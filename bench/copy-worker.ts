/**
 * One copy with our engine, in a process of its own so its peak RSS is the copier's alone.
 * Argument: a JSON CopyJob. Prints one JSON line: the copy's wall time, the CopyReport and
 * process.resourceUsage() peaks. Imports nothing but sdk/oci, so the bench can run it as plain
 * transpiled JavaScript (no TypeScript compiler in memory).
 */

import { RegistryClient, copyReference, type CopyReport, type RegistryCredentials } from "../sdk/oci";

export interface CopyEndpoint {
  /** `127.0.0.1:<port>` (plain http). */
  registry: string;
  repository: string;
  reference: string;
  credentials?: RegistryCredentials;
}

export interface CopyJob {
  source: CopyEndpoint;
  target: CopyEndpoint;
  concurrency?: number;
}

export interface CopyOutcome {
  /** From before the clients exist to the copy's end: the engine's own time. */
  copyMs: number;
  report: CopyReport;
  maxRssKiB: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "") as CopyJob;
  const started = performance.now();
  const client = (e: CopyEndpoint) => new RegistryClient({ registry: e.registry, insecure: true, credentials: e.credentials });
  const source = client(job.source);
  const target = client(job.target);
  try {
    const report = await copyReference({
      source: { client: source, repository: job.source.repository, reference: job.source.reference },
      target: { client: target, repository: job.target.repository, reference: job.target.reference },
      concurrency: job.concurrency,
    });
    const copyMs = performance.now() - started;
    const usage = process.resourceUsage();
    const outcome: CopyOutcome = { copyMs, report, maxRssKiB: usage.maxRSS, cpuUserMs: usage.userCPUTime / 1000, cpuSystemMs: usage.systemCPUTime / 1000 };
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

main().then(
  // Done: exit now rather than wait for V8's background tier-up of undici's HTTP parser (WebAssembly),
  // which can hold a finished process for most of a second on a busy machine, like any CLI would.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`copy failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
