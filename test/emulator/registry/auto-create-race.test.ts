import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { randomImage } from "../../support/oci-layout";
import { pushImage, startHarness } from "./harness";

describe("a repository that AutoCreateRepo creates while other pushes into it are in flight", () => {
  it("keeps every blob linked when an upload that began before the repository existed finishes after a tag created it", async () => {
    const h = await startHarness();
    try {
      const client = h.client(h.owner);
      const repo = "auto/created-mid-upload";
      const [head, tail] = [randomBytes(64 * 1024), randomBytes(64 * 1024)];
      const digest = `sha256:${createHash("sha256").update(head).update(tail).digest("hex")}`;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let headSent!: () => void;
      const headWritten = new Promise<void>((resolve) => (headSent = resolve));
      async function* slowBody() {
        yield head;
        headSent();
        await held;
        yield tail;
      }
      // The blob's upload starts while the repository does not exist yet…
      const upload = client.uploadBlob(repo, digest, Readable.from(slowBody()), head.length + tail.length);
      await headWritten;
      // …a whole image is pushed meanwhile, and its tag creates the repository…
      const image = randomImage();
      await pushImage(client, repo, "v1", image);
      // …then the first upload completes.
      release();
      await upload;

      expect(await client.headBlob(repo, digest)).toEqual({ size: head.length + tail.length });
      for (const blob of [image.config, ...image.layers]) expect(await client.headBlob(repo, blob.digest)).toEqual({ size: blob.size });
      expect((await client.headManifest(repo, "v1"))?.digest).toBe(image.manifest.digest);
    } finally {
      await h.close();
    }
  });
});
