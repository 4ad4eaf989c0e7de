/**
 * Our engine for bench/migration.ts: the ImageSync resource's own create() (the provider code
 * that `pulumi up` runs, minus the engine around it) with an image-syncer config, in a process of
 * its own so its peak RSS and CPU are the copier's alone. Argument: a JSON MigrationJob. Prints
 * one JSON line. Imports only provider/resources/image-sync and sdk/oci (no Pulumi), so the bench
 * runs it as plain transpiled JavaScript.
 */

import { imageSyncInputs } from "../provider/resources/image-sync/args";
import { imageSyncDefinition } from "../provider/resources/image-sync/definition";

export interface MigrationJob {
  /** image-syncer's config: `auth` per registry (insecure: plain http) and `images` source → target. */
  config: Record<string, unknown>;
  concurrency?: number;
}

export interface MigrationOutcome {
  copyMs: number;
  /** When the sync's own log said what, in ms from its start: where a re-run's time goes. */
  timeline: { planned: number; firstTag: number; lastTag: number };
  bytesMoved: number;
  copiedTags: number;
  cpuS: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "") as MigrationJob;
  const inputs = imageSyncInputs.parse({ config: job.config, concurrency: job.concurrency, retries: 0 });
  const started = performance.now();
  // ImageSync logs one line per image once its tags are listed, then one per tag copied or found unchanged.
  const timeline = { planned: 0, firstTag: 0, lastTag: 0 };
  const log = (line: string) => {
    const at = performance.now() - started;
    if (line.includes(" tag(s)")) timeline.planned = at;
    else if (/ (copied|unchanged) sha256:/.test(line)) {
      timeline.firstTag ||= at;
      timeline.lastTag = at;
    }
  };
  const ctx = {
    clients: () => Promise.reject(new Error("the bench logs in with the config's credentials; no cloud API is needed")),
    log,
  };
  const { outs } = await imageSyncDefinition.create(ctx, inputs);
  const usage = process.resourceUsage();
  const outcome: MigrationOutcome = {
    copyMs: performance.now() - started,
    timeline,
    bytesMoved: outs.bytesMoved,
    copiedTags: outs.copiedTags.length,
    cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`migration failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
