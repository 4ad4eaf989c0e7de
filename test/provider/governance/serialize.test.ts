import { describe, expect, it } from "vitest";
import { serializedBy } from "../../../provider/resources/serialize";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("serializedBy", () => {
  it("runs work for one key one at a time, in order, while other keys run alongside", async () => {
    const inFlight: Record<string, number> = {};
    const most: Record<string, number> = {};
    const order: string[] = [];
    const job = (key: string, n: number) =>
      serializedBy(key, async () => {
        inFlight[key] = (inFlight[key] ?? 0) + 1;
        most[key] = Math.max(most[key] ?? 0, inFlight[key]!);
        order.push(`${key}${n}`);
        await tick();
        inFlight[key]! -= 1;
        return n;
      });
    const results = await Promise.all([job("a", 1), job("b", 1), job("a", 2), job("b", 2), job("a", 3)]);
    expect(results).toEqual([1, 1, 2, 2, 3]);
    expect(most).toEqual({ a: 1, b: 1 });
    expect(order.filter((o) => o.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    // b1 started before a1 finished: keys do not wait for each other.
    expect(order.indexOf("b1")).toBeLessThan(order.indexOf("a2"));
  });

  it("lets the next job run after one fails, and reports the failure to its caller only", async () => {
    const failing = serializedBy("k", async () => {
      await tick();
      throw new Error("boom");
    });
    const next = serializedBy("k", async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });
});
