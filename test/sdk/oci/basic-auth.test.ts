import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient, RegistryError, copyImage } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { clientFor, countingDispatcher, makeImage, pushImage, skopeoRaw, type CountingDispatcher } from "./fixtures";

const user = { username: "pusher", password: "s3cret-Passw0rd-for-tests" };
let secured: TestRegistry;
let open: TestRegistry;
let counting: CountingDispatcher;
let authed: RegistryClient;

beforeAll(async () => {
  [secured, open] = await Promise.all([startRegistry({ basicAuth: user }), startRegistry()]);
  counting = countingDispatcher();
  authed = clientFor(secured.url, { credentials: user, dispatcher: counting.dispatcher });
});
afterAll(async () => {
  await authed?.close();
  await counting?.close();
  await Promise.all([secured?.close(), open?.close()]);
});

describe("a registry with htpasswd basic auth", () => {
  it("pushes and reads back with credentials, learning the scheme from the /v2/ probe", async () => {
    const image = makeImage("basic/app");
    counting.reset();
    await pushImage(authed, "team/app", image, "v1");
    // The probe's 401 names Basic; every request after it carries the credentials, none is refused.
    expect(counting.requests.filter((r) => r === "GET /v2/")).toHaveLength(1);
    expect(counting.requests.filter((r) => r === "POST upload")).toHaveLength(3);
    const got = await authed.getManifest("team/app", "v1");
    expect(got.digest).toBe(image.digest);
    expect((await skopeoRaw(secured.host, "team/app:v1", user)).equals(image.manifest)).toBe(true);
  });

  it("refuses an anonymous client with a typed 401", async () => {
    const anonymous = clientFor(secured.url);
    const failure = await anonymous.headManifest("team/app", "v1").catch((err: unknown) => err);
    await anonymous.close();
    expect(RegistryError.isRegistryError(failure)).toBe(true);
    expect((failure as RegistryError).status).toBe(401);
  });

  it("refuses a wrong password without ever showing it", async () => {
    const wrong = { username: user.username, password: "wrong-password-value" };
    const client = clientFor(secured.url, { credentials: wrong });
    const failure = await client.getManifest("team/app", "v1").catch((err: unknown) => err);
    await client.close();
    expect(RegistryError.isRegistryError(failure, "UNAUTHORIZED")).toBe(true);
    expect(String((failure as Error).message)).not.toContain(wrong.password);
    expect(JSON.stringify(failure)).not.toContain(wrong.password);
  });

  it("copies from the secured registry to an open one", async () => {
    const image = makeImage("basic/copy", [1234]);
    await pushImage(authed, "team/copy", image, "v1");
    const target = clientFor(open.url);
    const report = await copyImage({ source: { client: authed, repository: "team/copy" }, target: { client: target, repository: "mirror/copy" }, tags: ["v1"] });
    await target.close();
    expect(report.references[0]).toMatchObject({ status: "copied", digest: image.digest });
    expect((await skopeoRaw(open.host, "mirror/copy:v1")).equals(image.manifest)).toBe(true);
  });
});
