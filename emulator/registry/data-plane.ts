/**
 * What the rest of the emulator sees of the data plane: one OCI registry per instance, each on its
 * own loopback port. The sync executor (emulator/replication) copies through these hosts with the
 * system credentials.
 */

export interface DataPlane {
  /** "127.0.0.1:<port>" of an instance's registry, or undefined. */
  hostFor(instanceId: string): string | undefined;
  /** Credentials with full push/pull on every instance; for the emulator's own sync executor only (never persisted, random per process). */
  systemCredentials: { username: string; password: string };
  stop(): Promise<void>;
}

/** The data plane of an emulator started with `registry: false`: no hosts, nothing to stop. */
export const NO_DATA_PLANE: DataPlane = {
  hostFor: () => undefined,
  systemCredentials: { username: "", password: "" },
  stop: () => Promise.resolve(),
};
