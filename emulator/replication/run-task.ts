/**
 * One sync task, start to end: PENDING → SYNCHRONIZING, the run-time checks (preflight.ts), the
 * layer plan, the copy with the sdk copy engine between the two instances' registries, then
 * SUCCESS, ERROR (with a readable issue) or — when cancelled — CANCELED with nothing tagged: the
 * engine writes the tagged manifest last, so an abort before it leaves no tag behind.
 */

import { copyReference, RegistryClient, RegistryError } from "../../sdk/oci";
import type { EmulatorRuntime } from "../core/runtime";
import { entry } from "../cr/lookup";
import type { CrState, SyncTaskRecord } from "../cr/state";
import { finishSyncTask, isTerminal, reportSyncProgress } from "../cr/sync-task-store";
import { issueOf, SyncFailure } from "./failure";
import { LayerMeter, planLayers } from "./layers";
import type { StatePersister } from "./persist";
import { preflight } from "./preflight";

/** The abort reason when the emulator shuts down: the task is not failed, it resumes on the next start. */
export class ExecutorStopped extends Error {
  constructor() {
    super("the emulator is stopping");
    this.name = "ExecutorStopped";
  }
}

export interface DataPlaneAccess {
  hostFor(instanceId: string): string | undefined;
  systemCredentials: { username: string; password: string };
}

export interface RunDeps {
  runtime: EmulatorRuntime;
  dataPlane: DataPlaneAccess;
  persister: StatePersister;
  /** Blob transfers at once within one task. */
  blobConcurrency: number;
}

function crState(runtime: EmulatorRuntime): CrState {
  return runtime.state.cr as CrState;
}

function registryClient(deps: RunDeps, instanceId: string, side: "source" | "target"): RegistryClient {
  const host = deps.dataPlane.hostFor(instanceId);
  if (!host) throw new SyncFailure("INTERNAL_ERROR", `the ${side} instance ${instanceId} has no registry running in this emulator`);
  return new RegistryClient({
    registry: `http://${host}`,
    credentials: deps.dataPlane.systemCredentials,
    // Loopback registries: retry transient faults briefly, then let the task fail visibly.
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
  });
}

const now = (runtime: EmulatorRuntime) => runtime.clock.now().getTime();

export async function runSyncTask(deps: RunDeps, taskId: string, signal: AbortSignal): Promise<void> {
  const { runtime, persister } = deps;
  const state = crState(runtime);
  const task: SyncTaskRecord | undefined = entry(state.syncTasks, taskId);
  if (!task || isTerminal(task.status)) return;
  if (!reportSyncProgress(state, taskId, { syncedSize: 0, progress: 0 }, now(runtime))) return;
  await persister.commit();

  const clients: RegistryClient[] = [];
  let meter: LayerMeter | undefined;
  try {
    preflight(runtime, task);
    const source = registryClient(deps, task.from.instanceId, "source");
    clients.push(source);
    const target = registryClient(deps, task.to.instanceId, "target");
    clients.push(target);
    const sourceRepository = `${task.from.namespaceName}/${task.from.repoName}`;
    const targetRepository = `${task.to.namespaceName}/${task.to.repoName}`;

    const plan = await planLayers(source, sourceRepository, task.from.tag, signal).catch((error: unknown) => {
      if (RegistryError.isRegistryError(error) && (error as RegistryError).status === 404) {
        throw new SyncFailure(
          "SOURCE_NOT_FOUND",
          `the source registry of ${task.from.instanceId} has no image for ${sourceRepository}:${task.from.tag} (or one of its manifests); push the image again`,
        );
      }
      throw error;
    });
    const layers = new LayerMeter(plan.layers);
    meter = layers;
    if (!reportSyncProgress(state, taskId, { syncedSize: 0, progress: 0, layerTasks: layers.layers }, now(runtime))) return;
    persister.touch();

    await copyReference({
      // By digest: exactly the image planned above, even if the source tag moves meanwhile.
      source: { client: source, repository: sourceRepository, reference: plan.digest },
      target: { client: target, repository: targetRepository, reference: task.to.tag },
      overwrite: task.override,
      concurrency: deps.blobConcurrency,
      signal,
      onProgress: (event) => {
        layers.onProgress(event);
        if (reportSyncProgress(state, taskId, { syncedSize: layers.bytesDone, progress: layers.fraction }, now(runtime))) persister.touch();
      },
    });
    layers.complete();
    reportSyncProgress(state, taskId, { syncedSize: layers.bytesTotal, progress: 1 }, now(runtime));
    finishSyncTask(state, taskId, { status: "SUCCESS" }, now(runtime));
  } catch (error) {
    // A cancelled task is CANCELED already (CancelRepoSyncTask); a stopping emulator leaves the task
    // unfinished, to be run again on the next start; anything else ends in ERROR.
    if (signal.aborted && signal.reason instanceof ExecutorStopped) return;
    if (!isTerminal(task.status)) {
      meter?.settle("ERROR");
      finishSyncTask(state, taskId, { status: "ERROR", issue: issueOf(error) }, now(runtime));
    }
  } finally {
    await persister.commit();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }
}
