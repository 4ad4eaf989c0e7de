/** Shared set-up for the replication tests: namespaces, repositories and pushed tags in the emulator. */
import { addPassiveTasks, recordTag, type CrState } from "../../../emulator/cr";
import type { ProviderHarness } from "../harness";

export const SOURCE_BASIC = "cri-emuabasic0000001";

export function crState(h: ProviderHarness): CrState {
  return h.emulator.runtime.state.cr as CrState;
}

/** A fake sha256 digest that differs per label. */
export function fakeDigest(label: string): string {
  return `sha256:${Buffer.from(label).toString("hex").padEnd(64, "0").slice(0, 64)}`;
}

/** Record a pushed tag the way the data plane would, and start the tasks of the automatic rules it matches. */
export function push(h: ProviderHarness, instanceId: string, namespace: string, repo: string, tag: string): string[] {
  const state = crState(h);
  const result = recordTag(state, instanceId, namespace, repo, { tag, digest: fakeDigest(`${repo}:${tag}`), size: 1024 });
  const tasks = addPassiveTasks(state, { regionId: "cn-hangzhou", instanceId, namespaceName: namespace, repoName: repo, tag }, result.matchedRules, Date.now());
  return tasks.map((t) => t.syncTaskId);
}

export async function namespaceIn(h: ProviderHarness, instanceId: string, name: string, autoCreateRepo = true, keys = h.keysA, region = "cn-hangzhou"): Promise<void> {
  const outcome = await h.cr.call("CreateNamespace", { RegionId: region, InstanceId: instanceId, NamespaceName: name, AutoCreateRepo: autoCreateRepo }, keys);
  if (!outcome.ok && outcome.code !== "NAMESPACE_ALREADY_EXIST") throw new Error(`CreateNamespace ${name}: ${outcome.code}`);
}

export async function repoIn(h: ProviderHarness, instanceId: string, namespace: string, name: string, keys = h.keysA, region = "cn-hangzhou"): Promise<void> {
  const outcome = await h.cr.call(
    "CreateRepository",
    { RegionId: region, InstanceId: instanceId, RepoNamespaceName: namespace, RepoName: name, RepoType: "PRIVATE", Summary: name },
    keys,
  );
  if (!outcome.ok && outcome.code !== "REPO_ALREADY_EXIST") throw new Error(`CreateRepository ${name}: ${outcome.code}`);
}
