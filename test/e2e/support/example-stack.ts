/**
 * One example program (examples/<name>) as a fresh stack of the real CLI: local file backend and
 * PULUMI_HOME in a temp dir, a passphrase secrets provider, no update checks, no plugin downloads,
 * and the alicloud:* stack config pointing cr/ram/sts at an emulator.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { ensurePulumiBin, pulumiCommandFor, repoRoot } from "./pulumi-cli";

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface ExampleStackOptions {
  /** Directory name under examples/. */
  example: string;
  /** The emulator's `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** The stack's default credentials (alicloud:accessKey / alicloud:secretKey). */
  keys: Keys;
  region: string;
  /** The example's own config (project namespace), plain. */
  config?: Record<string, string>;
  /** The example's own config stored as secrets. */
  secrets?: Record<string, string>;
  /** Start of the stack name (default "e2e"); a PID and time suffix keeps runs apart. */
  stackPrefix?: string;
}

export interface ExampleStack {
  stack: Stack;
  workDir: string;
  stackName: string;
  /** The environment every CLI call gets. */
  envVars: Record<string, string>;
  /** Runs the CLI itself (e.g. `stack export`, which Automation API always runs with --show-secrets). */
  cli(args: string[]): Promise<string>;
  /** `pulumi stack export` as a user runs it: secrets stay encrypted. */
  exportState(): Promise<{ text: string; deployment: Record<string, unknown> }>;
  /** Removes the stack, its config file in the example dir and the temp dir (call after destroy). */
  dispose(): Promise<void>;
}

export const PASSPHRASE = "e2e-passphrase-not-a-secret";

/** The alicloud:endpoints value for an emulator serving CR, RAM and STS on one port. */
export function emulatorEndpoints(endpoint: string): string {
  return JSON.stringify({ cr: endpoint, ram: endpoint, sts: endpoint });
}

export async function openExampleStack(options: ExampleStackOptions): Promise<ExampleStack> {
  const binDir = await ensurePulumiBin();
  const pulumiCommand = await pulumiCommandFor(binDir);
  const workDir = path.join(repoRoot, "examples", options.example);
  if (!fs.existsSync(path.join(workDir, "Pulumi.yaml"))) throw new Error(`examples/${options.example} has no Pulumi.yaml`);

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${options.example}-`));
  const backend = path.join(temp, "state");
  const home = path.join(temp, "pulumi-home");
  fs.mkdirSync(backend);
  fs.mkdirSync(home);
  // Unique per run: the stack's config file lands in the example dir (examples/.gitignore ignores it).
  const stackName = `${options.stackPrefix ?? "e2e"}-${process.pid}-${Date.now().toString(36)}`;
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
  };

  const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir }, { pulumiCommand, envVars, pulumiHome: home });
  await stack.setAllConfig({
    "alicloud:region": { value: options.region },
    "alicloud:accessKey": { value: options.keys.accessKeyId },
    "alicloud:secretKey": { value: options.keys.accessKeySecret, secret: true },
    "alicloud:endpoints": { value: emulatorEndpoints(options.endpoint) },
    ...Object.fromEntries(Object.entries(options.config ?? {}).map(([k, value]) => [k, { value }])),
    ...Object.fromEntries(Object.entries(options.secrets ?? {}).map(([k, value]) => [k, { value, secret: true }])),
  });

  const cli = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const env = { ...process.env, ...envVars };
      execFile(path.join(binDir, "pulumi"), [...args, "--stack", stackName, "--non-interactive"], { cwd: workDir, env, maxBuffer: 256 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`pulumi ${args.join(" ")} failed: ${stderr}`)) : resolve(stdout),
      );
    });

  return {
    stack,
    workDir,
    stackName,
    envVars,
    cli,
    async exportState() {
      const text = await cli(["stack", "export"]);
      return { text, deployment: JSON.parse(text) as Record<string, unknown> };
    },
    async dispose() {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      fs.rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
      fs.rmSync(temp, { recursive: true, force: true });
    },
  };
}
