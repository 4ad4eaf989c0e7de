import { describe, expect, it } from "vitest";
import { Semaphore } from "../../../sdk/oci/pool";

/** A task that stays open until released, recording how many ran at once. */
function gate() {
  let open = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const task = () =>
    new Promise<void>((resolve) => {
      peak = Math.max(peak, ++open);
      releases.push(() => {
        open--;
        resolve();
      });
    });
  return { task, releaseAll: () => releases.splice(0).forEach((r) => r()), get open() { return open; }, get peak() { return peak; } };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Semaphore as the copy engine's adaptive concurrency bound", () => {
  it("halves its limit once per burst of 429s and starts nothing until the pause ends", async () => {
    let now = 1_000;
    const slots = new Semaphore(8, () => now);
    slots.slowDown(500);
    slots.slowDown(500);
    slots.slowDown(500);
    expect(slots.currentLimit).toBe(4);

    const g = gate();
    const runs = Array.from({ length: 6 }, () => slots.run(g.task));
    await tick();
    expect(g.open).toBe(0);
    now += 500;
    await new Promise((resolve) => setTimeout(resolve, 520));
    expect(g.open).toBe(4);
    g.releaseAll();
    await tick();
    g.releaseAll();
    await Promise.all(runs);
    expect(g.peak).toBe(4);
  });

  it("gives a slot back after 4 × size successes in a row, up to the size asked for", async () => {
    const slots = new Semaphore(2, () => 0);
    slots.slowDown(0);
    expect(slots.currentLimit).toBe(1);
    for (let i = 0; i < 7; i++) await slots.run(async () => undefined);
    expect(slots.currentLimit).toBe(1);
    await slots.run(async () => undefined);
    expect(slots.currentLimit).toBe(2);
    for (let i = 0; i < 20; i++) await slots.run(async () => undefined);
    expect(slots.currentLimit).toBe(2);
  });

  it("frees a waiting retry's slot for another task and takes one again afterwards", async () => {
    const slots = new Semaphore(1);
    const order: string[] = [];
    let resume!: () => void;
    const sleep = () => new Promise<void>((resolve) => (resume = resolve));
    const retrying = slots.run(async () => {
      order.push("first try");
      await slots.yieldFor(10, sleep);
      order.push("retry");
    });
    const other = slots.run(async () => void order.push("other"));
    await tick();
    expect(order).toEqual(["first try", "other"]);
    resume();
    await Promise.all([retrying, other]);
    expect(order).toEqual(["first try", "other", "retry"]);
    // Exactly one slot is free again: two tasks cannot overlap.
    const g = gate();
    const a = slots.run(g.task);
    const b = slots.run(g.task);
    await tick();
    expect(g.open).toBe(1);
    g.releaseAll();
    await tick();
    g.releaseAll();
    await Promise.all([a, b]);
  });
});
