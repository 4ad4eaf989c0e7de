import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomImage } from "../../support/oci-layout";
import { clientsFor, expectRegistryError, expectUnauthorized, INSTANCE, PASSWORD, pushImage, startHarness, type Harness } from "./harness";

let h: Harness;
let devKeys: { accessKeyId: string; accessKeySecret: string };
const image = randomImage({ layers: 1 });

beforeAll(async () => {
  h = await startHarness();
  const owner = h.client(h.owner);
  await pushImage(owner, "auto/private", "v1", image);
  await h.cr.cr.createRepository({ InstanceId: INSTANCE, RepoNamespaceName: "manual", RepoName: "open", RepoType: "PUBLIC", Summary: "public" });
  await pushImage(owner, "manual/open", "v1", image);
  devKeys = h.emulator.seed.accounts[0]!.users[0]!;
});
afterAll(() => h?.close());

async function allow(policyName: string, actions: string[]): Promise<void> {
  const document = {
    Version: "1",
    Statement: [
      { Effect: "Allow", Action: actions, Resource: `acs:cr:*:*:repository/${INSTANCE}/auto/*` },
      { Effect: "Allow", Action: "cr:GetAuthorizationToken", Resource: "*" },
    ],
  };
  await h.cr.ram.createPolicy({ PolicyName: policyName, PolicyDocument: JSON.stringify(document) });
  await h.cr.ram.attachPolicyToUser({ PolicyType: "Custom", PolicyName: policyName, UserName: "dev" });
}

