/** The default seed with a VPC linked to account A's Advanced instance, for tests that read the VPC endpoint. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { SeedFile, SeedLinkedVpc } from "../../emulator/core/seed";

export function seedWithLinkedVpc(vpc: SeedLinkedVpc): SeedFile {
  const seed = JSON.parse(readFileSync(path.resolve(__dirname, "../../emulator/seed/default.json"), "utf8")) as SeedFile;
  const advanced = seed.accounts[0]!.instances.find((i) => i.edition === "Advanced")!;
  advanced.linkedVpcs = [vpc];
  return seed;
}
