/**
 * The OCI distribution-spec conformance suite (the real one, built from Go modules by
 * scripts/ensure-conformance.sh and cached in .tools/) against an emulated ACR EE instance:
 * pull, push, content discovery (tag list, referrers) and content management (deletes) all on,
 * logging in with the instance password set through ResetLoginPassword, pushing into a namespace
 * with AutoCreateRepo. A failed build fails this file. Every suite case must pass except those in
 * KNOWN_FAILURES, each named with the reason; a known failure that starts passing fails the test
 * too, so the list cannot go stale.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createClients, type Clients } from "../../sdk/clients";
import { ensureConformanceSuite, runConformanceSuite, type SuiteCase, type SuiteResult } from "./suite";

/** Suite cases (by name) the emulator cannot pass, and why. Keep in step with bench/results/conformance.md. */
const KNOWN_FAILURES: Record<string, string> = {};

const NAMESPACE = "conformance";
const PASSWORD = "Conformance-Pass-1";

let emulator: RunningEmulator;
let clients: Clients;
let resultsDir: string;
let result: SuiteResult;

beforeAll(async () => {
  // The build first: when Go or the module proxy is missing, nothing else is worth starting.
  const binary = await ensureConformanceSuite();
  emulator = await startEmulator({});
  const account = emulator.seed.accounts[0]!;
  const instance = account.instances.find((i) => i.registry)!;
  if (!instance) throw new Error("no seeded instance serves a registry");
  clients = createClients({
    region: instance.regionId,
    endpoints: { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint },
    credentials: async () => ({ accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret, source: "test seed" }),
  });
  await clients.cr.resetLoginPassword({ InstanceId: instance.instanceId, Password: PASSWORD });
  await clients.cr.createNamespace({ InstanceId: instance.instanceId, NamespaceName: NAMESPACE, AutoCreateRepo: true, DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false } });
  resultsDir = await mkdtemp(join(tmpdir(), "oci-conformance-"));
  result = await runConformanceSuite({
    binary,
    registry: instance.registry!,
    repo1: `${NAMESPACE}/repo1`,
    repo2: `${NAMESPACE}/repo2`,
    username: account.name,
    password: PASSWORD,
    resultsDir,
  });
}, 20 * 60_000);

afterAll(async () => {
  await clients?.close();
  await emulator?.stop();
  if (resultsDir) await rm(resultsDir, { recursive: true, force: true });
});

const failed = (c: SuiteCase) => c.status === "failure" || c.status === "error";
const firstLine = (c: SuiteCase) => `${c.name}: ${c.message.split("\n")[0]}`;

/** The console's "API conformance" block: one status per API the suite judged. */
function apiStatuses(console: string): Record<string, string> {
  const block = console.slice(console.indexOf("API conformance:"), console.indexOf("Data conformance:"));
  const statuses: Record<string, string> = {};
  for (const match of block.matchAll(/^\s+(.+?)\.*:\s+(\S+)\s*$/gm)) statuses[match[1]!.trim()] = match[2]!;
  return statuses;
}

describe("OCI distribution-spec conformance against an emulated instance", () => {
  it("passes every case of pull, push, content discovery and content management", () => {
    const unexpected = result.cases.filter((c) => failed(c) && !(c.name in KNOWN_FAILURES)).map(firstLine);
    expect(unexpected).toEqual([]);
    // A run that quietly tested little must not look green: 695 leaf cases (862 suite steps) today.
    expect(result.cases.filter((c) => c.status === "passed").length).toBeGreaterThanOrEqual(650);
    expect(result.totals.passed).toBeGreaterThanOrEqual(800);
  });

  it("judged each workflow's APIs, and all of them pass", () => {
    const statuses = apiStatuses(result.console);
    const workflows = {
      pull: ["Blob get", "Blob get range", "Blob head", "Manifest get by digest", "Manifest get by tag", "Manifest head by digest", "Manifest head by tag"],
      push: ["Blob push", "Blob post only", "Blob post put", "Blob chunked", "Blob streaming", "Blob mount", "Blob anonymous mount", "Blob upload cancel", "Manifest put by digest", "Manifest put by tag", "Manifest put with subject"],
      contentDiscovery: ["Tag listing", "Referrers"],
      contentManagement: ["Tag delete", "Tag delete atomic", "Manifest delete", "Manifest delete atomic", "Blob delete", "Blob delete atomic"],
    };
    for (const [workflow, apis] of Object.entries(workflows)) {
      expect({ workflow, statuses: apis.map((api) => `${api}: ${statuses[api]}`) }).toEqual({ workflow, statuses: apis.map((api) => `${api}: Pass`) });
    }
  });

  it("fails exactly the known failures, so a fix shows up here", () => {
    const failing = new Set(result.cases.filter(failed).map((c) => c.name));
    expect(Object.keys(KNOWN_FAILURES).filter((name) => !failing.has(name))).toEqual([]);
  });

  it("exits 0, as the suite does only when nothing failed", () => {
    expect(result.exitCode).toBe(result.cases.some(failed) ? 1 : 0);
  });

  it("skips nothing: every optional answer the suite accepts as \"unsupported\" is implemented", () => {
    expect(result.cases.filter((c) => c.status === "skipped").map(firstLine)).toEqual([]);
  });
});