describe("registry auth", () => {
  it("challenges an anonymous ping with the token realm and service", async () => {
    const response = await request(`http://${h.host}/v2/`);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe(
      `Bearer realm="http://${h.host}/service/token",service="registry.aliyuncs.com:cn-hangzhou:${INSTANCE}"`,
    );
    await response.body.dump();
  });

  it("issues a bearer token for the password with only the requested, allowed actions", async () => {
    const basic = `Basic ${Buffer.from(`${h.owner.username}:${PASSWORD}`).toString("base64")}`;
    const response = await request(`http://${h.host}/service/token?service=x&scope=repository:auto/private:pull,push`, { headers: { authorization: basic } });
    const body = (await response.body.json()) as { token: string; access_token: string; expires_in: number };
    expect(response.statusCode).toBe(200);
    expect(body.access_token).toBe(body.token);
    expect(body.expires_in).toBe(3600);
    const pulled = await request(`http://${h.host}/v2/auto/private/manifests/v1`, { headers: { authorization: `Bearer ${body.token}` } });
    expect(pulled.statusCode).toBe(200);
    await pulled.body.dump();
    const elsewhere = await request(`http://${h.host}/v2/manual/open/tags/list`, { headers: { authorization: `Bearer ${body.token}` } });
    // A public repository is readable even though the token names another scope.
    expect(elsewhere.statusCode).toBe(200);
    await elsewhere.body.dump();
  });

  it("issues a token for the OAuth2 password form that containerd posts", async () => {
    const form = (password: string) =>
      new URLSearchParams({ grant_type: "password", username: h.owner.username, password, service: "x", scope: "repository:auto/private:pull" }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const granted = await request(`http://${h.host}/service/token`, { method: "POST", headers, body: form(PASSWORD) });
    expect(granted.statusCode).toBe(200);
    const { access_token: token } = (await granted.body.json()) as { access_token: string };
    const pulled = await request(`http://${h.host}/v2/auto/private/tags/list`, { headers: { authorization: `Bearer ${token}` } });
    expect(await pulled.body.json()).toEqual({ name: "auto/private", tags: ["v1"] });
    const refused = await request(`http://${h.host}/service/token`, { method: "POST", headers, body: form("Wrong-Pass-123") });
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();
  });

  it("accepts the password with the account UID as user name, and refuses a wrong password or an unknown user", async () => {
    const uid = h.emulator.seed.accounts[0]!.uid;
    expect(await h.client({ username: uid, password: PASSWORD }).listTags("auto/private")).toEqual(["v1"]);
    await expectUnauthorized(h.client({ username: h.owner.username, password: "Wrong-Pass-123" }).listTags("auto/private"));
    await expectUnauthorized(h.client({ username: "nobody", password: PASSWORD }).listTags("auto/private"));
    const wrong = `Basic ${Buffer.from(`${h.owner.username}:Wrong-Pass-123`).toString("base64")}`;
    for (const path of ["/service/token?scope=repository:auto/private:pull", "/v2/auto/private/tags/list"]) {
      const response = await request(`http://${h.host}${path}`, { headers: { authorization: wrong } });
      expect(response.statusCode).toBe(401);
      const body = (await response.body.json()) as { errors: Array<{ code: string; message: string }> };
      expect(body.errors[0]!.code).toBe("UNAUTHORIZED");
      expect(body.errors[0]!.message).not.toContain("Wrong-Pass-123");
    }
  });

  it("accepts the temporary token as temp_user_cr until one hour of emulator time has passed", async () => {
    const token = await h.cr.cr.getAuthorizationToken({ InstanceId: INSTANCE });
    const credentials = { username: token.TempUsername, password: token.AuthorizationToken };
    expect(credentials.username).toBe("temp_user_cr");
    expect(await h.client(credentials).listTags("auto/private")).toEqual(["v1"]);
    const pushed = randomImage({ layers: 1 });
    await pushImage(h.client(credentials), "auto/by-token", "v1", pushed);

    h.emulator.admin.advanceClock(3_600_001);
    try {
      await expectUnauthorized(h.client(credentials).listTags("auto/private"));
      // The fixed password does not expire.
      expect(await h.client(h.owner).listTags("auto/private")).toEqual(["v1"]);
    } finally {
      h.emulator.admin.advanceClock(-3_600_001);
    }
  });

  it("lets anyone pull a PUBLIC repository but not push to it, and refuses anonymous access to a PRIVATE one", async () => {
    const anonymous = h.client();
    expect((await anonymous.getManifest("manual/open", "v1")).digest).toBe(image.manifest.digest);
    await expectRegistryError(anonymous.putManifest("manual/open", "v2", image.manifest.bytes, image.mediaType), 401, "UNAUTHORIZED");
    await expectRegistryError(anonymous.getManifest("auto/private", "v1"), 401, "UNAUTHORIZED");
    const direct = await request(`http://${h.host}/v2/auto/private/manifests/v1`);
    expect(direct.statusCode).toBe(401);
    expect(direct.headers["www-authenticate"]).toContain('scope="repository:auto/private:pull"');
    await direct.body.dump();
  });

  it("gives a RAM user only what its policies allow: nothing, then pull, then push", async () => {
    const dev = { username: "dev", password: PASSWORD };
    await expectRegistryError(h.client(dev).listTags("auto/private"), 403, "DENIED");

    await allow("registry-pull", ["cr:PullRepository"]);
    expect(await h.client(dev).listTags("auto/private")).toEqual(["v1"]);
    const pushed = randomImage({ layers: 1 });
    const message = await expectRegistryError(pushImage(h.client({ username: `dev@${h.owner.username}`, password: PASSWORD }), "auto/private", "v2", pushed), 403, "DENIED");
    expect(message).toContain("cr:PushRepository");

    // The user's own temporary token carries the same permissions.
    const devClients = clientsFor(h.emulator, devKeys);
    try {
      const token = await devClients.cr.getAuthorizationToken({ InstanceId: INSTANCE });
      const viaToken = { username: token.TempUsername, password: token.AuthorizationToken };
      expect(await h.client(viaToken).listTags("auto/private")).toEqual(["v1"]);
      await expectRegistryError(pushImage(h.client(viaToken), "auto/private", "v2", pushed), 403, "DENIED");

      await allow("registry-push", ["cr:PushRepository"]);
      await pushImage(h.client(viaToken), "auto/private", "v2", pushed);
      expect(await h.client(dev).listTags("auto/private")).toEqual(["v1", "v2"]);
    } finally {
      await devClients.close();
    }
  });
});
