/**
 * Calls a repository's webhooks after a push (which triggers fire, and the body, are
 * cr/trigger-delivery.ts). A push never waits for them: `pushed` only starts the work. Each call is
 * a JSON POST with a per-attempt timeout; anything but a 2xx answer is retried, up to `attempts`
 * in all, with growing pauses. Every delivery's status (PENDING → SUCCESS | FAILED, attempts, last
 * HTTP status, last error) is kept on its trigger and persisted with the emulator state.
 * Redirects are not followed (a 3xx is a failed attempt): the URL the user gave is the one called.
 */

import type { EmulatorRuntime } from "../core/runtime";
import type { TriggerDeliveryRecord, TriggerRecord } from "../cr/governance-state";
import { firingTriggers, pushEventBody, startDelivery, type PushedTag } from "../cr/trigger-delivery";

export interface WebhookOptions {
  /** Tries per delivery, the first included. */
  attempts: number;
  /** Pause before retry n (the last value repeats). */
  retryDelaysMs: number[];
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { attempts: 3, retryDelaysMs: [250, 1000], timeoutMs: 3000 };

export class WebhookSender {
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly options: WebhookOptions = DEFAULT_WEBHOOK_OPTIONS,
  ) {}

  /** Starts a delivery for every trigger of the repository that fires for this tag; returns at once. */
  pushed(push: PushedTag): void {
    for (const trigger of firingTriggers(push.repo, push.tag)) {
      const delivery = startDelivery(trigger, push);
      const work = this.deliver(trigger, delivery, pushEventBody(push)).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    }
  }

  /** Resolves when every delivery started so far has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Abandons pending retries and open calls; their deliveries end FAILED ("emulator stopped"). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private async deliver(trigger: TriggerRecord, delivery: TriggerDeliveryRecord, body: Record<string, unknown>): Promise<void> {
    await this.persist();
    const payload = JSON.stringify(body);
    while (delivery.attempts < this.options.attempts && !this.stopping.signal.aborted) {
      if (delivery.attempts > 0) await this.pause(delivery.attempts - 1);
      if (this.stopping.signal.aborted) break;
      delivery.attempts++;
      const outcome = await this.attempt(trigger.triggerUrl, payload);
      delivery.httpStatus = outcome.status;
      delivery.error = outcome.error;
      if (!outcome.error) {
        delivery.status = "SUCCESS";
        break;
      }
      if (delivery.attempts < this.options.attempts) await this.persist();
    }
    if (delivery.status !== "SUCCESS") {
      delivery.status = "FAILED";
      if (this.stopping.signal.aborted && !delivery.error) delivery.error = "emulator stopped";
    }
    await this.persist();
  }

  private async attempt(url: string, payload: string): Promise<{ status: number; error: string }> {
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopping.signal]);
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload, redirect: "manual", signal });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      return { status: response.status, error: ok ? "" : `the webhook answered HTTP ${response.status}` };
    } catch (error) {
      const why = (error as Error).name === "TimeoutError" ? `no answer within ${this.options.timeoutMs} ms` : this.stopping.signal.aborted ? "emulator stopped" : describe(error);
      return { status: 0, error: why };
    }
  }

  private pause(retry: number): Promise<void> {
    const delays = this.options.retryDelaysMs;
    const ms = delays[Math.min(retry, delays.length - 1)] ?? 0;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.stopping.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    });
  }

  private async persist(): Promise<void> {
    this.runtime.revision++;
    try {
      await this.runtime.store.save(this.runtime.state);
    } catch (error) {
      process.stderr.write(`[emulator webhooks] saving a delivery status failed: ${describe(error)}\n`);
    }
  }
}

/** The error and its cause (fetch wraps the socket error: "fetch failed" ← ECONNREFUSED). */
function describe(error: unknown): string {
  const e = error as Error & { cause?: Error & { code?: string } };
  return e.cause ? `${e.message}: ${e.cause.code ?? e.cause.message}` : String(e.message ?? error);
}
