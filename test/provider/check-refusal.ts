/** The assertion both check tables make: one failure, on the named field, saying why, with no API call. */
import { expect } from "vitest";
import { dispatch, PROVIDER_TEXT, type ProviderHarness } from "./harness";

export async function expectRefusedAtPreview(h: ProviderHarness, type: string, bag: Record<string, unknown>, property: string, reason: RegExp): Promise<void> {
  const before = h.emulator.admin.counters();
  const result = await dispatch.check(type, {}, { ...bag, __provider: PROVIDER_TEXT });
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0]!.property).toBe(property);
  expect(result.failures[0]!.reason).toMatch(new RegExp(`^${property.replace(/\./g, "\\.")}: `));
  expect(result.failures[0]!.reason).toMatch(reason);
  expect(h.emulator.admin.counters()).toEqual(before);
}
