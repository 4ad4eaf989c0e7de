/**
 * Step 5: fault injection, from `--faults FILE` or the admin endpoint. Rules apply globally or per
 * action (the action's rule overrides the global one field by field). Decisions come from a seeded
 * PRNG that draws the same numbers in the same order for every request, so a run with the same seed
 * and the same call sequence sees the same faults.
 *
 * `registry` holds data-plane rules (emulator/registry), matched in order by instance, method and a
 * path regex, each firing with its probability and at most `count` times. They draw from a PRNG of
 * their own, so adding them never shifts the control plane's fault sequence.
 */

import { seededRandom } from "./seeded-random";
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

export const RegistryFaultRuleSchema = z
  .object({
    /**
     * latency: wait `latencyMs`, then answer normally; error: answer `status` without handling;
     * reset: destroy the socket without answering; corrupt: flip a byte of a blob GET body;
     * truncate: end a blob GET body halfway (the declared length stays, so the client sees a short read).
     */
    kind: z.enum(["latency", "error", "reset", "corrupt", "truncate"]),
    /** Only this instance's registry; default all. */
    instanceId: z.string().optional(),
    /** Only this HTTP method (upper case); default all. */
    method: z.string().regex(/^[A-Z]+$/, "method must be upper case, e.g. GET").optional(),
    /** A regular expression tested against the request path (without the query); default all. */
    path: z
      .string()
      .refine((source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      }, "path must be a valid regular expression")
      .optional(),
    /** Chance that a matching request is hit; default 1. */
    probability: rate.optional(),
    /** Fire at most this many times (counted per configuration); default unlimited. */
    count: z.number().int().min(1).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  })
  .strict();

export const FaultConfigSchema = z
  .object({
    seed: z.number().int().optional(),
    global: FaultRuleSchema.optional(),
    actions: z.record(z.string(), FaultRuleSchema).optional(),
    registry: z.array(RegistryFaultRuleSchema).optional(),
  })
  .strict();

export type FaultRule = z.infer<typeof FaultRuleSchema>;
export type RegistryFaultRule = z.infer<typeof RegistryFaultRuleSchema>;
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export interface RegistryFaultDecision {
  /** Summed over the latency rules that fired. */
  latencyMs: number;
  outcome: "none" | "error" | "reset" | "corrupt" | "truncate";
  status: number;
}

export interface FaultDecision {
  latencyMs: number;
  outcome: "none" | "throttle" | "error" | "reset";
  retryAfterMs: number;
  errorStatus: 500 | 503;
  resetAfterCommit: boolean;
}


/** Control-plane faults actually injected since the last configure, by kind. */
export interface InjectedFaults {
  throttle: number;
  error: number;
  reset: number;
  resetAfterCommit: number;
}

const noFaults = (): InjectedFaults => ({ throttle: 0, error: 0, reset: 0, resetAfterCommit: 0 });

export class FaultInjector {
  private config: FaultConfig = {};
  private counts: InjectedFaults = noFaults();
  private random: () => number = seededRandom(0);
  private registryRandom: () => number = seededRandom(0);
  /** Times each registry rule has fired, by index, since the last configure. */
  private fired: number[] = [];

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  /** Replaces the configuration and restarts the PRNG from its seed. */
  configure(config: FaultConfig): void {
    this.config = FaultConfigSchema.parse(config);
    this.random = seededRandom(this.config.seed ?? 0);
    this.registryRandom = seededRandom((this.config.seed ?? 0) ^ 0x5eed);
    this.fired = (this.config.registry ?? []).map(() => 0);
    this.counts = noFaults();
  }

  /** What was injected since the last configure, so a test can prove its faults really fired. */
  injected(): InjectedFaults {
    return { ...this.counts };
  }

  /** The pipeline applies a reset-after-commit only when the handler succeeded; it reports it here. */
  noteResetAfterCommit(): void {
    this.counts.resetAfterCommit++;
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
    if (outcome !== "none") this.counts[outcome]++;
    return {
      latencyMs: rule.latencyMs ?? 0,
      outcome,
      retryAfterMs: rule.retryAfterMs ?? 1000,
      errorStatus: rule.errorStatus ?? 503,
      resetAfterCommit: outcome === "none" && resetAfter < (rule.resetAfterCommitRate ?? 0),
    };
  }

  get registryActive(): boolean {
    return (this.config.registry ?? []).length > 0;
  }

  /** The data-plane fault for one registry request (first non-latency rule that fires wins). */
  decideRegistry(instanceId: string, method: string, path: string): RegistryFaultDecision {
    const decision: RegistryFaultDecision = { latencyMs: 0, outcome: "none", status: 503 };
    const rules = this.config.registry ?? [];
    rules.forEach((rule, index) => {
      if (rule.instanceId !== undefined && rule.instanceId !== instanceId) return;
      if (rule.method !== undefined && rule.method !== method) return;
      if (rule.path !== undefined && !new RegExp(rule.path).test(path)) return;
      if (rule.count !== undefined && (this.fired[index] ?? 0) >= rule.count) return;
      // Drawn for every matching rule, fired or not, so the sequence depends only on the requests.
      const draw = this.registryRandom();
      if (draw >= (rule.probability ?? 1)) return;
      if (rule.kind === "latency") {
        decision.latencyMs += rule.latencyMs ?? 0;
      } else if (decision.outcome === "none") {
        decision.outcome = rule.kind;
        decision.status = rule.status ?? 503;
      } else {
        return;
      }
      this.fired[index] = (this.fired[index] ?? 0) + 1;
    });
    return decision;
  }
}
