/**
 * Service time. Tests move it forward (admin `POST /__emulator/clock`) to see STS credentials
 * expire without waiting; request freshness (the ±15-minute Timestamp window) stays on the host
 * clock, because that is the clock clients on this host sign with.
 */

export interface Clock {
  now(): Date;
  /** Milliseconds added to the host clock. */
  offsetMs: number;
}

export function createClock(base: () => number = Date.now): Clock {
  return {
    offsetMs: 0,
    now() {
      return new Date(base() + this.offsetMs);
    },
  };
}
