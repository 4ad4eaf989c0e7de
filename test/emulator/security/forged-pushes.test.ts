/**
 * R3 on the data plane, the write side: every way of pushing — a monolithic blob upload, opening a
 * session, finishing or appending to a session the owner opened, a cross-repository mount, and a
 * manifest PUT by tag and by digest — with a pull-only token, a token for another repository of the
 * same instance, another instance's token, an expired token, a RAM user's token its policies keep
 * to pull, and no credentials. Each is refused with the registry's documented error (gate.ts: 401
 * UNAUTHORIZED where a token could be had, 403 DENIED where the policies forbid) and nothing is
 * written: the tag list, the blob HEADs and the manifest HEAD read the same afterwards. The owner's
 * push token then sends the same requests and they succeed, so the refusals were not malformed
 * requests.
 */

import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobOf, randomImage } from "../../support/oci-layout";
import { INSTANCE, OTHER_INSTANCE, PASSWORD, pushImage, startHarness, type Harness } from "../registry/harness";

const REPO = "auto/private";
const OTHER_REPO = "auto/other";
const HOUR_MS = 3_600_000;

let h: Harness;
/** Never uploaded anywhere: a successful blob write would make it appear. */
const fresh = blobOf(Buffer.from(`fresh blob ${Date.now()}`));
/** Pushed to the other repository only: a mount into REPO would make it appear. */
const elsewhere = randomImage({ layers: 1 });
/** Its blobs are in REPO already, so only authorisation stands between a PUT and a new tag. */
const candidate = randomImage({ layers: 1 });
let ownerSession: string;

interface Reply {
  status: number;
  code: string | undefined;
}

async function send(method: string, path: string, authorization: string | undefined, body?: Buffer, contentType?: string): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (contentType) headers["content-type"] = contentType;
  const response = await request(`http://${h.host}${path}`, { method: method as "PUT", headers, ...(body ? { body } : {}) });
  const text = await response.body.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { errors?: Array<{ code: string }> }).errors?.[0]?.code;
  } catch {
    code = undefined;
  }
  return { status: response.statusCode, code };
}

async function tokenFrom(host: string, scope: string, login = h.owner): Promise<string> {
  const basic = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString("base64")}`;
  const response = await request(`http://${host}/service/token?service=x&scope=${scope}`, { headers: { authorization: basic } });
  expect(response.statusCode).toBe(200);
  return ((await response.body.json()) as { token: string }).token;
}

/** Every write attempt, as (name, request) pairs. */
function pushes(): Array<[string, (authorization: string | undefined) => Promise<Reply>]> {
  const manifestType = candidate.mediaType;
  return [
    ["monolithic blob POST", (a) => send("POST", `/v2/${REPO}/blobs/uploads/?digest=${fresh.digest}`, a, fresh.bytes, "application/octet-stream")],
    ["upload session POST", (a) => send("POST", `/v2/${REPO}/blobs/uploads/`, a)],
    ["PATCH into the owner's session", (a) => send("PATCH", ownerSession, a, fresh.bytes, "application/octet-stream")],
    // After the PATCH the session holds the blob, so closing it is the write.
    ["PUT closing the owner's session", (a) => send("PUT", `${ownerSession}?digest=${fresh.digest}`, a)],
    ["cross-repository mount", (a) => send("POST", `/v2/${REPO}/blobs/uploads/?mount=${elsewhere.layers[0]!.digest}&from=${OTHER_REPO}`, a)],
    ["manifest PUT by tag", (a) => send("PUT", `/v2/${REPO}/manifests/v2`, a, candidate.manifest.bytes, manifestType)],
    ["manifest PUT by digest", (a) => send("PUT", `/v2/${REPO}/manifests/${candidate.manifest.digest}`, a, candidate.manifest.bytes, manifestType)],
  ];
}

/** What a write would change, read with the owner's pull token. */
async function observe(): Promise<Record<string, unknown>> {
  const read = `Bearer ${await tokenFrom(h.host, `repository:${REPO}:pull`)}`;
  const head = async (path: string) => (await request(`http://${h.host}${path}`, { method: "HEAD", headers: { authorization: read } })).statusCode;
  const tags = await request(`http://${h.host}/v2/${REPO}/tags/list`, { headers: { authorization: read } });
  return {
    tags: ((await tags.body.json()) as { tags: string[] }).tags,
    freshBlob: await head(`/v2/${REPO}/blobs/${fresh.digest}`),
    mountedBlob: await head(`/v2/${REPO}/blobs/${elsewhere.layers[0]!.digest}`),
    candidateManifest: await head(`/v2/${REPO}/manifests/${candidate.manifest.digest}`),
  };
}

