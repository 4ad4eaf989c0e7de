/**
 * One e2e file at a time across vitest's worker processes: each `pulumi up` starts the CLI, the
 * language host, ts-node and the provider process, and on a 2-core machine parallel stacks only
 * make each other slow enough to hit timeouts. A lock file holding the owner's PID; a dead owner's
 * lock is taken over.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./pulumi-cli";

const lockPath = path.join(os.tmpdir(), `pulumi-acr-ee-e2e-${createHash("sha256").update(repoRoot).digest("hex").slice(0, 12)}.lock`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(): number | undefined {
  try {
    return Number(fs.readFileSync(lockPath, "utf8").trim() || "0");
  } catch {
    return undefined;
  }
}

/** Waits for the lock; returns its release. */
export async function acquireE2eLock(): Promise<() => void> {
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => {
        if (readOwner() === process.pid) fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner();
      if (owner === undefined) continue; // released meanwhile
      if (owner && !alive(owner)) fs.rmSync(lockPath, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
