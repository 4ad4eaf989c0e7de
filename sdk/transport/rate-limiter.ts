/**
 * Client-side adaptive rate limiting, in the spirit of the AWS SDKs' "adaptive" retry mode: a
 * token bucket whose rate is unlimited until the service throttles, then follows AIMD, as TCP does
 * with congestion:
 * - on throttling the rate drops to 70 % of what was being sent (at most once per
 *   `decreaseIntervalMs`, so one burst of refusals counts as one signal, not twenty);
 * - every throttle-free second adds `increasePerSecond` back, and above `maxRatePerSecond` the
 *   bucket stops limiting altogether.
 * Retries alone only space out each caller's attempts; 200 resources retrying independently still
 * hit a throttled API at full speed. One limiter per endpoint and account, shared by every client
 * in the process (see {@link sharedRateLimiter}), makes them back off together.
 */

export interface RateLimiterOptions {
  /** The slowest the limiter goes, however often the service throttles. @default 8 */
  minRatePerSecond: number;
  /** Above this the limiter is switched off again. @default 100 */
  maxRatePerSecond: number;
  /** Rate regained per throttle-free second. @default 4 */
  increasePerSecond: number;
  /** Throttles closer together than this are one signal. @default 1000 */
  decreaseIntervalMs: number;
}

export const DEFAULT_RATE_LIMITER_OPTIONS: Readonly<RateLimiterOptions> = Object.freeze({
  minRatePerSecond: 8,
  maxRatePerSecond: 100,
  increasePerSecond: 4,
  decreaseIntervalMs: 1000,
});

export interface RateLimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const systemClock: RateLimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How many requests were sent in the last second, for the "70 % of what was being sent" rule. */
const WINDOW_MS = 1000;

export class AdaptiveRateLimiter {
  private readonly options: RateLimiterOptions;
  private readonly clock: RateLimiterClock;
  /** Requests per second, or undefined while unlimited. */
  private rate: number | undefined;
  private tokens = 0;
  private refilledAt = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private lastIncreaseAt = 0;
  private readonly sent: number[] = [];
  /** Waiters are served in order, so a slow limiter never starves the first caller. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: Partial<RateLimiterOptions> = {}, clock: RateLimiterClock = systemClock) {
    this.options = { ...DEFAULT_RATE_LIMITER_OPTIONS, ...options };
    this.clock = clock;
  }

  /** The current limit in requests per second; undefined when not limiting. */
  get currentRate(): number | undefined {
    return this.rate;
  }

  /** Waits for a token. Resolves at once while unlimited. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Tells the limiter how a request it let through ended. */
  record(outcome: "throttled" | "ok"): void {
    const now = this.clock.now();
    if (outcome === "throttled") {
      if (now - this.lastDecreaseAt < this.options.decreaseIntervalMs) return;
      const measured = Math.max(this.sentInWindow(now), 1);
      const from = this.rate === undefined ? measured : Math.min(this.rate, measured);
      this.setRate(Math.max(this.options.minRatePerSecond, from * 0.7), now);
      this.lastDecreaseAt = now;
      this.lastIncreaseAt = now;
      return;
    }
    if (this.rate === undefined) return;
    const seconds = (now - this.lastIncreaseAt) / 1000;
    if (seconds <= 0) return;
    this.lastIncreaseAt = now;
    const next = this.rate + seconds * this.options.increasePerSecond;
    if (next > this.options.maxRatePerSecond) this.rate = undefined;
    else this.rate = next;
  }

  private setRate(rate: number, now: number): void {
    this.rate = rate;
    this.tokens = Math.min(this.tokens, rate);
    this.refilledAt = now;
  }

  private sentInWindow(now: number): number {
    while (this.sent.length > 0 && this.sent[0]! <= now - WINDOW_MS) this.sent.shift();
    return this.sent.length;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.rate === undefined) return this.note(now);
      // A bucket of one second's worth: a short burst is allowed, a sustained one is paced.
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return this.note(now);
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    }
  }

  private note(now: number): void {
    this.sent.push(now);
    this.sentInWindow(now);
  }
}

const shared = new Map<string, AdaptiveRateLimiter>();

/**
 * The process-wide limiter for one endpoint and account. Every resource of a provider process that
 * talks to the same host with the same key slows down together when that key is throttled.
 */
export function sharedRateLimiter(key: string): AdaptiveRateLimiter {
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new AdaptiveRateLimiter();
    shared.set(key, limiter);
  }
  return limiter;
}
