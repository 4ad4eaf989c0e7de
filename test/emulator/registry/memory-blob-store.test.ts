import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MemoryBlobStore, sliceChunks } from "../../../emulator/registry/memory-blob-store";

async function collect(stream: Readable): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return parts;
}

/** Uneven chunks, as socket reads deliver them. */
function unevenChunks(): Buffer[] {
  return [1, 4096, 7, 65536, 3, 30000, 1, 12345].map((n) => randomBytes(n));
}

async function store(chunks: Buffer[]): Promise<{ blobs: MemoryBlobStore; digest: string; whole: Buffer }> {
  const whole = Buffer.concat(chunks);
  const digest = `sha256:${createHash("sha256").update(whole).digest("hex")}`;
  const blobs = new MemoryBlobStore();
  const upload = blobs.newUpload();
  await upload.append(Readable.from(chunks));
  expect(await upload.digest("sha256")).toBe(digest);
  await upload.commit(digest);
  return { blobs, digest, whole };
}

describe("the emulator's in-memory blob store", () => {
  it("keeps a pushed blob as the chunks it arrived in, without joining them into one copy", async () => {
    const chunks = unevenChunks();
    const { blobs, digest, whole } = await store(chunks);
    const served = await collect(blobs.read(digest));
    expect(served).toHaveLength(chunks.length);
    served.forEach((part, i) => expect(part.buffer).toBe(chunks[i]!.buffer));
    expect(Buffer.concat(served).equals(whole)).toBe(true);
    expect((await blobs.readAll(digest)).equals(whole)).toBe(true);
    expect(await blobs.size(digest)).toBe(whole.length);
  });

  it("serves every byte range across chunk boundaries exactly", async () => {
    const { blobs, digest, whole } = await store(unevenChunks());
    const ranges = [
      { start: 0, end: 0 },
      { start: 0, end: whole.length - 1 },
      { start: 1, end: 4096 },
      { start: 4096, end: 4103 },
      { start: 4100, end: 70000 },
      { start: whole.length - 1, end: whole.length - 1 },
      ...Array.from({ length: 50 }, () => {
        const start = Math.floor(Math.random() * whole.length);
        return { start, end: start + Math.floor(Math.random() * (whole.length - start)) };
      }),
    ];
    for (const range of ranges) {
      const got = Buffer.concat(await collect(blobs.read(digest, range)));
      expect(got.equals(whole.subarray(range.start, range.end + 1)), `bytes ${range.start}-${range.end}`).toBe(true);
    }
  });

  it("slices chunk lists without copying and without empty pieces", () => {
    // Buffer.alloc, not Buffer.from: small Buffer.from results share one pool, which would hide a copy.
    const chunks = ["abc", "defg", "h"].map((text) => Buffer.alloc(text.length, text));
    const pieces = sliceChunks(chunks, { start: 2, end: 6 });
    expect(pieces.map((p) => p.toString())).toEqual(["c", "defg"]);
    expect(pieces[1]!.buffer).toBe(chunks[1]!.buffer);
    expect(sliceChunks(chunks, { start: 3, end: 3 }).map((p) => p.toString())).toEqual(["d"]);
  });
});