beforeAll(async () => {
  h = await startHarness();
  const owner = h.client(h.owner);
  await pushImage(owner, REPO, "v1", randomImage({ layers: 1 }));
  await pushImage(owner, OTHER_REPO, "v1", elsewhere);
  for (const blob of [candidate.config, ...candidate.layers]) await owner.uploadBlob(REPO, blob.digest, blob.bytes, blob.size);
  const opened = await request(`http://${h.host}/v2/${REPO}/blobs/uploads/`, {
    method: "POST",
    headers: { authorization: `Bearer ${await tokenFrom(h.host, `repository:${REPO}:pull,push`)}` },
  });
  await opened.body.text();
  expect(opened.statusCode).toBe(202);
  ownerSession = opened.headers.location as string;
  // The RAM user may pull in the namespace and nothing else.
  const policy = { Version: "1", Statement: [{ Effect: "Allow", Action: "cr:PullRepository", Resource: `acs:cr:*:*:repository/${INSTANCE}/auto/*` }] };
  await h.cr.ram.createPolicy({ PolicyName: "forged-push-pull-only", PolicyDocument: JSON.stringify(policy) });
  await h.cr.ram.attachPolicyToUser({ PolicyType: "Custom", PolicyName: "forged-push-pull-only", UserName: "dev" });
  await h.cr.cr.resetLoginPassword({ InstanceId: OTHER_INSTANCE, Password: PASSWORD });
}, 60_000);
afterAll(() => h?.close());

describe("forged registry pushes", () => {
  const UNAUTHORIZED = { status: 401, code: "UNAUTHORIZED" };
  const DENIED = { status: 403, code: "DENIED" };
  const forgers: Array<{ who: string; want: Reply; authorization: () => Promise<string | undefined>; after?: () => void }> = [
    { who: "a pull-only token", want: UNAUTHORIZED, authorization: async () => `Bearer ${await tokenFrom(h.host, `repository:${REPO}:pull`)}` },
    { who: "a push token for another repository of the instance", want: UNAUTHORIZED, authorization: async () => `Bearer ${await tokenFrom(h.host, `repository:${OTHER_REPO}:pull,push`)}` },
    {
      who: "another instance's push token",
      want: UNAUTHORIZED,
      authorization: async () => `Bearer ${await tokenFrom(h.emulator.dataPlane.hostFor(OTHER_INSTANCE)!, `repository:${REPO}:pull,push`)}`,
    },
    {
      who: "an expired push token",
      want: UNAUTHORIZED,
      authorization: async () => {
        const token = await tokenFrom(h.host, `repository:${REPO}:pull,push`);
        h.emulator.admin.advanceClock(HOUR_MS + 1);
        return `Bearer ${token}`;
      },
      after: () => h.emulator.admin.advanceClock(-(HOUR_MS + 1)),
    },
    { who: "a RAM user's token its policies keep to pull", want: DENIED, authorization: async () => `Bearer ${await tokenFrom(h.host, `repository:${REPO}:pull,push`, { username: "dev", password: PASSWORD })}` },
    { who: "no credentials", want: UNAUTHORIZED, authorization: async () => undefined },
  ];

  it.each(forgers)("refuses every push with $who and writes nothing", async ({ want, authorization, after }) => {
    const before = await observe();
    const header = await authorization();
    try {
      const replies: Record<string, Reply> = {};
      for (const [name, attempt] of pushes()) replies[name] = await attempt(header);
      expect(replies).toEqual(Object.fromEntries(pushes().map(([name]) => [name, want])));
    } finally {
      after?.();
    }
    expect(await observe()).toEqual(before);
  });

  it("accepts the same pushes with the owner's push token (control)", async () => {
    const before = await observe();
    expect(before).toEqual({ tags: ["v1"], freshBlob: 404, mountedBlob: 404, candidateManifest: 404 });
    const header = `Bearer ${await tokenFrom(h.host, `repository:${REPO}:pull,push`)}`;
    const statuses: Record<string, number> = {};
    for (const [name, attempt] of pushes()) statuses[name] = (await attempt(header)).status;
    expect(statuses).toEqual({
      "monolithic blob POST": 201,
      "upload session POST": 202,
      "PATCH into the owner's session": 202,
      "PUT closing the owner's session": 201,
      "cross-repository mount": 201,
      "manifest PUT by tag": 201,
      "manifest PUT by digest": 201,
    });
    expect(await observe()).toEqual({ tags: ["v1", "v2"], freshBlob: 200, mountedBlob: 200, candidateManifest: 200 });
  });
});
