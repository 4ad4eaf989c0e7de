/**
 * Registry-to-registry copy: our engine (sdk/oci copyReference) against `skopeo copy`, in one run.
 *
 *   node -r ts-node/register/transpile-only bench/copy-vs-skopeo.ts [--runs 3] [--pairs registry,emulator]
 *
 * Builds a ≈ 315 MB image of five random layers locally, pushes it into a source registry, then
 * alternates fresh copies (an empty target registry each time) of both engines over the same
 * pair, and takes the median of each. Each copier is its own process under /usr/bin/time, so wall
 * time and peak RSS are the copier's: ours runs as plain transpiled JavaScript (bench/copy-worker),
 * skopeo as the Debian binary. Then a re-copy of the unchanged image shows what our engine sends
 * when there is nothing to do. Writes bench/results/copy-vs-skopeo.md.
 */

import { spawn } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { RegistryClient, type RegistryCredentials, type RequestTally } from "../sdk/oci";
import { startRegistry } from "../test/support/registry";
import type { CopyEndpoint, CopyJob, CopyOutcome } from "./copy-worker";
import { startEmulatorPair } from "./emulator-pair";
import { makeRandomImage, pushRandomImage, type RandomImage } from "./random-image";
import { transpileTree } from "./transpile";

/** Issue #15 keeps the single-image bench of #5 with this goal: ours ≥ 1.1× skopeo in the same run. */
const GOAL_RATIO = 1.1;
const GOAL_RSS_MB = 200;
const SOURCE_REPO = "bench/source";
const TARGET_REPO = "bench/copy";
const TAG = "v1";

/** A registry the bench talks to: `127.0.0.1:<port>` over plain http. */
export interface Endpoint {
  registry: string;
  credentials?: RegistryCredentials;
}

export interface Target extends Endpoint {
  repository: string;
  close(): Promise<void>;
}

/** Where images come from and go to. Every `freshTarget()` is empty: no blob of the image is there. */
export interface Pair {
  name: string;
  source: Endpoint;
  freshTarget(): Promise<Target>;
  close(): Promise<void>;
}

type Engine = "ours" | "skopeo" | "bare" | "ingest";

interface Run {
  engine: Engine;
  wallS: number;
  maxRssMB: number;
  cpuS: number;
  /** Ours only: the engine's own time, without process start-up. */
  copyS?: number;
  report?: CopyOutcome["report"];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs a command under /usr/bin/time; resolves with its stdout and the time's figures. */
export async function timed(command: string, args: string[], env: NodeJS.ProcessEnv, scratch: string): Promise<{ stdout: string; wallS: number; maxRssMB: number; cpuS: number }> {
  const timeFile = join(scratch, "time.txt");
  const child = spawn("/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, command, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-8000)));
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  const wallS = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} exited with ${code}:\n${stderr}`);
  const [rssKiB, user, system] = (await readFile(timeFile, "utf8")).trim().split(/\s+/).slice(-3).map(Number);
  return { stdout, wallS, maxRssMB: (rssKiB! * 1024) / 1e6, cpuS: user! + system! };
}

/** The image under TAG, from the source's bench repository into the target's. */
function copyJob(source: Endpoint, target: Target): CopyJob {
  const endpoint = (e: Endpoint, repository: string): CopyEndpoint => ({ registry: e.registry, credentials: e.credentials, repository, reference: TAG });
  return { source: endpoint(source, SOURCE_REPO), target: endpoint(target, target.repository) };
}

class Engines {
  constructor(
    private readonly worker: string,
    private readonly bareCopier: string,
    private readonly scratch: string,
  ) {}

  /** bench/bare-node-copier: the floor of a Node copier (no auth, so docker-registry pairs only). */
  async bare(source: Endpoint, target: Target): Promise<Run> {
    const result = await timed(process.execPath, [this.bareCopier, JSON.stringify(copyJob(source, target))], { PATH: process.env.PATH }, this.scratch);
    return { engine: "bare", wallS: result.wallS, maxRssMB: result.maxRssMB, cpuS: result.cpuS };
  }

  async ours(source: Endpoint, target: Target): Promise<Run> {
    const job = copyJob(source, target);
    const result = await timed(process.execPath, [this.worker, JSON.stringify(job)], { PATH: process.env.PATH }, this.scratch);
    const outcome = JSON.parse(result.stdout.trim().split("\n").pop()!) as CopyOutcome;
    return { engine: "ours", wallS: result.wallS, maxRssMB: result.maxRssMB, cpuS: result.cpuS, copyS: outcome.copyMs / 1000, report: outcome.report };
  }

  /** The target's ingest alone: the image pushed from local files, no source registry, no digest work on our side. */
  async ingest(image: RandomImage, target: Target): Promise<Run> {
    const client = new RegistryClient({ registry: target.registry, insecure: true, credentials: target.credentials });
    const started = performance.now();
    try {
      await pushRandomImage(client, target.repository, TAG, image);
    } finally {
      await client.close();
    }
    return { engine: "ingest", wallS: (performance.now() - started) / 1000, maxRssMB: 0, cpuS: 0 };
  }

  async skopeo(source: Endpoint, target: Target): Promise<Run> {
    const creds = (flag: string, c?: RegistryCredentials) => (c ? [`--${flag}-creds`, `${c.username}:${c.password}`] : []);
    const args = [
      "copy",
      "--src-tls-verify=false",
      "--dest-tls-verify=false",
      ...creds("src", source.credentials),
      ...creds("dest", target.credentials),
      `docker://${source.registry}/${SOURCE_REPO}:${TAG}`,
      `docker://${target.registry}/${target.repository}:${TAG}`,
    ];
    // skopeo's blob-info cache would let it mount blobs it saw in an earlier run's repository on
    // the same host; a private cache directory per run keeps every copy fresh.
    const cache = join(this.scratch, `skopeo-${Date.now()}`);
    await mkdir(join(cache, "run"), { recursive: true });
    const env = { PATH: process.env.PATH, HOME: cache, XDG_DATA_HOME: join(cache, "data"), XDG_RUNTIME_DIR: join(cache, "run"), _CONTAINERS_ROOTLESS_UID: "1000" };
    const result = await timed("skopeo", args, env, this.scratch);
    await rm(cache, { recursive: true, force: true });
    return { engine: "skopeo", wallS: result.wallS, maxRssMB: result.maxRssMB, cpuS: result.cpuS };
  }
}

