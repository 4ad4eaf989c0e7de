/**
 * Step 5: fault injection, from `--faults FILE` or the admin endpoint. Rules apply globally or per
 * action (the action's rule overrides the global one field by field). Decisions come from a seeded
 * PRNG that draws the same numbers in the same order for every request, so a run with the same seed
 * and the same call sequence sees the same faults.
 */

import { z } from "zod";

const rate = z.number().min(0).max(1);

export const FaultRuleSchema = z
  .object({
    /** Added before the request is handled. */
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    /** Answer 400 `Throttling.User` with `x-acs-retry-after`. */
    throttleRate: rate.optional(),
    retryAfterMs: z.number().int().min(1).max(600_000).optional(),
    /** Answer a 5xx without running the handler. */
    errorRate: rate.optional(),
    errorStatus: z.union([z.literal(500), z.literal(503)]).optional(),
    /** Destroy the socket before the handler runs: nothing happened. */
    resetRate: rate.optional(),
    /** Destroy the socket after the change is committed: it happened, but the caller cannot know. */
    resetAfterCommitRate: rate.optional(),
  })
  .strict();

export const FaultConfigSchema = z
  .object({
    seed: z.number().int().optional(),
    global: FaultRuleSchema.optional(),
    actions: z.record(z.string(), FaultRuleSchema).optional(),
  })
  .strict();

export type FaultRule = z.infer<typeof FaultRuleSchema>;
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export interface FaultDecision {
  latencyMs: number;
  outcome: "none" | "throttle" | "error" | "reset";
  retryAfterMs: number;
  errorStatus: 500 | 503;
  resetAfterCommit: boolean;
}

/** mulberry32: tiny, fast and good enough to spread faults; repeatable from a 32-bit seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private config: FaultConfig = {};
  private random: () => number = mulberry32(0);

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  /** Replaces the configuration and restarts the PRNG from its seed. */
  configure(config: FaultConfig): void {
    this.config = FaultConfigSchema.parse(config);
    this.random = mulberry32(this.config.seed ?? 0);
  }

  current(): FaultConfig {
    return this.config;
  }

  get active(): boolean {
    return this.config.global !== undefined || Object.keys(this.config.actions ?? {}).length > 0;
  }

  decide(action: string): FaultDecision {
    const rule: FaultRule = { ...this.config.global, ...this.config.actions?.[action] };
    // Always draw all four, so one action's rule does not shift the sequence another action sees.
    const [throttle, error, reset, resetAfter] = [this.random(), this.random(), this.random(), this.random()];
    let outcome: FaultDecision["outcome"] = "none";
    if (throttle < (rule.throttleRate ?? 0)) outcome = "throttle";
    else if (error < (rule.errorRate ?? 0)) outcome = "error";
    else if (reset < (rule.resetRate ?? 0)) outcome = "reset";
    return {
      latencyMs: rule.latencyMs ?? 0,
      outcome,
      retryAfterMs: rule.retryAfterMs ?? 1000,
      errorStatus: rule.errorStatus ?? 503,
      resetAfterCommit: outcome === "none" && resetAfter < (rule.resetAfterCommitRate ?? 0),
    };
  }
}
