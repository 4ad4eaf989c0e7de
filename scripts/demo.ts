/**
 * `npm run demo`: the whole story on this machine in about a minute, with nothing left behind.
 * Starts the emulator (accounts A and B), ensures the Pulumi CLI, gives A an image that exists
 * before any rule, runs examples/cross-account with `pulumi up`, pushes a new tag into A with the
 * sdk's registry client, shows both tags in B (one by the rule, one by the manual copy), prints a
 * summary, then destroys the stack and stops the emulator, also on failure or Ctrl-C.
 */
import { startEmulator, type RunningEmulator } from "../emulator";
import { emulatorEndpoints, openExampleStack, type ExampleStack } from "../test/e2e/support/example-stack";
import { pushTinyImage, tagDigest, waitForTag } from "../test/e2e/support/images";
import { crClient, type Body } from "../test/e2e/support/official";
import { ensurePulumiBin } from "../test/e2e/support/pulumi-cli";

const SOURCE = "cri-emuaadvanced0001"; // account A, Advanced, cn-hangzhou
const TARGET = "cri-emubshanghai0001"; // account B, Basic, cn-shanghai
const PASSWORD = "Demo-Registry-Pass-1";

const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
let stepNo = 0;
const step = (text: string) => console.log(`\n[${++stepNo}/8 ${since()}] ${text}`);
const info = (text: string) => console.log(`    ${text}`);
const short = (digest: string | undefined) => (digest ? `${digest.slice(0, 19)}…` : "(missing)");

let emulator: RunningEmulator | undefined;
let example: ExampleStack | undefined;
let deployed = false;
let interrupted = false;

process.on("SIGINT", () => {
  if (interrupted) process.exit(130); // a second Ctrl-C: leave now
  interrupted = true;
  console.log("\nInterrupted: cleaning up (Ctrl-C again to quit at once)…");
});

/** Streams the CLI's lines indented, so the user sees the engine at work. */
const engineOutput = (chunk: string) => {
  for (const line of chunk.split("\n")) if (line.trim()) console.log(`    │ ${line}`);
};

