/**
 * The compiled package must load from an ordinary CommonJS Pulumi TypeScript program, and code that a
 * dynamic provider `require()`s at run time must resolve from the program's directory, as the
 * provider host does (it revives `__provider` with require-from-string, resolving from its cwd).
 * These tests run real child processes against dist/, which `npm test` builds first.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");
const repoModules = path.join(repo, "node_modules");
let program: string;

/** A user's project: its own package.json and tsconfig, the package and @pulumi/pulumi installed (linked). */
function makeUserProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "acr-user-program-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repo, path.join(dir, "node_modules", "pulumi-acr-ee"), "dir");
  for (const dep of ["@pulumi", "typescript", "ts-node", "require-from-string"]) {
    fs.symlinkSync(path.join(repoModules, dep), path.join(dir, "node_modules", dep), "dir");
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "user-program", main: "index.ts" }));
  // The tsconfig Pulumi's TypeScript template uses: CommonJS with classic node resolution.
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true } }),
  );
  return dir;
}

function runNode(cwd: string, args: string[], input?: string): string {
  return execFileSync(process.execPath, args, { cwd, input, encoding: "utf8", env: { ...process.env, TS_NODE_PROJECT: path.join(cwd, "tsconfig.json") } });
}

beforeAll(() => {
  expect(fs.existsSync(path.join(repo, "dist", "sdk", "index.js")), "dist/ is missing: run `npm run build` first").toBe(true);
  program = makeUserProject();
});
afterAll(() => fs.rmSync(program, { recursive: true, force: true }));

describe("loading the compiled package from a CommonJS Pulumi program", () => {
  it("type-checks and runs a TypeScript program that imports the sdk subpath through ts-node", () => {
    fs.writeFileSync(
      path.join(program, "index.ts"),
      [
        `import { v1StringToSign, v1Signature } from "pulumi-acr-ee/sdk";`,
        // Official vector A (shared/reference/ram-sts-signing.md §4.1).
        `const params: Record<string, string> = { AccessKeyId: "testid", Action: "DescribeRegions", Format: "XML", SignatureMethod: "HMAC-SHA1",`,
        `  SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", SignatureVersion: "1.0", Timestamp: "2016-02-23T12:46:24Z", Version: "2014-05-26" };`,
        `console.log(v1Signature(v1StringToSign("GET", params), "testsecret"));`,
      ].join("\n"),
    );
    const out = runNode(program, ["-r", "ts-node/register", "index.ts"]);
    expect(out.trim()).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });

  it("revives a serialized provider whose method requires the package at call time, from the program's directory", () => {
    // Serialize exactly as dynamic.Resource does, inside a real Pulumi TypeScript program.
    fs.writeFileSync(
      path.join(program, "serialize.ts"),
      [
        `import * as pulumi from "@pulumi/pulumi";`,
        `const provider = { sign: async (text: string) => require("pulumi-acr-ee/sdk").v1Signature(text, "k") };`,
        `pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then((f) => process.stdout.write(f.text));`,
      ].join("\n"),
    );
    const text = runNode(program, ["-r", "ts-node/register", "serialize.ts"]);
    expect(text).toContain(`require("pulumi-acr-ee/sdk")`);
    expect(Buffer.byteLength(text)).toBeLessThan(4096);

    // Revive it the way the provider host does, from another process whose cwd is the program directory.
    const revive = `const rfs = require("require-from-string"); const p = rfs(require("fs").readFileSync(0, "utf8")).handler();
      p.sign("abc").then((s) => console.log(s));`;
    const signed = runNode(program, ["-e", revive], text).trim();
    const expected = runNode(repo, ["-e", `console.log(require("./dist/sdk").v1Signature("abc", "k"))`]).trim();
    expect(signed).toBe(expected);
    expect(signed).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });
});
