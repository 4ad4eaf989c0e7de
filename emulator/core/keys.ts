/**
 * Who owns an AccessKeyId: an account owner, a RAM user or an STS role session. The index is
 * rebuilt only when the state revision moves, so the hot path (every signed call) is one Map lookup.
 */

import type { AccessKeyRecord, UserRecord } from "../ram/state";
import type { StsSession } from "../sts/sessions";
import type { AccountState, EmulatorState, RootAccessKey } from "./state";

export type KeyOwner =
  | { kind: "root"; account: AccountState; key: RootAccessKey }
  | { kind: "user"; account: AccountState; user: UserRecord; key: AccessKeyRecord }
  | { kind: "sts"; session: StsSession };

export class KeyIndex {
  private built = -1;
  private readonly byId = new Map<string, KeyOwner>();

  /** `revision` is the state's change counter; a different value triggers a rebuild. */
  lookup(state: EmulatorState, revision: number, accessKeyId: string): KeyOwner | undefined {
    if (revision !== this.built) this.rebuild(state, revision);
    return this.byId.get(accessKeyId);
  }

  private rebuild(state: EmulatorState, revision: number): void {
    this.byId.clear();
    for (const account of Object.values(state.accounts)) {
      for (const key of account.rootKeys) this.byId.set(key.accessKeyId, { kind: "root", account, key });
      for (const user of Object.values(account.ram.users)) {
        for (const key of user.accessKeys) this.byId.set(key.accessKeyId, { kind: "user", account, user, key });
      }
    }
    for (const session of Object.values(state.sts.sessions)) this.byId.set(session.accessKeyId, { kind: "sts", session });
    this.built = revision;
  }
}

/** The secret that signs for this key. */
export function ownerSecret(owner: KeyOwner): string {
  return owner.kind === "sts" ? owner.session.accessKeySecret : owner.key.accessKeySecret;
}
