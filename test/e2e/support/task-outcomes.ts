/**
 * A rule's tasks in each end state a user meets (SUCCESS, ERROR, CANCELED), produced the way they
 * happen: a push the rule copies, a source that serves a corrupted layer, and a copy slowed down and
 * cancelled through the official client. After each, `refresh` must work and a preview with
 * `--expect-no-changes` must pass: a finished task only changes the rule's outputs, never its inputs.
 */
import { expect } from "vitest";
import type { RunningEmulator } from "./emulator";
import type { ExampleStack } from "./example-stack";
import { pushTinyImage, type Login } from "./images";
import type { Body, CrClient } from "./official";

export interface RuleSource {
  emulator: RunningEmulator;
  /** The official client for the rule's source instance. */
  cr: CrClient;
  instanceId: string;
  registry: string;
  login: Login;
  /** `namespace/name` the rule replicates. */
  repository: string;
}

export type TaskEnd = "SUCCESS" | "ERROR" | "CANCELED";

/** Pushes `tag` and drives the task the rule starts for it into `end`; returns the finished task. */
export async function ruleTaskEndingIn(source: RuleSource, tag: string, end: TaskEnd): Promise<Body> {
  const layers = { instanceId: source.instanceId, method: "GET", path: "/blobs/sha256:" };
  // The copy reads the source's layers after the push has finished, so these faults hit only the copy.
  if (end === "ERROR") source.emulator.admin.setFaults({ registry: [{ kind: "corrupt", ...layers }] });
  if (end === "CANCELED") source.emulator.admin.setFaults({ registry: [{ kind: "latency", latencyMs: 20_000, ...layers }] });
  try {
    await pushTinyImage(source.registry, source.login, source.repository, tag);
    if (end === "CANCELED") {
      const running = await waitForTask(source, tag, (t) => t.TaskStatus === "SYNCHRONIZING" || t.TaskStatus === "PENDING");
      await source.cr.call("CancelRepoSyncTask", { InstanceId: source.instanceId, SyncTaskId: String(running.SyncTaskId) });
    }
    const finished = await waitForTask(source, tag, (t) => ["SUCCESS", "ERROR", "CANCELED"].includes(String(t.TaskStatus)));
    expect(finished.TaskStatus, `task for ${tag}: ${JSON.stringify(finished)}`).toBe(end);
    return finished;
  } finally {
    source.emulator.admin.setFaults({});
  }
}

async function waitForTask(source: RuleSource, tag: string, done: (task: Body) => boolean): Promise<Body> {
  const [namespace, repo] = source.repository.split("/");
  const deadline = Date.now() + 60_000;
  for (;;) {
    const listed = await source.cr.call("ListRepoSyncTask", { InstanceId: source.instanceId, RepoNamespaceName: namespace!, RepoName: repo!, Tag: tag, PageSize: 10 });
    const task = ((listed.SyncTasks as Body[] | undefined) ?? [])[0];
    if (task && done(task)) return task;
    if (Date.now() > deadline) throw new Error(`the rule's task for ${tag} did not reach the expected state in 60 s: ${JSON.stringify(task)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * For each end state in turn: a task of the rule ends so, then `refresh` succeeds and
 * `preview --expect-no-changes` passes. The rule's read reports the tasks (latestTasks), with the
 * failure's reason where the task has one.
 */
export async function expectRefreshCleanAfterEveryTaskEnd(example: ExampleStack, source: RuleSource, ruleResource: string, tagPrefix: string): Promise<void> {
  for (const end of ["SUCCESS", "ERROR", "CANCELED"] as const) {
    const tag = `${tagPrefix}-${end.toLowerCase()}`;
    const task = await ruleTaskEndingIn(source, tag, end);
    const refreshed = await example.stack.refresh();
    expect(refreshed.summary.result, `refresh after a ${end} task`).toBe("succeeded");
    const latest = latestTasksOf(await example.exportState().then((e) => e.deployment), ruleResource);
    expect(latest.find((t) => t.syncTaskId === task.SyncTaskId), `latestTasks after ${end}`).toMatchObject({ status: end, tag });
    await example.stack.preview({ expectNoChanges: true });
  }
}

interface StateResource {
  urn: string;
  outputs?: Record<string, unknown>;
}

function latestTasksOf(deployment: unknown, ruleResource: string): Array<Record<string, unknown>> {
  const resources = ((deployment as { deployment?: { resources?: StateResource[] } }).deployment?.resources ?? []) as StateResource[];
  const rule = resources.find((r) => r.urn.endsWith(`::${ruleResource}`) && r.urn.includes("ReplicationRule"));
  if (!rule) throw new Error(`no ReplicationRule named ${ruleResource} in the state`);
  return (rule.outputs?.latestTasks as Array<Record<string, unknown>> | undefined) ?? [];
}
