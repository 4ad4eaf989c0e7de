import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { DigestMismatchError, DigestVerifier, digestOf } from "../../../sdk/oci";

const chunks = [Buffer.from("first chunk "), Buffer.from("second chunk "), Buffer.from("last chunk")];
const whole = Buffer.concat(chunks);

async function run(verifier: DigestVerifier, input: Buffer[]): Promise<{ received: Buffer; error?: unknown }> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      parts.push(chunk);
      callback();
    },
  });
  const error = await pipeline(Readable.from(input), verifier, sink).then(
    () => undefined,
    (err: unknown) => err,
  );
  return { received: Buffer.concat(parts), error };
}

describe("DigestVerifier", () => {
  it("passes content through unchanged when digest and size match", async () => {
    const seen: number[] = [];
    const { received, error } = await run(new DigestVerifier({ digest: digestOf(whole), size: whole.length, where: "test", onBytes: (n) => seen.push(n) }), chunks);
    expect(error).toBeUndefined();
    expect(received.equals(whole)).toBe(true);
    expect(seen).toEqual(chunks.map((c) => c.length));
  });

  it("fails on wrong content and never releases the final chunk", async () => {
    const wrong = [chunks[0]!, chunks[1]!, Buffer.from("LAST chunk")];
    const { received, error } = await run(new DigestVerifier({ digest: digestOf(whole), size: whole.length, where: "test" }), wrong);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).actualDigest).toBe(digestOf(Buffer.concat(wrong)));
    // The consumer got less than the whole body, so an upload it feeds can never complete.
    expect(received.length).toBeLessThan(whole.length);
  });

  it("fails as soon as more bytes arrive than the descriptor's size", async () => {
    const { error } = await run(new DigestVerifier({ digest: digestOf(whole), size: 5, where: "test" }), chunks);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).actualDigest).toBeUndefined();
  });

  it("fails on a short body even when nothing else is wrong", async () => {
    const { error } = await run(new DigestVerifier({ digest: digestOf(whole), size: whole.length + 1, where: "test" }), chunks);
    expect(error).toBeInstanceOf(DigestMismatchError);
  });
});
