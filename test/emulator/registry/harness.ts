/**
 * An emulator with its data plane for registry tests: account A's Advanced instance with a login
 * password and namespaces (`auto` creates repositories on push, `manual` does not), control-plane
 * clients, and registry clients for any credentials. Pushes go through our sdk/oci client.
 */

import { expect } from "vitest";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";
import { createClients, type Clients } from "../../../sdk/clients";
import { RegistryClient, type RegistryCredentials } from "../../../sdk/oci";
import type { RandomImage, RandomIndex } from "../../support/oci-layout";

export const PASSWORD = "Registry-Test-Pass-1";
export const INSTANCE = "cri-emuaadvanced0001";
export const OTHER_INSTANCE = "cri-emuabasic0000001";

export interface Harness {
  emulator: RunningEmulator;
  /** Account A's owner. */
  cr: Clients;
  host: string;
  owner: RegistryCredentials;
  client(credentials?: RegistryCredentials, instanceId?: string): RegistryClient;
  close(): Promise<void>;
}

export function clientsFor(
  emulator: RunningEmulator,
  keys: { accessKeyId: string; accessKeySecret: string; securityToken?: string },
  region = "cn-hangzhou",
): Clients {
  return createClients({
    region,
    endpoints: { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint },
    credentials: async () => ({
      accessKeyId: keys.accessKeyId,
      accessKeySecret: keys.accessKeySecret,
      securityToken: keys.securityToken,
      source: "emulator seed",
    }),
    retry: { maxAttempts: 1 },
  });
}

export async function startHarness(options: EmulatorOptions = {}, prepare = true): Promise<Harness> {
  const emulator = await startEmulator(options);
  const account = emulator.seed.accounts[0]!;
  const cr = clientsFor(emulator, account);
  if (prepare) {
    await cr.cr.resetLoginPassword({ InstanceId: INSTANCE, Password: PASSWORD });
    await cr.cr.createNamespace({ InstanceId: INSTANCE, NamespaceName: "auto", AutoCreateRepo: true, DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false } });
    await cr.cr.createNamespace({ InstanceId: INSTANCE, NamespaceName: "manual", AutoCreateRepo: false, DefaultRepoConfiguration: { RepoType: "PRIVATE", TagImmutability: false } });
  }
  const clients: RegistryClient[] = [];
  const owner = { username: account.name, password: PASSWORD };
  return {
    emulator,
    cr,
    host: emulator.dataPlane.hostFor(INSTANCE)!,
    owner,
    client(credentials, instanceId = INSTANCE) {
      const client = new RegistryClient({ registry: `http://${emulator.dataPlane.hostFor(instanceId)!}`, credentials, retry: { maxAttempts: 1 } });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await cr.close();
      await emulator.stop();
    },
  };
}

/** Pushes an image's blobs and manifest; returns the manifest digest. */
export async function pushImage(client: RegistryClient, repository: string, tag: string, image: RandomImage): Promise<string> {
  for (const blob of [image.config, ...image.layers]) await client.uploadBlob(repository, blob.digest, blob.bytes, blob.size);
  return client.putManifest(repository, tag, image.manifest.bytes, image.mediaType);
}

export async function pushIndex(client: RegistryClient, repository: string, tag: string, index: RandomIndex): Promise<string> {
  for (const image of index.images) await pushImage(client, repository, image.manifest.digest, image);
  return client.putManifest(repository, tag, index.index.bytes, index.mediaType);
}

/** Asserts a registry call fails with this HTTP status and OCI error code; returns the message. */
export async function expectRegistryError(call: Promise<unknown>, status: number, code: string): Promise<string> {
  const error = (await call.then(
    () => {
      throw new Error(`expected ${status} ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  )) as { status?: number; errors?: Array<{ code: string; message?: string }> };
  expect({ status: error.status, code: error.errors?.[0]?.code }).toEqual({ status, code });
  return error.errors?.[0]?.message ?? "";
}

/**
 * Asserts a login is refused. Our client learns it from the token endpoint's 401 (it does not
 * surface that body's OCI code), so only the status is compared.
 */
export async function expectUnauthorized(call: Promise<unknown>): Promise<void> {
  const error = (await call.then(
    () => {
      throw new Error("expected 401, but the call succeeded");
    },
    (e: unknown) => e,
  )) as { status?: number };
  expect(error.status).toBe(401);
}
