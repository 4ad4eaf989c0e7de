import { describe, expect, it } from "vitest";
import { AdaptiveRateLimiter, sharedRateLimiter, type RateLimiterClock } from "../../../sdk/transport/rate-limiter";

/** A clock that only moves when someone sleeps (or the test advances it). */
function fakeClock(): RateLimiterClock & { advance(ms: number): void; slept: number[] } {
  let now = 10_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms) => void (now += ms),
  };
}

async function sendAll(limiter: AdaptiveRateLimiter, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await limiter.acquire();
}

describe("AdaptiveRateLimiter", () => {
  it("does not limit a client that has never been throttled", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({}, clock);
    await sendAll(limiter, 500);
    expect(clock.slept).toEqual([]);
    expect(limiter.currentRate).toBeUndefined();
  });

  it("drops to 70 % of the rate it was sending at when throttled, and then paces requests to it", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({}, clock);
    await sendAll(limiter, 50); // 50 requests in the last second
    limiter.record("throttled");
    expect(limiter.currentRate).toBeCloseTo(35);
    const start = clock.now();
    await sendAll(limiter, 70);
    // 70 requests at 35/s take two seconds (the bucket starts empty).
    expect(clock.now() - start).toBeGreaterThanOrEqual(1_950);
    expect(clock.now() - start).toBeLessThanOrEqual(2_100);
  });

  it("counts a burst of throttles within one interval as one signal", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ minRatePerSecond: 1 }, clock);
    await sendAll(limiter, 40);
    for (let i = 0; i < 10; i++) limiter.record("throttled");
    expect(limiter.currentRate).toBeCloseTo(28);
    clock.advance(1_000);
    await sendAll(limiter, 20); // within the refilled bucket: no wait
    expect(clock.slept).toEqual([]);
    limiter.record("throttled");
    expect(limiter.currentRate).toBeCloseTo(14);
  });

  it("never goes below its minimum rate", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ minRatePerSecond: 8 }, clock);
    for (let i = 0; i < 30; i++) {
      limiter.record("throttled");
      clock.advance(1_000);
    }
    expect(limiter.currentRate).toBe(8);
  });

  it("regains rate in throttle-free seconds and stops limiting above its maximum", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ minRatePerSecond: 8, increasePerSecond: 4, maxRatePerSecond: 40 }, clock);
    limiter.record("throttled");
    expect(limiter.currentRate).toBe(8);
    clock.advance(2_000);
    limiter.record("ok");
    expect(limiter.currentRate).toBeCloseTo(16);
    clock.advance(5_000);
    limiter.record("ok");
    expect(limiter.currentRate).toBeCloseTo(36);
    clock.advance(2_000);
    limiter.record("ok");
    expect(limiter.currentRate).toBeUndefined();
  });

  it("serves waiters in arrival order", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ minRatePerSecond: 10 }, clock);
    limiter.record("throttled");
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("sharedRateLimiter", () => {
  it("gives every caller of the process the same limiter for one endpoint and key, and another for another", () => {
    const a = sharedRateLimiter("cr cr.cn-hangzhou.aliyuncs.com LTAI-A");
    expect(sharedRateLimiter("cr cr.cn-hangzhou.aliyuncs.com LTAI-A")).toBe(a);
    expect(sharedRateLimiter("cr cr.cn-hangzhou.aliyuncs.com LTAI-B")).not.toBe(a);
    expect(sharedRateLimiter("cr cr.cn-shanghai.aliyuncs.com LTAI-A")).not.toBe(a);
  });
});