/** The target must resolve the tag to the source's digest, whichever engine copied. */
async function verifyCopy(target: Target, image: RandomImage): Promise<void> {
  const client = new RegistryClient({ registry: target.registry, insecure: true, credentials: target.credentials });
  try {
    const head = await client.headManifest(target.repository, TAG);
    if (head?.digest !== image.manifest.digest) throw new Error(`the copy in ${target.registry}/${target.repository} has ${head?.digest}, not ${image.manifest.digest}`);
    for (const layer of image.layers) {
      if (!(await client.headBlob(target.repository, layer.digest))) throw new Error(`the copy lacks layer ${layer.digest}`);
    }
  } finally {
    await client.close();
  }
}

interface PairResult {
  name: string;
  runs: Run[];
  recopy: { ours: Run; skopeo: Run };
}

async function measurePair(pair: Pair, image: RandomImage, engines: Engines, runs: number, log: (line: string) => void): Promise<PairResult> {
  const source = new RegistryClient({ registry: pair.source.registry, insecure: true, credentials: pair.source.credentials });
  try {
    await pushRandomImage(source, SOURCE_REPO, TAG, image);
  } finally {
    await source.close();
  }
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate who goes first, so drift in the machine's load hits both engines alike.
    const lineup: Engine[] = pair.source.credentials ? ["ours", "skopeo", "ingest"] : ["ours", "skopeo", "bare", "ingest"];
    const order = i % 2 === 0 ? lineup : [...lineup].reverse();
    for (const engine of order) {
      const target = await pair.freshTarget();
      try {
        const run = engine === "ingest" ? await engines.ingest(image, target) : await engines[engine](pair.source, target);
        await verifyCopy(target, image);
        all.push(run);
        log(`${pair.name} #${i + 1} ${engine}: ${run.wallS.toFixed(2)} s, ${(image.totalBytes / 1e6 / run.wallS).toFixed(0)} MB/s, peak RSS ${run.maxRssMB.toFixed(0)} MB`);
      } finally {
        await target.close();
      }
    }
  }
  // Re-copy: the target already holds this exact image under the tag.
  const target = await pair.freshTarget();
  try {
    await engines.ours(pair.source, target);
    const ours = await engines.ours(pair.source, target);
    const skopeo = await engines.skopeo(pair.source, target);
    log(`${pair.name} re-copy: ours ${ours.wallS.toFixed(3)} s, ${ours.report!.bytesMoved} blob bytes; skopeo ${skopeo.wallS.toFixed(3)} s`);
    return { name: pair.name, runs: all, recopy: { ours, skopeo } };
  } finally {
    await target.close();
  }
}

/** Two Debian docker-registry processes: a source that stays, and a new empty target per copy. */
async function startRegistryPair(): Promise<Pair> {
  const source = await startRegistry();
  return {
    name: "docker-registry → docker-registry",
    source: { registry: source.host },
    async freshTarget() {
      const registry = await startRegistry();
      return { registry: registry.host, repository: TARGET_REPO, close: () => registry.close() };
    },
    close: () => source.close(),
  };
}

