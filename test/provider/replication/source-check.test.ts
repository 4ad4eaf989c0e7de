/**
 * The service accepts replication only from an Advanced edition source and never from a public region
 * into Finance/Gov; the provider must say so before writing anything, naming the field and the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "../harness";
import { namespaceIn, repoIn, SOURCE_BASIC } from "./fixtures";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
  await namespaceIn(h, SOURCE_BASIC, "app");
  await repoIn(h, SOURCE_BASIC, "app", "web");
});
afterAll(() => h.stop());

const writes = () => {
  const counts = h.emulator.admin.counters();
  return Object.entries(counts)
    .filter(([action]) => /Create|Delete|Update/.test(action))
    .reduce((sum, [, n]) => sum + n, 0);
};

/** Creating `type` from `inputs` is refused with `reason`, and no write reached the emulator. */
async function expectRefusedBeforeAnyWrite(type: string, inputs: Record<string, unknown>, reason: RegExp): Promise<void> {
  const before = writes();
  await expect(dispatch.create(type, { ...inputs, __provider: PROVIDER_TEXT })).rejects.toThrow(reason);
  expect(writes()).toBe(before);
}

/** Replication into namespace `app` of account A's Advanced instance. */
const intoA = () => ({ targetRegionId: "cn-hangzhou", targetInstanceId: h.instanceA, targetNamespaceName: "app" });

describe("replication source checks before any write", () => {
  it("refuses a ReplicationRule from a Basic edition instance, naming instanceId and the fix", async () => {
    await expectRefusedBeforeAnyWrite(
      "ReplicationRule",
      { instanceId: SOURCE_BASIC, namespaceName: "app", syncRuleName: "from-basic", ...intoA() },
      /instanceId: cri-emuabasic0000001 is Basic edition.*Advanced edition source/,
    );
  });

  it("refuses an ImageReplication from a Basic edition instance before starting a task", async () => {
    await expectRefusedBeforeAnyWrite("ImageReplication", { instanceId: SOURCE_BASIC, namespaceName: "app", repoName: "web", tag: "v1", ...intoA() }, /is Basic edition.*upgrade it/);
  });

  it("refuses a Finance Cloud target from the public region source, naming targetRegionId", async () => {
    await expectRefusedBeforeAnyWrite(
      "ReplicationRule",
      { instanceId: h.instanceA, namespaceName: "app", syncRuleName: "to-finance", targetRegionId: "cn-shanghai-finance-1", targetInstanceId: "cri-emubfinance00001", targetNamespaceName: "app" },
      /targetRegionId cannot replicate from the public-cloud region cn-hangzhou into the Finance Cloud region/,
    );
  });
});