async function main(): Promise<void> {
  step("Starting the ACR EE / RAM / STS emulator (accounts A and B, one registry per instance)");
  emulator = await startEmulator();
  const [a, b] = emulator.seed.accounts;
  if (!a || !b) throw new Error("the default seed should hold accounts A and B");
  const registryOf = (id: string) => emulator!.seed.accounts.flatMap((acc) => acc.instances).find((i) => i.instanceId === id)!.registry!;
  info(`API ${emulator.endpoint}; A=${a.uid} registry ${registryOf(SOURCE)}; B=${b.uid} registry ${registryOf(TARGET)}`);

  step("Ensuring the Pulumi CLI (builds it from Go modules on a cold machine: minutes; cached: seconds)");
  const ensureStart = Date.now();
  // A cold build prints little for minutes: show a heartbeat so it never looks stuck.
  const heartbeat = setInterval(() => info(`still ensuring the CLI… ${Math.round((Date.now() - ensureStart) / 1000)}s`), 15_000);
  const bin = await ensurePulumiBin((line) => info(line)).finally(() => clearInterval(heartbeat));
  info(`using ${bin} (${((Date.now() - ensureStart) / 1000).toFixed(1)}s)`);

  step("Account A before the program: apps/web:v1 pushed with the sdk (no rule exists yet)");
  const crA = crClient(emulator.port, a, "cn-hangzhou");
  const crB = crClient(emulator.port, b, "cn-shanghai");
  await crA.call("ResetLoginPassword", { InstanceId: SOURCE, Password: PASSWORD });
  await crB.call("ResetLoginPassword", { InstanceId: TARGET, Password: PASSWORD });
  await crA.call("CreateNamespace", { InstanceId: SOURCE, NamespaceName: "apps", AutoCreateRepo: false, DefaultRepoType: "PRIVATE" });
  await crA.call("CreateRepository", { InstanceId: SOURCE, RepoNamespaceName: "apps", RepoName: "web", RepoType: "PRIVATE", Summary: "web" });
  const loginA = { username: a.uid, password: PASSWORD };
  const loginB = { username: b.uid, password: PASSWORD };
  const v1 = await pushTinyImage(registryOf(SOURCE), loginA, "apps/web", "v1");
  info(`pushed apps/web:v1 ${short(v1)}`);
  if (interrupted) return;

  step("pulumi up: examples/cross-account (B trusts A, B's namespace, the rule in A, a manual copy of v1)");
  const connection = (region: string, keys: { accessKeyId: string; accessKeySecret: string }) =>
    JSON.stringify({ region, accessKey: keys.accessKeyId, secretKey: keys.accessKeySecret, endpoints: JSON.parse(emulatorEndpoints(emulator!.endpoint)) });
  example = await openExampleStack({
    example: "cross-account",
    stackPrefix: "demo",
    endpoint: emulator.endpoint,
    keys: a,
    region: "cn-hangzhou",
    config: { sourceInstanceId: SOURCE, targetInstanceId: TARGET, targetRegion: "cn-shanghai" },
    secrets: { sourceConnection: connection("cn-hangzhou", a), targetConnection: connection("cn-shanghai", b) },
  });
  deployed = true;
  const up = await example.stack.up({ onOutput: engineOutput });
  const outputs = await example.stack.outputs();
  if (interrupted) return;

  step("Pushing apps/web:v2 into account A with the sdk; the rule should copy it into B");
  const v2 = await pushTinyImage(registryOf(SOURCE), loginA, "apps/web", "v2");
  info(`pushed apps/web:v2 ${short(v2)}`);
  let lastTick = 0;
  const replicated = await waitForTag(registryOf(TARGET), loginB, "apps/web", "v2", v2, {
    timeoutMs: 60_000,
    onWait: (ms) => {
      if (ms - lastTick >= 2000) (lastTick = ms), info(`waiting for the replication… ${(ms / 1000).toFixed(0)}s`);
    },
  });
  if (!replicated) throw new Error("apps/web:v2 did not reach account B within 60 s");

  step("What account B holds now");
  const repo = await crB.call("GetRepository", { InstanceId: TARGET, RepoNamespaceName: "apps", RepoName: "web" });
  const tags = ((await crB.call("ListRepoTag", { InstanceId: TARGET, RepoId: String(repo.RepoId) })).Images as Body[]).map((t) => String(t.Tag)).sort();
  const inB = { v1: await tagDigest(registryOf(TARGET), loginB, "apps/web", "v1"), v2: await tagDigest(registryOf(TARGET), loginB, "apps/web", "v2") };
  info(`B ${TARGET} apps/web tags: ${tags.join(", ")}`);
  info(`v1 ${short(inB.v1)}  ← ImageReplication (manual copy of a tag older than the rule)  ${inB.v1 === v1 ? "same digest as A" : "DIGEST DIFFERS"}`);
  info(`v2 ${short(inB.v2)}  ← ReplicationRule (pushed after the rule)                    ${inB.v2 === v2 ? "same digest as A" : "DIGEST DIFFERS"}`);

  step("Summary");
  const changes = up.summary.resourceChanges ?? {};
  console.log(
    [
      `    pulumi up          ${up.summary.result}, ${Object.entries(changes).map(([op, n]) => `${n} ${op}`).join(", ")} in ${up.summary.endTime && up.summary.startTime ? ((+new Date(up.summary.endTime) - +new Date(up.summary.startTime)) / 1000).toFixed(1) + "s" : "?"}`,
      `    rule in A          ${outputs.syncRuleId?.value} → B ${outputs.targetAccountId?.value} (role ${outputs.syncRoleName?.value})`,
      `    manual copy        task ${outputs.copyTaskId?.value}, v1 ${inB.v1 === v1 ? "identical in B" : "MISSING"}`,
      `    push replicated    v2 ${inB.v2 === v2 ? "identical in B" : "MISSING"}`,
      `    secrets in state   encrypted (passphrase provider); stack config holds both accounts' keys as secrets`,
    ].join("\n"),
  );
}

async function cleanUp(): Promise<void> {
  step("Cleaning up: pulumi destroy, remove the stack, stop the emulator");
  if (example && deployed) {
    try {
      const destroyed = await example.stack.destroy({ onOutput: engineOutput });
      info(`destroy ${destroyed.summary.result}`);
    } catch (error) {
      info(`destroy failed (${(error as Error).message.split("\n")[0]}); the emulator is in memory and goes away anyway`);
    }
  }
  await example?.dispose().catch(() => undefined);
  await emulator?.stop().catch(() => undefined);
  info(`done in ${since()}`);
}

main()
  .then(
    async () => {
      await cleanUp();
      process.exit(interrupted ? 130 : 0);
    },
    async (error: unknown) => {
      if (!interrupted) console.error(`\nDemo failed: ${String((error as Error)?.message ?? error).split("\n").slice(0, 20).join("\n")}`);
      await cleanUp();
      process.exit(1);
    },
  );