const tally = (t: RequestTally) =>
  Object.entries(t)
    .filter(([, n]) => n)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ") || "none";

function render(results: PairResult[], image: RandomImage, runs: number, command: string, load: { before: number[]; after: number[] }): string {
  const mb = image.totalBytes / 1e6;
  const lines = [
    "# Copy engine vs `skopeo copy`",
    "",
    `Generated by \`bench/copy-vs-skopeo.ts\` on ${new Date().toISOString()}.`,
    "",
    `Command: \`${command}\``,
    "",
    `Machine: ${cpus().length} vCPU (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ` +
      "skopeo and docker-registry from Debian. The 2 cores are shared with other work running at the same time, so absolute numbers are noisy; " +
      "the engines alternate within one run so the ratio compares like with like. " +
      `Load average ${load.before.map((l) => l.toFixed(2)).join(" / ")} (1/5/15 min) before the run, ${load.after.map((l) => l.toFixed(2)).join(" / ")} after.`,
    "",
    `Image: one OCI manifest, a config and ${image.layers.length} layers of random (incompressible) bytes, ` +
      `${image.layers.map((l) => (l.size / 1e6).toFixed(1)).join(" + ")} MB; **${mb.toFixed(1)} MB** in all. ` +
      `Each copy goes to an empty target; median of ${runs} copies per engine.`,
    "",
  ];
  for (const r of results) {
    const of = (engine: Engine) => r.runs.filter((x) => x.engine === engine);
    const ours = of("ours");
    const skopeo = of("skopeo");
    const bare = of("bare");
    const mOurs = median(ours.map((x) => x.wallS));
    const mSkopeo = median(skopeo.map((x) => x.wallS));
    const mIngest = median(of("ingest").map((x) => x.wallS));
    const ratio = mSkopeo / mOurs;
    const rssOurs = Math.max(...ours.map((x) => x.maxRssMB));
    const rssSkopeo = Math.max(...skopeo.map((x) => x.maxRssMB));
    const re = r.recopy.ours.report!;
    const tags = re.references.length;
    const row = (label: string, list: Run[], withProcess = true) => {
      const m = median(list.map((x) => x.wallS));
      const usage = withProcess ? `${median(list.map((x) => x.cpuS)).toFixed(2)} | ${Math.max(...list.map((x) => x.maxRssMB)).toFixed(0)}` : " | ";
      return `| ${label} | ${list.map((x) => x.wallS.toFixed(2)).join(" / ")} | ${m.toFixed(2)} | ${(mb / m).toFixed(0)} | ${usage} |`;
    };
    lines.push(
      `## ${r.name}`,
      "",
      "| engine | copies (wall s) | median s | median MB/s | CPU s (median) | peak RSS MB (max) |",
      "|---|---|---|---|---|---|",
      row("ours (sdk/oci copyReference, own process)", ours),
      row("skopeo copy", skopeo),
      ...(bare.length ? [row("reference: bench/bare-node-copier (node:http, no auth, retries or progress; digests checked)", bare)] : []),
      row("reference: the target's ingest alone (image pushed from local files by the bench process; no source, no copier)", of("ingest"), false),
      "",
      "Wall time is the whole process, start-up included, for every engine. " +
        `Our engine's own time inside its process (clients created to copy done): ${ours.map((x) => x.copyS!.toFixed(2)).join(" / ")} s.`,
      "",
      `1. **Throughput ratio ours ÷ skopeo: ${ratio.toFixed(2)}** (goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? "met" : "**not met**"}).` +
        (bare.length ? ` The bare Node copier ÷ skopeo: ${(mSkopeo / median(bare.map((x) => x.wallS))).toFixed(2)}.` : ""),
      `2. **Re-copy of the unchanged image** (${tags} tag): target requests ${tally(re.requests.target)}; source requests ${tally(re.requests.source)}; ` +
        `**${re.bytesMoved} blob bytes** moved; ${re.manifests.skipped} manifest(s) skipped, ${re.blobs.copied} blob(s) copied; ` +
        `${r.recopy.ours.wallS.toFixed(3)} s (skopeo re-copy: ${r.recopy.skopeo.wallS.toFixed(3)} s, which re-checks every blob and re-PUTs the manifest). ` +
        `Goal 1 manifest HEAD per tag and 0 blob bytes: ${(re.requests.target["manifest.head"] ?? 0) <= tags && re.bytesMoved === 0 ? "met" : "**not met**"}.`,
      `3. **Peak RSS**: ours ${rssOurs.toFixed(0)} MB (goal < ${GOAL_RSS_MB} MB: ${rssOurs < GOAL_RSS_MB ? "met" : "**not met**"}), skopeo ${rssSkopeo.toFixed(0)} MB.`,
      "",
      `A ratio of ${GOAL_RATIO} would need our copy to finish in ${(mSkopeo / GOAL_RATIO).toFixed(2)} s; the target alone needs ${mIngest.toFixed(2)} s to take in the image from local files` +
        `${mSkopeo / GOAL_RATIO < mIngest ? ", so on this pair no copier could reach the goal in this run" : ""}. ` +
        `Our process spends ${(mOurs - median(ours.map((x) => x.copyS!))).toFixed(2)} s (median) outside the copy itself: starting Node, loading undici, zod and the SDK, and exiting.`,
      "",
    );
  }
  lines.push(
    "## Where the time goes (measured on this machine, 2026-11-23)",
    "",
    "- Three processes share 2 cores in every copy: the source registry, the target registry and the copier. " +
      "docker-registry as the target spends 1.1–1.2 s of CPU per copy, whichever engine sends it the bytes (read from `/proc/<pid>/stat`); " +
      "skopeo spends 1.1–1.2 s, the bare Node copier 1.05–1.35 s and ours 1.6–1.75 s. " +
      "On 2 cores the copy cannot finish before about half the sum of the three, and the target's share is fixed.",
    "- The bare Node copier in the table, with none of the engine's features, is no faster than skopeo either (0.91–1.02 in a separate interleaved run of 4 copies each). " +
      "Node's per-byte cost (64 KiB socket reads, a fresh buffer per read, SHA-256 on the main thread) is no lower than skopeo's, " +
      "so no Node copier meets the goal on this machine; the gap between the bare copier and ours is what undici and our features cost.",
    "- That gap is mostly fixed cost per process: a re-copy that moves nothing takes our process about 0.5 s against skopeo's 0.1 s. " +
      "Loading undici, zod and sdk/oci takes about 0.2 s, and at exit V8 waits about 0.2 s for the background tier-up of undici's llhttp WebAssembly parser. " +
      "With `--liftoff-only` (no tier-up) our copy took 1.80–1.87 s against 1.90–2.00 s without it, and skopeo 1.57–1.58 s, in that same separate run. " +
      "The engine sets no V8 flags: a library must not change its host's flags.",
    "- Larger stream buffers (1 MiB socket and body high-water marks) and a concurrency of 2, 4, 6 or 8 made no measurable difference.",
    "- The emulator pair keeps blobs on disk, like docker-registry. Its in-memory store (the emulator's default without a state directory) used to join each layer " +
      "into one Buffer at commit, which made its ingest run at about 60 MB/s; it now keeps the received chunks, and the disk store ingests the image in about 1.1–1.3 s.",
    "",
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      pairs: { type: "string", default: "registry,emulator" },
      layers: { type: "string", default: "100,80,60,40,20" },
      out: { type: "string", default: join(__dirname, "results", "copy-vs-skopeo.md") },
    },
  });
  const runs = Math.max(1, Math.min(15, Number(values.runs)));
  const loadBefore = loadavg();
  const layerMiB = values.layers.split(",").map(Number);
  const scratch = join(__dirname, "results", "tmp", `copy-${process.pid}`);
  const log = (line: string) => process.stderr.write(`[copy-bench] ${line}\n`);
  await mkdir(scratch, { recursive: true });
  const pairs: Pair[] = [];
  try {
    const worker = transpileTree(join(__dirname, "copy-worker.ts"), join(scratch, "js"));
    const bareCopier = transpileTree(join(__dirname, "bare-node-copier.ts"), join(scratch, "js"));
    log(`generating a random image of ${layerMiB.length} layers (${layerMiB.join(", ")} MiB)`);
    const image = await makeRandomImage(join(scratch, "image"), layerMiB);
    const engines = new Engines(worker, bareCopier, scratch);
    const results: PairResult[] = [];
    for (const name of values.pairs.split(",")) {
      if (name !== "registry" && name !== "emulator") throw new Error(`unknown pair "${name}": use registry or emulator`);
      const pair = name === "registry" ? await startRegistryPair() : await startEmulatorPair();
      pairs.push(pair);
      log(`${pair.name}: pushing the image to the source`);
      results.push(await measurePair(pair, image, engines, runs, log));
    }
    const command = `node -r ts-node/register/transpile-only bench/copy-vs-skopeo.ts --runs ${runs} --pairs ${values.pairs}`;
    const report = render(results, image, runs, command, { before: loadBefore, after: loadavg() });
    process.stdout.write(`${report}\n`);
    await writeFile(values.out, report);
  } finally {
    for (const pair of pairs) await pair.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
