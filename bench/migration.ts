/**
 * Issue #15: a Harbor → ACR migration of many tags with shared layers over a slow link, our
 * engine (ImageSync) against `skopeo sync` and `crane copy` per tag, in one run.
 *
 *   bench/netns-run.sh node -r ts-node/register/transpile-only bench/migration.ts
 *
 * Source: a docker-registry holding the workload (bench/migration-workload.ts). Target: a fresh
 * emulated ACR instance per engine run (its namespace auto-creates repositories), every registry
 * request delayed by the emulator's latency fault, standing in for a remote region. Inside
 * netns-run.sh the whole run sits in a private network namespace whose loopback is shaped by tbf;
 * the second pass removes the shaping. Each copier is its own process under /usr/bin/time.
 * Requests and bytes are counted where they arrive: the source registry's request log and the
 * target emulator's sockets, the same way for every engine. Writes bench/results/migration.md.
 */

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_SESSION_CONCURRENCY, RegistryClient } from "../sdk/oci";
import { startRegistry, type TestRegistry } from "../test/support/registry";
import { timed } from "./copy-vs-skopeo";
import { startEmulatorChild, type Emulator, type RegistryTraffic } from "./emulator-pair";
import { ISSUE_SHAPE, makeWorkload, pushWorkload, verifyWorkload, type Workload } from "./migration-workload";
import type { MigrationJob, MigrationOutcome } from "./migration-worker";
import { transpileTree } from "./transpile";

type EngineName = "ours" | "skopeo" | "crane";

interface EngineRun {
  label: string;
  engine: EngineName;
  concurrency?: number;
  /** Ours only: the copy tactics turned off for this run (OCI_COPY_WITHOUT). */
  without?: string;
  wallS: number;
  cpuS: number;
  maxRssMB: number;
  processes: number;
  source: SourceTraffic;
  target: RegistryTraffic;
  sourceCpuS: number;
  /** Ours only: blob bytes its report says it streamed. */
  bytesMoved?: number;
  /** Ours only: the sync's own time inside its process (no start-up). */
  copyS?: number;
  /** Ours only: ms from the sync's start to its tag plan, its first and its last tag done. */
  timeline?: MigrationOutcome["timeline"];
}

interface SourceTraffic {
  requests: Record<string, number>;
  bytesOut: number;
}

/** Counts the source registry's "response completed" log lines: one per request, with the bytes sent. */
class SourceLog {
  private requests: Record<string, number> = {};
  private bytesOut = 0;

  line(text: string): void {
    // "response completed", or "response completed with error" for a 404 and the like.
    if (!text.includes('msg="response completed')) return;
    const method = /http\.request\.method=(\w+)/.exec(text)?.[1] ?? "?";
    const match = /http\.request\.uri=(?:"([^"]*)"|(\S+))/.exec(text);
    const uri = match?.[1] ?? match?.[2] ?? "";
    const kind = uri.includes("/manifests/") ? "manifest" : uri.includes("/blobs/uploads") ? "upload" : uri.includes("/blobs/") ? "blob" : uri.includes("/tags/") ? "tags" : "other";
    const key = `${method} ${kind}`;
    this.requests[key] = (this.requests[key] ?? 0) + 1;
    this.bytesOut += Number(/http\.response\.written=(\d+)/.exec(text)?.[1] ?? 0);
  }

  snapshot(): SourceTraffic {
    return { requests: { ...this.requests }, bytesOut: this.bytesOut };
  }

  static since(before: SourceTraffic, after: SourceTraffic): SourceTraffic {
    return { requests: countsSince(before.requests, after.requests), bytesOut: after.bytesOut - before.bytesOut };
  }
}

/** Per-kind request counts added between two snapshots (kinds that did not grow are left out). */
function countsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after)) if (n - (before[kind] ?? 0) > 0) grown[kind] = n - (before[kind] ?? 0);
  return grown;
}

