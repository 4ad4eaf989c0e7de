/**
 * Nonces seen within the replay window. A request is only accepted within ±15 minutes of its
 * signed timestamp, so a nonce needs remembering until that window closes; entries are kept in
 * arrival order and dropped from the front. A hard cap bounds memory under sustained load: past it
 * the oldest entries go first (documented weakening rather than unbounded growth).
 */

export const REPLAY_WINDOW_MS = 15 * 60 * 1000;

export class NonceCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly maxEntries = 250_000) {}

  /** Records the nonce; returns false when it was already seen and is still inside its window. */
  remember(key: string, nowMs: number, signedAtMs: number): boolean {
    this.prune(nowMs);
    const known = this.expiries.get(key);
    if (known !== undefined && known > nowMs) return false;
    this.expiries.delete(key); // Re-insert at the back so arrival order stays expiry order.
    this.expiries.set(key, Math.max(nowMs, signedAtMs) + REPLAY_WINDOW_MS);
    while (this.expiries.size > this.maxEntries) {
      const oldest = this.expiries.keys().next().value as string;
      this.expiries.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private prune(nowMs: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry > nowMs) break;
      this.expiries.delete(key);
    }
  }
}
