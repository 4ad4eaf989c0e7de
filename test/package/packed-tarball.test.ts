/**
 * The package as npm publishes it, used as a user would: a fresh copy of the checkout (tracked and
 * new files only, no dist/, no node_modules) is installed with `npm ci` and packed with `npm pack`
 * (so `prepack` must build), the tarball is installed with @pulumi/pulumi, typescript and ts-node
 * into a TypeScript program under the OS temp dir, outside this repository, and the real Pulumi CLI
 * runs `up` and `destroy` of a Namespace and a Repository against the emulator. Nothing resolves
 * from this checkout's node_modules: the npm cache only saves downloads.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { v3Driver } from "../emulator/cr/official-drivers";
import { openEngineProgram, type EngineProgram } from "../provider/engine-harness";

const run = promisify(execFile);
const repo = path.resolve(__dirname, "../..");
const devDependency = (name: string) => (JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies[name];
const NPM_QUIET = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Namespace, Repository } from "pulumi-acr-ee";

const instanceId = new pulumi.Config().require("instanceId");
const ns = new Namespace("apps", { instanceId, name: "packed-apps", autoCreateRepo: false, defaultRepoType: "PRIVATE" });
const web = new Repository("web", { instanceId, namespace: ns.name, name: "web", summary: "from the packed tarball", repoType: "PRIVATE" });
export const repoId = web.repoId;
`;

let work: string;
let tarball: string;
let emulator: RunningEmulator;
let program: EngineProgram | undefined;

/** Copies what git would hand a fresh clone (tracked files plus new, unignored ones). */
async function copyCheckout(to: string): Promise<void> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, maxBuffer: 64 << 20 });
  for (const file of stdout.split("\0").filter(Boolean)) {
    const from = path.join(repo, file);
    if (!fs.existsSync(from)) continue; // deleted in the work tree, not yet committed
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(from, path.join(to, file));
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "acr-packed-"));
  const checkout = path.join(work, "checkout");
  await copyCheckout(checkout);
  await run("npm", ["ci", ...NPM_QUIET], { cwd: checkout, timeout: 300_000 });
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], { cwd: checkout, timeout: 300_000, maxBuffer: 64 << 20 });
  tarball = path.join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
  emulator = await startEmulator({ registry: false });
}, 600_000);

afterAll(async () => {
  await program?.dispose();
  await emulator?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 120_000);

describe("the packed tarball", () => {
  it("holds the built package and nothing of the checkout's sources, tests or tool caches", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball]);
    const files = stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const entry of ["package.json", "README.md", "schema.json", "dist/provider/index.js", "dist/provider/index.d.ts", "dist/sdk/index.js", "dist/emulator/index.js", "dist/emulator/seed/default.json"]) {
      expect(files, entry).toContain(entry);
    }
    expect(files.filter((f) => !/^(package\.json|README\.md|schema\.json|dist\/(sdk|provider|emulator)\/)/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".map") || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("runs pulumi up and destroy of a Namespace and a Repository in a TypeScript program outside the repository", async () => {
    program = await openEngineProgram("packed", PROGRAM, {
      typescript: true,
      installModules: async (dir) => {
        expect(path.relative(repo, dir).startsWith("..")).toBe(true);
        const deps = [tarball, `@pulumi/pulumi@${devDependency("@pulumi/pulumi")}`, `typescript@${devDependency("typescript")}`, `ts-node@${devDependency("ts-node")}`, "@types/node@22"];
        await run("npm", ["install", ...NPM_QUIET, ...deps], { cwd: dir, timeout: 300_000 });
        // The program resolves the package from its own node_modules, a real directory, not a link to this checkout.
        const installed = path.join(dir, "node_modules", "pulumi-acr-ee");
        expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
        expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
      },
    });
    const [a] = emulator.seed.accounts;
    const instance = a!.instances[0]!;
    await program.setConfig([
      ["instanceId", instance.instanceId],
      ["alicloud:region", instance.regionId],
      ["alicloud:accessKey", a!.accessKeyId],
      ["alicloud:secretKey", a!.accessKeySecret, true],
      ["alicloud:endpoints", JSON.stringify([{ cr: emulator.endpoint, ram: emulator.endpoint, sts: emulator.endpoint }])],
    ]);
    const cr = v3Driver(emulator.port);
    const keys = { accessKeyId: a!.accessKeyId, accessKeySecret: a!.accessKeySecret };
    const repository = () => cr.call("GetRepository", { RegionId: instance.regionId, InstanceId: instance.instanceId, RepoNamespaceName: "packed-apps", RepoName: "web" }, keys);

    await program.pulumi(["up", "--yes", "--skip-preview"]);
    const made = await repository();
    expect(made.ok && made.body).toMatchObject({ Summary: "from the packed tarball", RepoType: "PRIVATE" });

    await program.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect((await repository()).ok).toBe(false);
    const namespaces = await cr.call("ListNamespace", { RegionId: instance.regionId, InstanceId: instance.instanceId }, keys);
    expect(((namespaces.ok && (namespaces.body.Namespaces as Array<{ NamespaceName: string }>)) || []).map((n) => n.NamespaceName)).not.toContain("packed-apps");
  }, 600_000);
});