function processCpuS(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const trafficSince = (before: RegistryTraffic, after: RegistryTraffic): RegistryTraffic => ({
  requests: countsSince(before.requests, after.requests),
  bytesIn: after.bytesIn - before.bytesIn,
  bytesOut: after.bytesOut - before.bytesOut,
  cpuS: after.cpuS - before.cpuS,
});

const TARGET_NAMESPACE = "bench";
const targetRepo = (source: string) => `${TARGET_NAMESPACE}/${source.split("/").pop()}`;

class Bench {
  constructor(
    private readonly workload: Workload,
    private readonly source: TestRegistry,
    private readonly sourceLog: SourceLog,
    private readonly latencyMs: number,
    private readonly scratch: string,
    private readonly worker: string,
    private readonly crane: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  async freshTarget(): Promise<Emulator> {
    return startEmulatorChild(1, { faults: { registry: [{ kind: "latency", latencyMs: this.latencyMs }] } });
  }

  /** One engine from an empty target (or `target` as given, for the re-run). */
  async run(engine: EngineName, concurrency: number | undefined, target: Emulator, without?: string): Promise<EngineRun> {
    const beforeSource = this.sourceLog.snapshot();
    const beforeTarget = await target.traffic();
    const sourceCpu = processCpuS(this.source.pid);
    const result = await this.engine(engine, concurrency, target, without);
    // The registry logs a request just after answering it: let the last lines arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const run: EngineRun = {
      ...result,
      engine,
      concurrency,
      without,
      source: SourceLog.since(beforeSource, this.sourceLog.snapshot()),
      target: trafficSince(beforeTarget, await target.traffic()),
      sourceCpuS: processCpuS(this.source.pid) - sourceCpu,
    };
    const client = new RegistryClient({ registry: target.ready.instance.registry, insecure: true, credentials: target.login });
    try {
      await verifyWorkload(client, this.workload, targetRepo);
    } finally {
      await client.close();
    }
    this.log(`${run.label}: ${run.wallS.toFixed(2)} s, pushed ${(run.target.bytesIn / 1e6).toFixed(1)} MB, read ${(run.source.bytesOut / 1e6).toFixed(1)} MB, peak RSS ${run.maxRssMB.toFixed(0)} MB`);
    return run;
  }

  private async engine(
    engine: EngineName,
    concurrency: number | undefined,
    target: Emulator,
    without: string | undefined,
  ): Promise<Omit<EngineRun, "engine" | "concurrency" | "without" | "source" | "target" | "sourceCpuS">> {
    const targetHost = target.ready.instance.registry;
    const env = { PATH: process.env.PATH };
    if (engine === "ours") {
      const images: Record<string, string> = {};
      for (const repo of this.workload.repositories) images[`${this.source.host}/${repo}`] = `${targetHost}/${targetRepo(repo)}`;
      const job: MigrationJob = {
        config: { auth: { [this.source.host]: { insecure: true }, [targetHost]: { ...target.login, insecure: true } }, images },
        concurrency,
      };
      const r = await timed(process.execPath, [this.worker, JSON.stringify(job)], without ? { ...env, OCI_COPY_WITHOUT: without } : env, this.scratch);
      const outcome = JSON.parse(r.stdout.trim().split("\n").pop()!) as MigrationOutcome;
      const label = `ours (ImageSync, concurrency ${concurrency ?? `${DEFAULT_SESSION_CONCURRENCY}, the default`}${without ? `, without ${without}` : ""})`;
      return { label, wallS: r.wallS, cpuS: r.cpuS, maxRssMB: r.maxRssMB, processes: 1, bytesMoved: outcome.bytesMoved, copyS: outcome.copyMs / 1000, timeline: outcome.timeline };
    }
    if (engine === "skopeo") {
      const yaml = [`${this.source.host}:`, "  tls-verify: false", "  images-by-tag-regex:", ...this.workload.repositories.map((r) => `    ${r}: ".*"`)].join("\n");
      const home = join(this.scratch, `skopeo-${Date.now()}`);
      await mkdir(join(home, "run"), { recursive: true });
      await writeFile(join(home, "sync.yaml"), `${yaml}\n`);
      const args = ["sync", "--src", "yaml", "--dest", "docker", "--dest-tls-verify=false", "--dest-creds", `${target.login.username}:${target.login.password}`, join(home, "sync.yaml"), `${targetHost}/${TARGET_NAMESPACE}`];
      // A private home: no blob-info cache from an earlier run (within the run it may mount, as it would).
      const r = await timed("skopeo", args, { ...env, HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_RUNTIME_DIR: join(home, "run") }, this.scratch);
      await rm(home, { recursive: true, force: true });
      return { label: "skopeo sync (one process, yaml source)", wallS: r.wallS, cpuS: r.cpuS, maxRssMB: r.maxRssMB, processes: 1 };
    }
    if (!this.crane) throw new Error("crane is not built: run bench/build-crane.sh");
    const dockerConfig = join(this.scratch, `crane-${Date.now()}`);
    await mkdir(dockerConfig, { recursive: true });
    const auth = Buffer.from(`${target.login.username}:${target.login.password}`).toString("base64");
    await writeFile(join(dockerConfig, "config.json"), JSON.stringify({ auths: { [targetHost]: { auth } } }));
    const started = performance.now();
    let cpuS = 0;
    let maxRssMB = 0;
    // As users script it: one `crane copy` per tag, one after another.
    for (const { repository, tag } of this.workload.images) {
      const r = await timed(this.crane, ["copy", "--insecure", `${this.source.host}/${repository}:${tag}`, `${targetHost}/${targetRepo(repository)}:${tag}`], { ...env, DOCKER_CONFIG: dockerConfig, HOME: dockerConfig }, this.scratch);
      cpuS += r.cpuS;
      maxRssMB = Math.max(maxRssMB, r.maxRssMB);
    }
    await rm(dockerConfig, { recursive: true, force: true });
    return { label: "crane copy per tag (60 processes in a loop)".replace("60", String(this.workload.images.length)), wallS: (performance.now() - started) / 1000, cpuS, maxRssMB, processes: this.workload.images.length };
  }
}

interface Pass {
  name: string;
  linkBytesPerS?: number;
  runs: EngineRun[];
  rerun?: EngineRun;
  best?: number;
}

function parseRate(text: string | undefined): number | undefined {
  const m = /^([\d.]+)\s*([kmg]?)bit$/i.exec(text ?? "");
  if (!m) return undefined;
  const scale = { "": 1, k: 1e3, m: 1e6, g: 1e9 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  return (Number(m[1]) * scale) / 8;
}

const sumValues = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const tallyText = (r: Record<string, number>) =>
  Object.entries(r)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";

function render(passes: Pass[], workload: Workload, context: { command: string; link: string; latencyMs: number; loadBefore: number[]; loadAfter: number[]; startedAt: string; durationS: number }): string {
  const images = workload.images.length;
  const mb = (b: number) => (b / 1e6).toFixed(1);
  const rttChainS = (4 * context.latencyMs) / 1000;
  const lines = [
    "# Migration: many tags with shared layers over a slow link (issue #15)",
    "",
    `Generated by \`bench/migration.ts\`, started ${context.startedAt}, ${context.durationS.toFixed(0)} s in all. Every figure below comes from this one run.`,
    "",
    `Command: \`${context.command}\``,
    "",
    `Machine: ${cpus().length} vCPU (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, skopeo 1.9.3 and docker-registry from Debian, crane v0.22.1 built from the Go module proxy. ` +
      `The 2 cores were shared with other engineers' work during the run: load average ${context.loadBefore.map((l) => l.toFixed(2)).join(" / ")} (1/5/15 min) before, ${context.loadAfter.map((l) => l.toFixed(2)).join(" / ")} after. Absolute times are noisy; engines ran one after another in the same passes.`,
    "",
    `Link: ${context.link}.`,
    "",
    `Workload: ${workload.shape.repos} repositories × ${workload.shape.tags} tags = ${images} images in a docker-registry source; every image has 3 base layers (${workload.shape.baseBytes.map((b) => mb(b)).join(", ")} MB of random file content, gzip'd tar), ` +
      `1 per-repository layer (${mb(workload.shape.perRepoBytes)} MB) and 1 own layer (${mb(workload.shape.perTagBytes)} MB). ` +
      `**Unique blob bytes ${mb(workload.uniqueBlobBytes)} MB**; copying each image on its own would move ${mb(workload.naiveBytes)} MB.`,
    "",
    `Target: a fresh emulated ACR instance per engine run (account B, namespace \`${TARGET_NAMESPACE}\` with AutoCreateRepo, password login), every registry request delayed ${context.latencyMs} ms by the emulator's data-plane latency fault.`,
    "",
    "Figures: wall time of the copier process(es) under /usr/bin/time; bytes pushed = bytes the target registry's sockets received (request headers included), counted inside the emulator; bytes read = bytes the source registry sent, from its per-request log; requests per image = (source + target requests) ÷ images; CPU of each process; peak RSS of the copier (max over processes for crane).",
    "",
  ];
  for (const pass of passes) {
    const floorS = pass.linkBytesPerS ? workload.uniqueBlobBytes / pass.linkBytesPerS + rttChainS : undefined;
    lines.push(
      `## ${pass.name}`,
      "",
      floorS
        ? `Floor: unique bytes ÷ link rate + the ${rttChainS.toFixed(2)} s chain of one image (source manifest GET, upload POST, blob PUT, manifest PUT at ${context.latencyMs} ms each) = **${floorS.toFixed(2)} s**. ` +
          `Both legs (source → copier and copier → target) cross the same shaped loopback, so the bytes cross the link twice: ${(2 * workload.uniqueBlobBytes / pass.linkBytesPerS! + rttChainS).toFixed(2)} s counting both.`
        : "No floor: the loopback is not shaped in this pass.",
      "",
      "| engine | wall s | × floor | pushed MB (÷ unique) | read MB | requests/image | copier CPU s | target CPU s | source CPU s | peak RSS MB |",
      "|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const run of pass.runs) {
      const requests = (sumValues(run.source.requests) + sumValues(run.target.requests)) / images;
      lines.push(
        `| ${run.label} | ${run.wallS.toFixed(2)} | ${floorS ? (run.wallS / floorS).toFixed(2) : "–"} | ${mb(run.target.bytesIn)} (${(run.target.bytesIn / workload.uniqueBlobBytes).toFixed(3)}) | ${mb(run.source.bytesOut)} | ${requests.toFixed(1)} | ${run.cpuS.toFixed(2)} | ${run.target.cpuS.toFixed(2)} | ${run.sourceCpuS.toFixed(2)} | ${run.maxRssMB.toFixed(0)} |`,
      );
    }
    lines.push("", "Requests per engine (source / target):", "");
    for (const run of pass.runs) lines.push(`- ${run.label}: source ${tallyText(run.source.requests)}; target ${tallyText(run.target.requests)}${run.bytesMoved !== undefined ? `; its report: ${mb(run.bytesMoved)} MB of blob bytes streamed` : ""}.`);
    const ours = pass.runs.filter((r) => r.engine === "ours");
    const best = ours.reduce((a, b) => (b.wallS < a.wallS ? b : a), ours[0]!);
    const skopeo = pass.runs.find((r) => r.engine === "skopeo");
    const crane = pass.runs.find((r) => r.engine === "crane");
    const goal = (ok: boolean) => (ok ? "met" : "**not met**");
    lines.push("", "Goals (ours = the fastest of our runs in this pass):", "");
    if (skopeo) lines.push(`- ours ≥ 2× skopeo sync: ${(skopeo.wallS / best.wallS).toFixed(2)}× (${goal(skopeo.wallS / best.wallS >= 2)}).`);
    if (crane) lines.push(`- ours ≥ 1.5× crane: ${(crane.wallS / best.wallS).toFixed(2)}× (${goal(crane.wallS / best.wallS >= 1.5)}).`);
    if (floorS) lines.push(`- within 1.25× of the floor: ${(best.wallS / floorS).toFixed(2)}× (${goal(best.wallS / floorS <= 1.25)}).`);
    lines.push(`- bytes pushed ≤ 1.02 × unique: ${(best.target.bytesIn / workload.uniqueBlobBytes).toFixed(3)} (${goal(best.target.bytesIn <= 1.02 * workload.uniqueBlobBytes)}).`);
    lines.push(`- peak RSS < 250 MB: ${Math.max(...ours.map((r) => r.maxRssMB)).toFixed(0)} MB (${goal(Math.max(...ours.map((r) => r.maxRssMB)) < 250)}).`);
    if (pass.rerun) {
      const re = pass.rerun;
      const heads = re.target.requests["HEAD manifest"] ?? 0;
      // A new process logs in again (the /v2/ probe and a token per repository); nothing else may reach the target.
      const others = sumValues(re.target.requests) - heads - (re.target.requests["GET /v2/"] ?? 0) - (re.target.requests["GET token"] ?? 0);
      const bound = (1.2 * images * (context.latencyMs / 1000)) / (re.concurrency ?? DEFAULT_SESSION_CONCURRENCY);
      lines.push(
        `- re-run of the same migration (ours, concurrency ${re.concurrency ?? DEFAULT_SESSION_CONCURRENCY}): target ${tallyText(re.target.requests)}; source ${tallyText(re.source.requests)}; ${re.bytesMoved} blob bytes moved, ${mb(re.target.bytesIn)} MB received by the target. ` +
          `1 manifest HEAD per tag and 0 blob bytes (log-in requests aside): ${goal(heads === images && others === 0 && re.bytesMoved === 0)}. ` +
          `The sync's own time ${re.copyS!.toFixed(2)} s (wall with process start ${re.wallS.toFixed(2)} s; tags listed and planned at ${re.timeline!.planned.toFixed(0)} ms, first tag done at ${re.timeline!.firstTag.toFixed(0)} ms, last at ${re.timeline!.lastTag.toFixed(0)} ms) against 1.2 × ${images} × ${context.latencyMs} ms ÷ ${re.concurrency ?? DEFAULT_SESSION_CONCURRENCY} = ${bound.toFixed(2)} s: ${goal(re.copyS! <= bound)}.`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repos: { type: "string", default: String(ISSUE_SHAPE.repos) },
      tags: { type: "string", default: String(ISSUE_SHAPE.tags) },
      /** Multiplies every layer size (a dry run at 0.05 validates the script in seconds). */
      scale: { type: "string", default: "1" },
      "latency-ms": { type: "string", default: "30" },
      /** Extra concurrencies tried for ours in the shaped pass, besides the default. */
      concurrency: { type: "string", default: "32" },
      /** Ours in the shaped pass without each of these (OCI_COPY_WITHOUT lists; "+" joins several). */
      without: { type: "string", default: "digest-head,single-post,mount-first,digest-head+single-post+mount-first" },
      engines: { type: "string", default: "ours,skopeo,crane" },
      passes: { type: "string", default: "shaped,unshaped" },
      crane: { type: "string", default: join(__dirname, "..", ".tools", "crane", "bin", "crane") },
      out: { type: "string", default: join(__dirname, "results", "migration.md") },
    },
  });
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const loadBefore = loadavg();
  const log = (line: string) => process.stderr.write(`[migration] ${line}\n`);
  const scale = Number(values.scale);
  const shape = {
    repos: Number(values.repos),
    tags: Number(values.tags),
    baseBytes: ISSUE_SHAPE.baseBytes.map((b) => Math.round(b * scale)),
    perRepoBytes: Math.round(ISSUE_SHAPE.perRepoBytes * scale),
    perTagBytes: Math.round(ISSUE_SHAPE.perTagBytes * scale),
  };
  const engines = values.engines.split(",") as EngineName[];
  if (engines.includes("crane") && !existsSync(values.crane)) throw new Error(`crane is not at ${values.crane}: run bench/build-crane.sh first, or leave it out with --engines ours,skopeo`);
  const extra = values.concurrency.split(",").filter(Boolean).map(Number);
  const inNetns = process.env.BENCH_NETNS === "1";
  const link = process.env.BENCH_LINK ?? "unshaped: not started through bench/netns-run.sh";
  const shapedRate = link.startsWith("tbf") ? parseRate(process.env.BENCH_RATE ?? "1gbit") : undefined;
  const scratch = join(__dirname, "results", "tmp", `migration-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  const sourceLog = new SourceLog();
  let source: TestRegistry | undefined;
  try {
    const worker = transpileTree(join(__dirname, "migration-worker.ts"), join(scratch, "js"));
    log(`generating ${shape.repos} × ${shape.tags} images`);
    const workload = await makeWorkload(join(scratch, "blobs"), shape);
    source = await startRegistry({ onLog: (line) => sourceLog.line(line) });
    const filler = new RegistryClient({ registry: source.host, insecure: true });
    try {
      await pushWorkload(filler, workload);
    } finally {
      await filler.close();
    }
    log(`source filled: ${(workload.uniqueBlobBytes / 1e6).toFixed(1)} MB unique`);
    const bench = new Bench(workload, source, sourceLog, Number(values["latency-ms"]), scratch, worker, engines.includes("crane") ? values.crane : undefined, log);
    const passes: Pass[] = [];
    for (const passName of values.passes.split(",")) {
      const shaped = passName === "shaped";
      if (shaped && !shapedRate) {
        log(`skipping the shaped pass: ${link}`);
        continue;
      }
      if (!shaped && shapedRate && inNetns) execFileSync("tc", ["qdisc", "del", "dev", "lo", "root"]);
      const pass: Pass = { name: shaped ? `Shaped pass: ${link}` : "Unshaped pass: loopback at full speed", linkBytesPerS: shaped ? shapedRate : undefined, runs: [] };
      const lineup: Array<[EngineName, number | undefined, string | undefined]> = [];
      for (const engine of engines) {
        if (engine === "ours") {
          lineup.push(["ours", undefined, undefined]);
          if (shaped) for (const c of extra) lineup.push(["ours", c, undefined]);
          if (shaped) for (const w of values.without.split(",").filter(Boolean)) lineup.push(["ours", undefined, w.replace(/\+/g, ",")]);
        } else lineup.push([engine, undefined, undefined]);
      }
      for (const [engine, concurrency, without] of lineup) {
        const target = await bench.freshTarget();
        try {
          const run = await bench.run(engine, concurrency, target, without);
          pass.runs.push(run);
          // The re-run: the same migration again onto the target that now holds it all.
          if (shaped && engine === "ours" && concurrency === undefined && without === undefined) pass.rerun = { ...(await bench.run("ours", undefined, target)), label: "ours, re-run" };
        } finally {
          await target.close();
        }
      }
      passes.push(pass);
    }
    const command = `bench/netns-run.sh node -r ts-node/register/transpile-only bench/migration.ts ${process.argv.slice(2).join(" ")}`.trim();
    const report = render(passes, workload, { command, link, latencyMs: Number(values["latency-ms"]), loadBefore, loadAfter: loadavg(), startedAt, durationS: (performance.now() - t0) / 1000 });
    process.stdout.write(`${report}\n`);
    await writeFile(values.out, report);
  } finally {
    await source?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
