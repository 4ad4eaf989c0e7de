/**
 * R3 on the data plane: registry bearer tokens that were tampered with, carry junk after the MAC,
 * were issued by another instance or have expired are refused with 401 UNAUTHORIZED, and an
 * anonymous push is refused; the token that every mutant came from still works (control).
 */

import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomImage } from "../../support/oci-layout";
import { OTHER_INSTANCE, PASSWORD, pushImage, startHarness, type Harness } from "../registry/harness";
import { seededRandom } from "./mutants";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await pushImage(h.client(h.owner), "auto/private", "v1", randomImage({ layers: 1 }));
}, 60_000);
afterAll(() => h?.close());

async function tokenFrom(host: string, scope: string): Promise<string> {
  const basic = `Basic ${Buffer.from(`${h.owner.username}:${PASSWORD}`).toString("base64")}`;
  const response = await request(`http://${host}/service/token?service=x&scope=${scope}`, { headers: { authorization: basic } });
  const body = (await response.body.json()) as { token: string };
  expect(response.statusCode).toBe(200);
  return body.token;
}

async function pull(token: string): Promise<{ status: number; code: string | undefined }> {
  const response = await request(`http://${h.host}/v2/auto/private/manifests/v1`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.oci.image.manifest.v1+json" },
  });
  const text = await response.body.text();
  const code = response.statusCode === 200 ? undefined : (JSON.parse(text) as { errors: Array<{ code: string }> }).errors[0]?.code;
  return { status: response.statusCode, code };
}

describe("forged registry tokens", () => {
  it("refuses every one-character change to a pull token and junk appended after its MAC, while the token itself pulls", async () => {
    const token = await tokenFrom(h.host, "repository:auto/private:pull");
    expect(await pull(token)).toEqual({ status: 200, code: undefined });
    const rand = seededRandom(16);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    const mutants: string[] = [`${token}.x`, `${token}.`, `${token}.${token.split(".")[1]}`, token.replace(".", ".."), ` ${token}x`];
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(rand() * token.length);
      const c = alphabet[Math.floor(rand() * alphabet.length)]!;
      if (token[at] !== c) mutants.push(token.slice(0, at) + c + token.slice(at + 1));
    }
    const refused = await Promise.all(mutants.map(pull));
    const accepted = mutants.filter((_m, i) => refused[i]!.status !== 401 || refused[i]!.code !== "UNAUTHORIZED");
    expect(accepted).toEqual([]);
  });

  it("refuses a token another instance issued and an anonymous push", async () => {
    await h.cr.cr.resetLoginPassword({ InstanceId: OTHER_INSTANCE, Password: PASSWORD });
    const foreign = await tokenFrom(h.emulator.dataPlane.hostFor(OTHER_INSTANCE)!, "repository:auto/private:pull,push");
    expect(await pull(foreign)).toEqual({ status: 401, code: "UNAUTHORIZED" });
    const upload = await request(`http://${h.host}/v2/auto/private/blobs/uploads/`, { method: "POST" });
    expect(upload.statusCode).toBe(401);
    expect(((await upload.body.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe("UNAUTHORIZED");
  });

  it("refuses a token once the emulator clock is past its hour", async () => {
    const token = await tokenFrom(h.host, "repository:auto/private:pull");
    h.emulator.admin.advanceClock(3_600_001);
    expect(await pull(token)).toEqual({ status: 401, code: "UNAUTHORIZED" });
  });
});
