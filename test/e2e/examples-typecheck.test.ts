/**
 * Every example type-checks as its own project (its tsconfig.json, the package resolved from this
 * checkout). docker-push needs a Docker engine to run, which these machines lack, so this is the
 * only check it gets; the others also run end to end in the e2e tests.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");
const examples = fs.readdirSync(path.join(repo, "examples")).filter((name) => fs.existsSync(path.join(repo, "examples", name, "Pulumi.yaml")));
const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");

describe("examples type-check against the built package", () => {
  it("finds the five examples", () => {
    expect(examples.sort()).toEqual(["cross-account", "docker-push", "harbor-to-acr", "registry-governance", "same-account"]);
  });

  it.each(examples)("examples/%s passes tsc --noEmit with its own tsconfig", async (name) => {
    const dir = path.join(repo, "examples", name);
    const result = await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", dir], { cwd: dir }).then(
      () => "",
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    expect(result).toBe("");
  }, 120_000);
});
