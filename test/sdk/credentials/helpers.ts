/** Shared fixtures: a throwaway HOME per test, profile files, and a failure check that hunts for secrets. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { CredentialsError } from "../../../sdk/errors";

/** Every secret-like value the tests hand to the chain; none may appear in any error message. */
export const SECRET = "S3cretValueNeverPrinted";
export const TOKEN = "CAISTokenValueNeverPrinted";

/** Returns a getter for a fresh temporary HOME, created before and removed after each test. */
export function useTempHome(): () => string {
  let home = "";
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "acr-creds-home-"));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  return () => home;
}

export function profilePath(home: string): string {
  return path.join(home, ".aliyun", "config.json");
}

/** Writes ~/.aliyun/config.json: an object as JSON, a string verbatim. */
export function writeProfiles(home: string, config: unknown): void {
  fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
  fs.writeFileSync(profilePath(home), typeof config === "string" ? config : JSON.stringify(config));
}

/** Awaits a rejection, checks it is a CredentialsError and that no secret leaked into its text. */
export async function failure(promise: Promise<unknown>): Promise<CredentialsError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(CredentialsError.is(err), `expected a CredentialsError, got ${String(err)}`).toBe(true);
  const text = `${(err as Error).message}\n${(err as CredentialsError).tried.join("\n")}`;
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  return err as CredentialsError;
}
