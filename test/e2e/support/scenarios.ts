/**
 * The checks every example's e2e suite makes the same way: an invalid input fails the preview
 * before any cloud call, out-of-band drift is seen by refresh and undone by up, the exported state
 * holds no plaintext secret, and destroy succeeds. Each suite supplies only what is its own.
 */
import { expect } from "vitest";
import { totalCalls, type RunningEmulator } from "./emulator";
import { changeLog } from "./events";
import type { ExampleStack } from "./example-stack";
import { $Ram } from "./official";
import type { ramClient } from "./official";
import { exportedOutput, isEncryptedSecret, plaintextSecretsIn, PROVIDER_BUDGET_BYTES, providerSizes } from "./state";

type Ram = ReturnType<typeof ramClient>;

/**
 * Sets the example's config `key` to an invalid `value` and expects the preview to fail with a
 * message matching every one of `mentions`, with no call reaching the emulator. Removes the key after.
 */
export async function expectPreviewRejects(
  example: ExampleStack,
  emulator: RunningEmulator,
  invalid: { key: string; value: string; mentions: RegExp[] },
): Promise<void> {
  await example.stack.setConfig(invalid.key, { value: invalid.value });
  emulator.admin.resetCounters();
  try {
    const error = await example.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error, "the preview should fail").toBeInstanceOf(Error);
    for (const mention of invalid.mentions) expect(error!.message).toMatch(mention);
    expect(totalCalls(emulator)).toBe(0);
  } finally {
    await example.stack.removeConfig(invalid.key);
  }
}

export interface DriftExpectation {
  /** What refresh must report, exactly: `{ "<type>::<name>": op }`. */
  refresh: Record<string, string>;
  /** What the following up must do. */
  up: Record<string, string>;
  /** True when up may also touch resources beyond `up` (e.g. ones that depend on what it recreates). */
  upMayDoMore?: boolean;
  /** The suite's check that every declared object is back as declared. */
  declared: () => Promise<void>;
}

/** After out-of-band changes: refresh reports them, up restores them, and a preview then shows none. */
export async function expectDriftRestored(example: ExampleStack, drift: DriftExpectation): Promise<void> {
  const refreshed = changeLog();
  await example.stack.refresh({ onEvent: refreshed.onEvent });
  expect(refreshed.changes()).toEqual(drift.refresh);

  const restored = changeLog();
  await example.stack.up({ onEvent: restored.onEvent });
  if (drift.upMayDoMore) expect(restored.changes()).toMatchObject(drift.up);
  else expect(restored.changes()).toEqual(drift.up);
  await drift.declared();

  const preview = await example.stack.preview();
  expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
}

/**
 * `pulumi stack export` as a user runs it: none of `secrets` in plain text, each `encrypted`
 * output ([resource name, output key]) stored as ciphertext, and exactly `providers` serialized
 * providers (inputs and outputs of each dynamic resource), each within the budget.
 */
export async function expectStateSafe(
  example: ExampleStack,
  expected: { secrets: string[]; encrypted?: Array<[resource: string, key: string]>; providers: number },
): Promise<void> {
  const exported = await example.exportState();
  expect(plaintextSecretsIn(exported.text, expected.secrets)).toEqual([]);
  for (const [resource, key] of expected.encrypted ?? []) expect(isEncryptedSecret(exportedOutput(exported.deployment, resource, key)), key).toBe(true);
  const sizes = providerSizes(exported.deployment);
  expect(sizes.length).toBe(expected.providers);
  expect(sizes.filter((s) => s.bytes > PROVIDER_BUDGET_BYTES)).toEqual([]);
}

/** Runs destroy and expects it to succeed (the suite then checks what is left). */
export async function destroySucceeds(example: ExampleStack): Promise<void> {
  const result = await example.stack.destroy();
  expect(result.summary.result).toBe("succeeded");
}

/** For afterAll: destroys what a failed run left (best effort) and removes the stack and its temp dir. */
export async function closeExample(example: ExampleStack | undefined, destroyed: boolean): Promise<void> {
  if (example && !destroyed) await example.stack.destroy().catch(() => undefined);
  await example?.dispose();
}

/** Out-of-band drift: replaces a role's whole trust policy with one that trusts only `principal`. */
export async function overwriteTrust(ram: Ram, roleName: string, principal: { RAM: string[] } | { Service: string[] }): Promise<void> {
  await ram.updateRole(
    new $Ram.UpdateRoleRequest({
      roleName,
      newAssumeRolePolicyDocument: JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal }] }),
    }),
  );
}

/** The service principals a role's trust policy names. */
export async function trustedServices(ram: Ram, roleName: string): Promise<string[]> {
  const role = (await ram.getRole(new $Ram.GetRoleRequest({ roleName }))).body?.role;
  const trust = JSON.parse(role?.assumeRolePolicyDocument ?? "{}") as { Statement: Array<{ Principal: { Service?: string[] } }> };
  return trust.Statement.flatMap((s) => s.Principal.Service ?? []);
}
