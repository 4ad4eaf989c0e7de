/**
 * CLI: `node dist/emulator/main.js [--port N] [--state DIR] [--seed FILE] [--faults FILE] [--no-registry]`
 * (or `npx ts-node emulator/main.ts …`). When ready it prints exactly one JSON line on stdout —
 * `{"ready":true,"endpoint":…,"accounts":[…]}`, each instance with its registry `127.0.0.1:<port>`
 * (null with --no-registry) — and runs until SIGINT/SIGTERM, then exits 0.
 */

import { parseArgs } from "node:util";
import { startEmulator } from "./index";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      state: { type: "string" },
      seed: { type: "string" },
      faults: { type: "string" },
      "no-registry": { type: "boolean" },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);

  const emulator = await startEmulator({
    port,
    stateDir: values.state,
    seed: values.seed,
    faults: values.faults,
    registry: values["no-registry"] !== true,
  });
  const ready = {
    ready: true,
    endpoint: emulator.endpoint,
    accounts: emulator.seed.accounts.map((account) => ({
      name: account.name,
      uid: account.uid,
      accessKeyId: account.accessKeyId,
      accessKeySecret: account.accessKeySecret,
      instances: account.instances.map((i) => ({ instanceId: i.instanceId, regionId: i.regionId, edition: i.edition, registry: i.registry })),
    })),
  };
  // Handlers go in before the ready line: a pipe write is synchronous, so a parent may signal at once.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
