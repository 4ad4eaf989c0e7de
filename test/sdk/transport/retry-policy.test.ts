import { describe, expect, it } from "vitest";
import { AcsError, CredentialsError } from "../../../sdk/errors";
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  withRetry,
  type RetryPolicy,
} from "../../../sdk/transport/retry";

const policy: RetryPolicy = { maxAttempts: 5, maxAmbiguousAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 100, throttleBaseDelayMs: 500, maxDelayMs: 2_000 };

function failure(code: string, httpStatus: number, retryAfterMs?: number) {
  return { code, httpStatus, retryAfterMs };
}

const decide = (error: ReturnType<typeof failure>, idempotent: boolean, attempt = 1, elapsedMs = 0, random = 0.5) =>
  decideRetry({ error, attempt, elapsedMs, idempotent }, policy, random);

describe("backoff", () => {
  it("doubles the ceiling each attempt and caps it at maxDelayMs", () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, "server", policy, 0.999999));
    expect(ceilings).toEqual([99, 199, 399, 799, 1599, 1999]);
  });

  it("is fully jittered: anywhere from zero up to the ceiling, scaled by the random draw", () => {
    expect(backoffDelay(3, "server", policy, 0)).toBe(0);
    expect(backoffDelay(3, "server", policy, 0.25)).toBe(100);
    expect(backoffDelay(3, "server", policy, 0.5)).toBe(200);
  });

  it("starts from a larger base for throttling than for server errors", () => {
    expect(backoffDelay(1, "throttling", policy, 0.5)).toBe(250);
    expect(backoffDelay(1, "server", policy, 0.5)).toBe(50);
  });
});

