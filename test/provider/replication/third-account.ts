/**
 * A third seeded account, C, with one Advanced instance in cn-hangzhou: a second source account
 * next to A, for tests where two sources share B's one cross-account sync role.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedFile } from "../../../emulator";

export const ACCOUNT_C = {
  name: "C",
  uid: "3000000000000003",
  accessKeyId: "LTAIEMUACCOUNTCOWNER0001",
  accessKeySecret: "EmuFakeSecretAccountCOwner0001",
  users: [],
  instances: [{ instanceId: "cri-emucadvanced0001", instanceName: "c-advanced", regionId: "cn-hangzhou", edition: "Advanced" }],
};

/** The default seed (accounts A and B) with account C appended as the third account. */
export function seedWithAccountC(): SeedFile {
  const seed = JSON.parse(readFileSync(join(__dirname, "../../../emulator/seed/default.json"), "utf8")) as SeedFile;
  seed.accounts.push(ACCOUNT_C as SeedFile["accounts"][number]);
  return seed;
}
