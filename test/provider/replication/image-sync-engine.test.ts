/**
 * ImageSync under the real Pulumi CLI: `pulumi preview` shows the tags that would copy (plannedTags,
 * listed by the program from a basic-auth docker-registry), `up` copies them into an emulated ACR
 * instance with a temporary token, a new matching tag at the source makes the next preview replace
 * the sync, and the source password stays ciphertext in state. Needs the built package.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { RegistryClient } from "../../../sdk/oci";
import { startRegistry, type TestRegistry } from "../../support/registry";
import { pushImage } from "../../emulator/replication/support";
import { v3Driver } from "../../emulator/cr/official-drivers";
import { openEngineProgram, type EngineProgram } from "../engine-harness";

const LOGIN = { username: "syncer", password: "Engine-Source-Pass-9" };

let emulator: RunningEmulator;
let src: TestRegistry;
let source: RegistryClient;
let program: EngineProgram | undefined;
const pulumi: EngineProgram["pulumi"] = (args) => program!.pulumi(args);

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const acr = require("pulumi-acr-ee");
const cfg = new pulumi.Config();
const sync = new acr.ImageSync("mirror", {
  source: cfg.require("source"),
  target: cfg.require("target"),
  tags: "/^v/",
  sourceCredentials: { username: "${LOGIN.username}", password: cfg.requireSecret("sourcePassword") },
  sourceInsecure: true,
  targetInsecure: true,
  targetInstanceId: cfg.require("instanceId"),
});
exports.copiedTags = sync.copiedTags;
exports.images = sync.images;
`;

type Step = { op: string; urn: string; newState?: { inputs?: Record<string, unknown> } };
const syncStep = (preview: { steps: Step[] }) => preview.steps.find((s) => s.urn.endsWith("::mirror"))!;

beforeAll(async () => {
  [emulator, src] = await Promise.all([startEmulator({}), startRegistry({ basicAuth: LOGIN })]);
  source = new RegistryClient({ registry: src.url, credentials: LOGIN });
  for (const tag of ["v1", "v2", "dev"]) await pushImage(source, "library/app", tag, [2048]);
  const [a] = emulator.seed.accounts;
  const instanceId = a!.instances[0]!.instanceId;
  const keys = { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret };
  await v3Driver(emulator.port).call("CreateNamespace", { RegionId: "cn-hangzhou", InstanceId: instanceId, NamespaceName: "mirror", AutoCreateRepo: true }, keys);

  program = await openEngineProgram("sync-engine", PROGRAM);
  const config: Array<[string, string, boolean?]> = [
    ["alicloud:region", "cn-hangzhou"],
    ["alicloud:accessKey", keys.accessKeyId],
    ["alicloud:secretKey", keys.accessKeySecret, true],
    ["alicloud:endpoints", JSON.stringify([{ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint }])],
    ["instanceId", instanceId],
    ["source", `${src.host}/library/app`],
    ["target", `${emulator.dataPlane.hostFor(instanceId)!}/mirror/app`],
    ["sourcePassword", LOGIN.password, true],
  ];
  await program.setConfig(config);
}, 180_000);

afterAll(async () => {
  await program?.dispose();
  await source?.close();
  await Promise.all([emulator?.stop(), src?.close()]);
}, 180_000);

describe("ImageSync under the real Pulumi engine", () => {
  it("previews the tags it would copy, copies them, and copies again when the source gains a matching tag", async () => {
    const host = `${src.host}/library/app`;
    const preview = JSON.parse((await pulumi(["preview", "--json"])).stdout);
    expect(syncStep(preview).newState!.inputs!.plannedTags).toEqual([`${host}:v1`, `${host}:v2`]);

    await pulumi(["up", "--yes", "--skip-preview"]);
    const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout);
    expect(outputs.copiedTags).toEqual([`${host}:v1`, `${host}:v2`]);
    await pulumi(["preview", "--expect-no-changes"]);
    const exported = (await pulumi(["stack", "export"])).stdout;
    expect(exported).not.toContain(LOGIN.password);

    const v3 = await pushImage(source, "library/app", "v3", [2048]);
    const next = JSON.parse((await pulumi(["preview", "--json"])).stdout);
    expect(syncStep(next).op).toBe("replace");
    expect(syncStep(next).newState!.inputs!.plannedTags).toEqual([`${host}:v1`, `${host}:v2`, `${host}:v3`]);
    await pulumi(["up", "--yes", "--skip-preview"]);
    const images = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout).images as Array<{ tags: Array<{ tag: string; digest: string; status: string }> }>;
    expect(images[0]!.tags).toEqual([
      expect.objectContaining({ tag: "v1", status: "unchanged" }),
      expect.objectContaining({ tag: "v2", status: "unchanged" }),
      { tag: "v3", digest: v3.digest, status: "copied" },
    ]);
  }, 600_000);
});
