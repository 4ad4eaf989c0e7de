/**
 * Durable replace of a small file: write a temporary sibling, fsync it, rename it over the target,
 * then fsync the directory, because the rename is only durable once the directory entry is.
 * A kill at any moment leaves either the old content or the new, never a mix.
 */
import { closeSync, fsyncSync, openSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { join } from "node:path";

let sequence = 0;

export async function writeFileAtomic(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, `.${name}.${process.pid}.${++sequence}.tmp`);
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, join(dir, name));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dirFd = openSync(dir, "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
