/**
 * Preview shows which tags ImageSync would copy: the class lists the source's tags in the program
 * (reads only) into `plannedTags`, so `pulumi preview` prints them, and a new matching tag at the
 * source makes the next `up` copy again. Checked under pulumi mocks in preview mode against a real
 * basic-auth docker-registry.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryClient } from "../../../sdk/oci";
import { ImageSync } from "../../../provider/resources/image-sync/resource";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { pushImage } from "../../emulator/replication/support";
import { dispatch, PROVIDER_TEXT } from "../harness";

const LOGIN = { username: "syncer", password: "Source-Pass-123" };
let src: TestRegistry;
let client: RegistryClient;

beforeAll(async () => {
  src = await startRegistry({ basicAuth: LOGIN });
  client = new RegistryClient({ registry: src.url, credentials: LOGIN });
  for (const tag of ["v1", "v2", "dev"]) await pushImage(client, "library/app", tag, [1000]);
  pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "project", "stack", true);
});
afterAll(async () => {
  await client?.close();
  await src?.close();
});

function planned(args: ConstructorParameters<typeof ImageSync>[1]): Promise<unknown> {
  const seen: Array<Record<string, unknown>> = [];
  new ImageSync("sync", args, { transformations: [(a) => (seen.push(a.props), undefined)] });
  const tags = seen[0]!.plannedTags as pulumi.Output<string[] | undefined> | undefined;
  return new Promise((resolve) => (tags ? tags.apply((value) => resolve(value)) : resolve(undefined)));
}

describe("ImageSync at preview", () => {
  it("lists the tags a /regex/ would copy, with the source's basic credentials", async () => {
    const base = { source: `${src.host}/library/app`, target: "registry.example.com/team/app", sourceCredentials: LOGIN, sourceInsecure: true };
    expect(await planned({ ...base, tags: "/^v/" })).toEqual([`${src.host}/library/app:v1`, `${src.host}/library/app:v2`]);
    expect(await planned(base)).toEqual(["dev", "v1", "v2"].map((t) => `${src.host}/library/app:${t}`));
    expect(await planned({ ...base, planAtPreview: false })).toBeUndefined();
  });

  it("copies again when the source gains a matching tag", async () => {
    const olds = { source: `${src.host}/library/app`, target: "r.example.com/t/app", plannedTags: ["a:v1"], images: [], bytesMoved: 0, __provider: PROVIDER_TEXT };
    const diff = await dispatch.diff("ImageSync", "sync-1", olds, { ...olds, plannedTags: ["a:v1", "a:v2"] });
    expect(diff).toMatchObject({ changes: true, replaces: ["plannedTags"] });
  });
});
