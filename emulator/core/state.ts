/**
 * The whole emulator state: one JSON-serialisable object, passed around and never held in module
 * globals, so a test can run several emulators in one process and persistence is one write.
 */

import type { AccessKeyRecord, RamState } from "../ram/state";
import type { StsState } from "../sts/sessions";

/** The owner's keys have the same shape as a RAM user's. */
export type RootAccessKey = AccessKeyRecord;

export interface AccountState {
  name: string;
  /** 16-digit account UID. */
  uid: string;
  rootKeys: RootAccessKey[];
  ram: RamState;
}

export interface EmulatorState {
  /** Bumped on incompatible layout changes so an old state file is refused instead of misread. */
  formatVersion: 1;
  accounts: Record<string, AccountState>;
  /** The CR service's state (emulator/cr), covering every account: cross-account rules show on both ends. */
  cr: unknown;
  sts: StsState;
}

export const STATE_FORMAT_VERSION = 1 as const;
