/**
 * A throwaway Pulumi program for tests that run the resources under the real engine: a temp dir
 * with a JavaScript program that requires this package (symlinked, so it needs the built dist/),
 * a local file backend, a passphrase secrets provider and a `dev` stack. The CLI is the one
 * scripts/ensure-pulumi.sh puts in .tools/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repo = path.resolve(__dirname, "../..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface EngineProgram {
  /** Runs the CLI in the program dir; rejects on a non-zero exit unless `allowFailure`. */
  pulumi(args: string[], options?: { allowFailure?: boolean; env?: Record<string, string> }): Promise<CliResult>;
  /** Starts the CLI and returns at once: the child (to kill it) and its result when it ends, whatever the exit. */
  start(args: string[], extraEnv?: Record<string, string>): { child: ChildProcess; done: Promise<CliResult> };
  /** Sets stack config in order; entries marked `secret` are stored encrypted. */
  setConfig(entries: Array<[key: string, value: string, secret?: boolean]>): Promise<void>;
  /** The local file backend's directory (`PULUMI_BACKEND_URL`). */
  stateDir: string;
  /** Destroys whatever the stack still holds (best effort) and removes the temp dir. */
  dispose(): Promise<void>;
}

function pulumiBin(): string {
  const local = path.join(repo, ".tools", "pulumi", "bin");
  if (fs.existsSync(path.join(local, "pulumi"))) return local;
  throw new Error("the Pulumi CLI is missing: run scripts/ensure-pulumi.sh first");
}

export interface ProgramOptions {
  /** TypeScript (`index.ts`, run by the language host's ts-node) instead of JavaScript. */
  typescript?: boolean;
  /**
   * Fills the program's node_modules. Default: symlinks to this checkout and its @pulumi, which is
   * quick but proves nothing about what the published package contains.
   */
  installModules?: (program: string) => Promise<void>;
}

/** Writes `source` as the program `<name>-program` and initialises its `dev` stack. */
export async function openEngineProgram(name: string, source: string, options: ProgramOptions = {}): Promise<EngineProgram> {
  const bin = pulumiBin();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `acr-${name}-`));
  const program = path.join(work, "program");
  const main = options.typescript ? "index.ts" : "index.js";
  fs.mkdirSync(path.join(program, "node_modules"), { recursive: true });
  fs.mkdirSync(path.join(work, "state"));
  fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: `${name}-program`, main }));
  fs.writeFileSync(path.join(program, "Pulumi.yaml"), `name: ${name}-program\nruntime:\n  name: nodejs\n  options:\n    typescript: ${Boolean(options.typescript)}\n`);
  fs.writeFileSync(path.join(program, main), source);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: `${name}-test`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
  };

  // spawn, not execFileSync: the emulator the CLI talks to lives in this process.
  const start = (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive"], { cwd: program, env: { ...env, ...extraEnv } });
    const done = new Promise<CliResult>((resolve, reject) => {
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    return { child, done };
  };
  const pulumi = async (args: string[], options: { allowFailure?: boolean; env?: Record<string, string> } = {}) => {
    const result = await start(args, options.env).done;
    if (result.code !== 0 && !options.allowFailure) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  };

  try {
    if (options.installModules) {
      await options.installModules(program);
    } else {
      fs.symlinkSync(repo, path.join(program, "node_modules", "pulumi-acr-ee"), "dir");
      fs.symlinkSync(path.join(repo, "node_modules", "@pulumi"), path.join(program, "node_modules", "@pulumi"), "dir");
    }
    await pulumi(["stack", "init", "dev"]);
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return {
    pulumi,
    start,
    stateDir: path.join(work, "state"),
    async setConfig(entries) {
      for (const [key, value, secret] of entries) await pulumi(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
    },
    async dispose() {
      await pulumi(["destroy", "--yes", "--skip-preview"], { allowFailure: true }).catch(() => undefined);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
