/** The executor's task queue on its own: the bound, dropping a waiting task, and surviving a runner that throws. */

import { describe, expect, it } from "vitest";
import { TaskQueue } from "../../../emulator/replication/queue";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("TaskQueue", () => {
  it("runs at most `limit` tasks at once, in arrival order, and starts the next when one ends", async () => {
    const gates = new Map(["t1", "t2", "t3"].map((id) => [id, gate()]));
    const started: string[] = [];
    const queue = new TaskQueue(2, async (id) => {
      started.push(id);
      await gates.get(id)!.opened;
    });
    for (const id of gates.keys()) queue.add(id);
    expect(started).toEqual(["t1", "t2"]);
    expect({ active: queue.active, queued: queue.queued }).toEqual({ active: 2, queued: 1 });
    gates.get("t2")!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["t1", "t2", "t3"]);
  });

  it("never starts a dropped task, and ignores a task added twice", async () => {
    const hold = gate();
    const started: string[] = [];
    const queue = new TaskQueue(1, async (id) => {
      started.push(id);
      await hold.opened;
    });
    queue.add("a");
    queue.add("b");
    queue.add("b");
    expect(queue.queued).toBe(1);
    expect(queue.drop("b")).toBe(true);
    expect(queue.drop("a")).toBe(false);
    hold.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["a"]);
  });

  it("keeps going after a runner rejects or throws", async () => {
    const started: string[] = [];
    const queue = new TaskQueue(1, (id) => {
      started.push(id);
      if (id === "sync-throw") throw new Error("thrown before any promise");
      return id === "bad" ? Promise.reject(new Error("boom")) : Promise.resolve();
    });
    queue.add("bad");
    queue.add("sync-throw");
    queue.add("good");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual(["bad", "sync-throw", "good"]);
    expect(queue.active).toBe(0);
  });
});
