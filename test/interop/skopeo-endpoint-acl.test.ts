/**
 * The internet endpoint's ACL and switch as the real `skopeo` meets them on loopback: with only
 * 10.0.0.0/8 allowed, `skopeo login` and a push are refused with the registry's DENIED error; an
 * entry covering 127.0.0.1 lets the same commands through; a disabled endpoint refuses again while
 * the control plane keeps answering. The ACL is changed through the sdk's CrClient.
 */

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomImage, writeOciLayout } from "../support/oci-layout";
import { INSTANCE, PASSWORD, startHarness, type Harness } from "../emulator/registry/harness";

const run = promisify(execFile);
/**
 * skopeo pings `/v2/` before anything else and reports a refusal there by its status alone
 * ("invalid status code from registry 403 (Forbidden)"); where it reads the body it shows DENIED.
 */
const DENIED = /403 \(Forbidden\)|denied/i;
const SKOPEO = process.env.SKOPEO_BIN ?? "skopeo";

/** skopeo's outcome: its stdout, or the refusal it printed. */
async function skopeo(...args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(SKOPEO, ["--insecure-policy", ...args], { timeout: 60_000 });
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === "ENOENT") throw new Error(`skopeo was not found (${SKOPEO}); install it (apt-get install skopeo) or set SKOPEO_BIN`);
    return { ok: false, output: e.stderr ?? e.message };
  }
}

let h: Harness;
let work: string;
let layout: string;
let creds: string;
const endpoint = { InstanceId: INSTANCE, EndpointType: "internet" };

const login = () => skopeo("login", "--tls-verify=false", "--authfile", join(work, "auth.json"), "-u", h.owner.username, "-p", PASSWORD, h.host);
const push = (tag: string) => skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds, `oci:${layout}:v1`, `docker://${h.host}/auto/acl:${tag}`);

beforeAll(async () => {
  await skopeo("--version");
  h = await startHarness();
  creds = `${h.owner.username}:${PASSWORD}`;
  work = await mkdtemp(join(tmpdir(), "skopeo-acl-"));
  layout = join(work, "layout");
  await writeOciLayout(layout, [{ tag: "v1", content: randomImage({ layers: 1, layerBytes: 10_000 }) }]);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("skopeo against the internet endpoint's ACL", () => {
  it("is refused (403 at its /v2/ ping) when no entry covers 127.0.0.1, and let in once one does", async () => {
    expect((await push("before")).ok).toBe(true);
    await h.cr.cr.createInstanceEndpointAclPolicy({ ...endpoint, Entry: "10.0.0.0/8", Comment: "office only" });

    const refusedLogin = await login();
    expect(refusedLogin.ok).toBe(false);
    expect(refusedLogin.output).toMatch(DENIED);
    const refusedPush = await push("during");
    expect(refusedPush.ok).toBe(false);
    expect(refusedPush.output).toMatch(DENIED);
    // The control plane is not behind the endpoint: the push left no tag, and the API says so.
    const repo = await h.cr.cr.getRepository({ InstanceId: INSTANCE, RepoNamespaceName: "auto", RepoName: "acl" });
    const tags = await h.cr.cr.listRepoTag({ InstanceId: INSTANCE, RepoId: repo.RepoId! });
    expect(tags.Images.map((i) => i.Tag)).toEqual(["before"]);

    await h.cr.cr.createInstanceEndpointAclPolicy({ ...endpoint, Entry: "127.0.0.1/32", Comment: "loopback" });
    expect((await login()).ok).toBe(true);
    expect((await push("after")).ok).toBe(true);
    expect((await skopeo("inspect", "--tls-verify=false", "--creds", creds, `docker://${h.host}/auto/acl:after`)).ok).toBe(true);
  });

  it("is refused while the endpoint is disabled, even from an allowed address", async () => {
    await h.cr.cr.updateInstanceEndpointStatus({ ...endpoint, Enable: false });
    const refused = await skopeo("inspect", "--tls-verify=false", "--creds", creds, `docker://${h.host}/auto/acl:after`);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(DENIED);
    await h.cr.cr.updateInstanceEndpointStatus({ ...endpoint, Enable: true });
    expect((await skopeo("inspect", "--tls-verify=false", "--creds", creds, `docker://${h.host}/auto/acl:after`)).ok).toBe(true);
  });
});
