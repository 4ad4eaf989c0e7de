/**
 * Drives the provider the way the dynamic-provider host does (configure once, then check / diff /
 * create / read / update / delete with plain property bags) against an in-process emulator.
 */
import { startEmulator, type RunningEmulator, type SeedFile } from "../../emulator";
import { closeAllClients } from "../../provider/clients";
import * as dispatch from "../../provider/dispatch";
import { v3Driver, type CrDriver, type Keys } from "../emulator/cr/official-drivers";

type Bag = Record<string, unknown>;

export interface ProviderHarness {
  emulator: RunningEmulator;
  /** Account A's owner keys, as the stack config carries them. */
  keysA: Keys;
  keysB: Keys;
  uidA: string;
  uidB: string;
  /** Account A's Advanced instance in cn-hangzhou. */
  instanceA: string;
  /** The official V3 client, for out-of-band changes. */
  cr: CrDriver;
  crAsA(action: string, params: Record<string, string | number | boolean>): Promise<Bag>;
  /** A connection input reaching account B through the emulator. */
  connectionB: Bag;
  stop(): Promise<void>;
}

/** `seed` replaces the emulator's default seed (emulator/seed/default.json). */
export async function startProviderHarness(options: { seed?: SeedFile } = {}): Promise<ProviderHarness> {
  const emulator = await startEmulator({ seed: options.seed });
  const [a, b] = emulator.seed.accounts;
  const keysA = { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret };
  const keysB = { accessKeyId: b!.accessKeyId, accessKeySecret: b!.accessKeySecret };
  const endpoints = { cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint };
  const config: Record<string, string> = {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": keysA.accessKeyId,
    "alicloud:secretKey": keysA.accessKeySecret,
    "alicloud:endpoints": JSON.stringify([endpoints]),
  };
  dispatch.configure((key) => config[key]);
  const cr = v3Driver(emulator.port);
  return {
    emulator,
    keysA,
    keysB,
    uidA: a!.uid,
    uidB: b!.uid,
    instanceA: a!.instances[0]!.instanceId,
    cr,
    async crAsA(action, params) {
      const outcome = await cr.call(action, { RegionId: "cn-hangzhou", ...params }, keysA);
      if (!outcome.ok) throw new Error(`${action} failed: ${outcome.code}`);
      return outcome.body;
    },
    connectionB: { region: "cn-shanghai", accessKey: keysB.accessKeyId, secretKey: keysB.accessKeySecret, endpoints },
    async stop() {
      dispatch.resetConfiguration();
      await closeAllClients();
      await emulator.stop();
    },
  };
}

/** A fake serialized provider text, as the engine would carry it in every bag. */
export const PROVIDER_TEXT = "exports.handler = () => ({});";

/** What the engine stores after create: the outputs plus __provider. */
export function stateAfterCreate(created: { outs: Bag }): Bag {
  return { ...created.outs, __provider: PROVIDER_TEXT };
}

export { dispatch };
