/**
 * Step 7: persistence for `--state DIR`. After a mutating call the whole state is written to a
 * temporary file in the same directory, fsynced, renamed over `state.json` and the directory
 * fsynced, all before the answer goes out — so a kill at any moment loses nothing acknowledged.
 * Concurrent callers share writes (group commit): while one write runs, later callers wait for the
 * next one, which captures all their changes at once.
 */

import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-file";
import { STATE_FORMAT_VERSION, type EmulatorState } from "./state";

export const STATE_FILE = "state.json";

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class StateStore {
  private writing = false;
  private waiting: Deferred | undefined;

  /** Without a directory the store keeps nothing: memory-only emulator. */
  constructor(private readonly dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  get persistent(): boolean {
    return this.dir !== undefined;
  }

  /** The saved state, or undefined when there is none yet. */
  load(): EmulatorState | undefined {
    if (!this.dir) return undefined;
    const file = join(this.dir, STATE_FILE);
    if (!existsSync(file)) return undefined;
    const state = JSON.parse(readFileSync(file, "utf8")) as EmulatorState;
    if (state.formatVersion !== STATE_FORMAT_VERSION) {
      throw new Error(`${file} has state format ${String(state.formatVersion)}; this emulator reads format ${STATE_FORMAT_VERSION}`);
    }
    return state;
  }

  /** Resolves once a write that includes every change made before this call is durable. */
  save(state: EmulatorState): Promise<void> {
    if (!this.dir) return Promise.resolve();
    if (!this.writing) return this.run(state);
    this.waiting ??= deferred();
    return this.waiting.promise;
  }

  private async run(state: EmulatorState): Promise<void> {
    this.writing = true;
    try {
      await this.write(JSON.stringify(state));
    } finally {
      this.writing = false;
      const next = this.waiting;
      this.waiting = undefined;
      // Callers that arrived during this write changed the state after it was serialised: write again.
      if (next) this.run(state).then(next.resolve, next.reject);
    }
  }

  private async write(text: string): Promise<void> {
    await writeFileAtomic(this.dir!, STATE_FILE, text);
  }
}
