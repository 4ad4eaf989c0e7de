/**
 * A reference point for bench/copy-vs-skopeo.ts, not product code: the least a Node copier can do.
 * node:http (no undici), no auth, no retries, no progress, no index support; every blob streamed
 * from the source GET into a monolithic target PUT with its SHA-256 checked on the way, all at
 * once, largest first. Its time shows what any Node copier pays on this machine, so the gap
 * between it and our engine is what the engine's own features cost.
 *
 *   node bare-node-copier.js '{"source":{"registry":"127.0.0.1:5000","repository":"a","reference":"v1"},"target":{…}}'
 */

import { createHash } from "node:crypto";
import { Agent, request, type IncomingMessage } from "node:http";
import type { Readable } from "node:stream";

interface Side {
  registry: string;
  repository: string;
  reference: string;
}

interface Blob {
  digest: string;
  size: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function send(registry: string, method: string, path: string, headers: Record<string, string | number> = {}, body?: Buffer | Readable): Promise<IncomingMessage> {
  const [hostname, port] = registry.split(":");
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port: Number(port), method, path, headers, agent }, resolve);
    req.on("error", reject);
    if (body && !Buffer.isBuffer(body)) body.pipe(req);
    else req.end(body);
  });
}

function expectStatus(response: IncomingMessage, status: number, what: string): void {
  response.resume();
  if (response.statusCode !== status) throw new Error(`${what}: HTTP ${response.statusCode}`);
}

async function readAll(response: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of response) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function copyBlob(source: Side, target: Side, blob: Blob): Promise<void> {
  const head = await send(target.registry, "HEAD", `/v2/${target.repository}/blobs/${blob.digest}`);
  head.resume();
  if (head.statusCode === 200) return;
  const start = await send(target.registry, "POST", `/v2/${target.repository}/blobs/uploads/`, { "content-length": 0 });
  expectStatus(start, 202, "upload start");
  const location = new URL(start.headers.location!, `http://${target.registry}`);
  location.searchParams.set("digest", blob.digest);
  const body = await send(source.registry, "GET", `/v2/${source.repository}/blobs/${blob.digest}`);
  const hash = createHash("sha256");
  body.on("data", (chunk: Buffer) => hash.update(chunk));
  const put = await send(target.registry, "PUT", `${location.pathname}${location.search}`, { "content-length": blob.size, "content-type": "application/octet-stream" }, body);
  expectStatus(put, 201, `upload of ${blob.digest}`);
  if (`sha256:${hash.digest("hex")}` !== blob.digest) throw new Error(`${blob.digest} arrived with other content`);
}

async function main(): Promise<void> {
  const { source, target } = JSON.parse(process.argv[2] ?? "") as { source: Side; target: Side };
  const accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
  const manifestResponse = await send(source.registry, "GET", `/v2/${source.repository}/manifests/${source.reference}`, { accept });
  const mediaType = manifestResponse.headers["content-type"]!;
  const manifest = await readAll(manifestResponse);
  const { config, layers } = JSON.parse(manifest.toString("utf8")) as { config: Blob; layers: Blob[] };
  await Promise.all([...layers, config].sort((a, b) => b.size - a.size).map((blob) => copyBlob(source, target, blob)));
  const put = await send(target.registry, "PUT", `/v2/${target.repository}/manifests/${target.reference}`, { "content-type": mediaType, "content-length": manifest.length }, manifest);
  expectStatus(put, 201, "manifest");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bare copy failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
