import { describe, expect, it } from "vitest";
import { clientsFor, connectionFingerprint, resolveRegion } from "../../provider/clients";
import { ProviderError } from "../../provider/errors";
import { emulatorEndpoints, useSuiteEmulator } from "./suite-emulator";

const suiteEmulator = useSuiteEmulator();

describe("clients per connection", () => {
  it("share one set of clients per connection and ask STS for the account once", async () => {
    const emulator = suiteEmulator();
    const [, b] = emulator.seed.accounts;
    const endpoints = emulatorEndpoints(emulator);
    const connection = { region: "cn-shanghai", accessKey: b!.accessKeyId, secretKey: b!.accessKeySecret, endpoints };
    const first = clientsFor(connection);
    expect(clientsFor({ endpoints, secretKey: b!.accessKeySecret, accessKey: b!.accessKeyId, region: "cn-shanghai" })).toBe(first);
    expect(clientsFor({ ...connection, region: "cn-hangzhou" })).not.toBe(first);
    emulator.admin.resetCounters();
    expect(await first.accountId()).toBe(b!.uid);
    expect(await first.accountId()).toBe(b!.uid);
    expect(emulator.admin.counters().GetCallerIdentity).toBe(1);
  });

  it("key the cache by a hash that does not contain the secret", () => {
    const fingerprint = connectionFingerprint({ accessKey: "AK", secretKey: "VerySecretValue" });
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).not.toBe(connectionFingerprint({ accessKey: "AK", secretKey: "OtherSecretValue" }));
  });

  it("name the setting to fix when no region is known", () => {
    expect(() => resolveRegion({}, {})).toThrow(ProviderError);
    expect(() => resolveRegion({}, {})).toThrow(/alicloud:region/);
    expect(resolveRegion({}, { ALICLOUD_REGION: "cn-beijing" })).toBe("cn-beijing");
    expect(resolveRegion({ region: "cn-shanghai" }, { ALICLOUD_REGION: "cn-beijing" })).toBe("cn-shanghai");
  });
});
