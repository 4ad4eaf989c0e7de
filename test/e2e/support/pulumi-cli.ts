/**
 * The real Pulumi CLI for end-to-end runs: scripts/ensure-pulumi.sh finds or builds it (a cold
 * build takes minutes; a cached one seconds) and prints its bin directory as the last stdout line.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "../../..");

let ensured: Promise<string> | undefined;

/** The directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
export function ensurePulumiBin(onProgress: (line: string) => void = () => {}): Promise<string> {
  ensured ??= new Promise<string>((resolve, reject) => {
    const child = execFile("bash", [path.join(repoRoot, "scripts", "ensure-pulumi.sh")], { cwd: repoRoot, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) {
        ensured = undefined;
        reject(new Error(`scripts/ensure-pulumi.sh failed: ${stderr.trim().split("\n").slice(-5).join("\n")}`));
        return;
      }
      const bin = stdout.trim().split("\n").pop() ?? "";
      if (!fs.existsSync(path.join(bin, "pulumi"))) reject(new Error(`scripts/ensure-pulumi.sh printed "${bin}", which holds no pulumi binary`));
      else resolve(bin);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) onProgress(line.trim());
    });
  });
  return ensured;
}

/**
 * A PulumiCommand for that bin directory. Automation API wants an install root with `bin/pulumi`
 * and prepends that bin to every subprocess's PATH, so the language host and the dynamic-provider
 * plugin beside it are found.
 */
export async function pulumiCommandFor(binDir: string): Promise<PulumiCommand> {
  let root = path.dirname(binDir);
  if (path.basename(binDir) !== "bin") {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-root-"));
    fs.symlinkSync(binDir, path.join(root, "bin"), "dir");
  }
  return PulumiCommand.get({ root });
}
