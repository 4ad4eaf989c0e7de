/** The state a fresh emulator starts from: the seed's accounts, their users and keys, and CR's own part. */

import { formatTimestamp } from "../../sdk/signing";
import { initialRamState } from "../ram/state";
import { newNumericId } from "./ids";
import type { SeedFile } from "./seed";
import { STATE_FORMAT_VERSION, type EmulatorState } from "./state";

export function initialState(seed: SeedFile, crInitialState: (seed: SeedFile["accounts"]) => unknown, now: Date): EmulatorState {
  const stamp = formatTimestamp(now);
  const state: EmulatorState = { formatVersion: STATE_FORMAT_VERSION, accounts: {}, cr: crInitialState(seed.accounts), sts: { sessions: {} } };
  for (const account of seed.accounts) {
    state.accounts[account.uid] = {
      name: account.name,
      uid: account.uid,
      rootKeys: [{ accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret, status: "Active", createDate: stamp }],
      ram: initialRamState(account, stamp, () => newNumericId(16)),
    };
  }
  return state;
}