describe("decideRetry", () => {
  it.each([
    ["Throttling.User", 400],
    ["Throttling", 400],
    ["Throttling.Api", 400],
    ["Anything", 429],
    ["ServiceUnavailable", 503],
    ["InternalError", 500],
    ["Http502", 502],
    ["SystemError", 200],
    ["ConnectionReset", 0],
    ["RequestTimeout", 0],
    ["ConnectionRefused", 0],
    ["ConnectTimeout", 0],
  ])("retries %s (HTTP %i) for an idempotent call", (code, status) => {
    expect(decide(failure(code, status), true).retry).toBe(true);
  });

  it.each([
    ["InvalidParameter", 400],
    ["NAMESPACE_NOT_EXIST", 200],
    ["EntityNotExist.Role", 404],
    ["SignatureDoesNotMatch", 400],
    ["InvalidResponse", 200],
    ["TlsError", 0],
  ])("does not retry %s (HTTP %i): trying again cannot help", (code, status) => {
    expect(decide(failure(code, status), true).retry).toBe(false);
  });

  it("retries a create after throttling or a refused connection: the service never saw it", () => {
    expect(decide(failure("Throttling.User", 400), false).retry).toBe(true);
    expect(decide(failure("Busy", 429), false).retry).toBe(true);
    expect(decide(failure("ConnectionRefused", 0), false).retry).toBe(true);
    expect(decide(failure("ConnectTimeout", 0), false).retry).toBe(true);
  });

  it("does not repeat a create after a 5xx, a reset or a timeout: it may have succeeded", () => {
    for (const error of [failure("InternalError", 500), failure("ServiceUnavailable", 503), failure("ConnectionReset", 0), failure("RequestTimeout", 0)]) {
      const decision = decide(error, false);
      expect(decision.retry, error.code).toBe(false);
      expect(decision.reason).toContain("may have been processed");
    }
  });

  it("waits exactly the service's retry-after instead of the jittered backoff", () => {
    const decision = decide(failure("Throttling.User", 400, 1_234), true, 1, 0, 0.9);
    expect(decision).toMatchObject({ retry: true, delayMs: 1_234, kind: "throttling" });
  });

  it("stops once maxAttempts attempts have been made", () => {
    expect(decide(failure("InternalError", 500), true, 4).retry).toBe(true);
    expect(decide(failure("InternalError", 500), true, 5)).toMatchObject({ retry: false, reason: "gave up after 5 attempts" });
  });

  it("by default retries throttling and never-sent failures until the 5-minute deadline, however many attempts that takes", () => {
    const defaults = (error: ReturnType<typeof failure>, idempotent: boolean, attempt: number, elapsedMs: number) =>
      decideRetry({ error, attempt, elapsedMs, idempotent }, DEFAULT_RETRY_POLICY, 0.5);
    expect(DEFAULT_RETRY_POLICY.maxElapsedMs).toBe(300_000);
    expect(defaults(failure("Throttling.User", 400), false, 40, 200_000).retry).toBe(true);
    expect(defaults(failure("ConnectionRefused", 0), false, 40, 200_000).retry).toBe(true);
    expect(defaults(failure("Throttling.User", 400, 1_000), false, 40, 299_500).retry).toBe(false);
  });

  it("keeps the attempt cap for failures that may have been processed, even for idempotent calls", () => {
    const defaults = (error: ReturnType<typeof failure>, attempt: number) =>
      decideRetry({ error, attempt, elapsedMs: 1_000, idempotent: true }, DEFAULT_RETRY_POLICY, 0.5);
    expect(defaults(failure("InternalError", 500), 4).retry).toBe(true);
    expect(defaults(failure("InternalError", 500), 5)).toMatchObject({ retry: false, reason: "gave up after 5 attempts that may each have been processed" });
    expect(defaults(failure("ConnectionReset", 0), 5).retry).toBe(false);
  });

  it("stops when the next wait would pass the elapsed-time budget", () => {
    expect(decide(failure("Throttling", 400, 5_000), true, 1, 54_000).retry).toBe(true);
    expect(decide(failure("Throttling", 400, 5_000), true, 1, 56_000).retry).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("reads x-acs-retry-after as milliseconds and prefers it", () => {
    expect(parseRetryAfter({ "x-acs-retry-after": "1500", "retry-after": "9" }, now)).toBe(1_500);
  });
  it("reads Retry-After as seconds", () => {
    expect(parseRetryAfter({ "retry-after": "3" }, now)).toBe(3_000);
  });
  it("reads Retry-After as an HTTP date relative to now", () => {
    expect(parseRetryAfter({ "retry-after": "Wed, 01 Jan 2025 00:00:07 GMT" }, now)).toBe(7_000);
  });
  it("ignores values it cannot read", () => {
    expect(parseRetryAfter({ "retry-after": "soon", "x-acs-retry-after": "-1" }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
});

describe("withRetry", () => {
  const fakeTime = () => {
    let clock = 0;
    const sleeps: number[] = [];
    return {
      sleeps,
      deps: { now: () => clock, sleep: async (ms: number) => void (sleeps.push(ms), (clock += ms)), random: () => 0.5 },
    };
  };

  it("records the attempt count on the error it finally throws", async () => {
    const time = fakeTime();
    const error = await withRetry(
      async () => {
        throw new AcsError({ code: "InternalError", message: "boom", httpStatus: 500, operation: "GetRole" });
      },
      { idempotent: true, policy: { ...policy, maxAttempts: 3 }, deps: time.deps },
    ).catch((e: unknown) => e);
    expect(AcsError.is(error) && error.attempts).toBe(3);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it("returns the first success after transient failures", async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await withRetry(
      async (n) => {
        calls++;
        if (n < 3) throw new AcsError({ code: "Throttling.User", message: "slow down", httpStatus: 400, operation: "ListRoles" });
        return "done";
      },
      { idempotent: true, policy, deps: time.deps },
    );
    expect(result).toBe("done");
    expect(calls).toBe(3);
    expect(time.sleeps).toEqual([250, 500]);
  });

  it("does not count throttled attempts against the cap for ambiguous failures", async () => {
    const time = fakeTime();
    const script = ["Throttling.User", "Throttling.User", "Throttling.User", "Throttling.User", "InternalError", "InternalError"];
    let calls = 0;
    const result = await withRetry(
      async (n) => {
        calls++;
        const code = script[n - 1];
        if (code) throw new AcsError({ code, message: "later", httpStatus: code === "InternalError" ? 500 : 400, operation: "GetRepository" });
        return "read";
      },
      { idempotent: true, policy: { ...policy, maxAttempts: 100, maxAmbiguousAttempts: 3 }, deps: time.deps },
    );
    expect(result).toBe("read");
    expect(calls).toBe(7);
  });

  it("throws a non-service error at once without retrying", async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new CredentialsError("no credentials");
      },
      { idempotent: true, policy: DEFAULT_RETRY_POLICY, deps: fakeTime().deps },
    ).catch((e: unknown) => e);
    expect(CredentialsError.is(error)).toBe(true);
    expect(calls).toBe(1);
  });
});
