/**
 * Every Pulumi program requires this package, so its root must load only the resource classes:
 * the sdk (undici, zod, signing, the copy engine) is for the provider process and for the
 * functions that need it, loaded when they run. It was 283 modules and about 0.3 s of each `up`.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");

/** The modules the package root adds to a fresh Node process, beyond @pulumi/pulumi's own. */
function modulesLoadedByRoot(): string[] {
  const script = `
    require("@pulumi/pulumi");
    const before = new Set(Object.keys(require.cache));
    require("./provider/index.ts");
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => !before.has(k))));
  `;
  const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: repo, encoding: "utf8", timeout: 60_000 });
  return (JSON.parse(out) as string[]).map((file) => path.relative(repo, file));
}

describe("the package root in a program", () => {
  it("loads the resource classes and none of the sdk, undici or zod", () => {
    const loaded = modulesLoadedByRoot();
    expect(loaded).toContain(path.join("provider", "resources", "namespace", "resource.ts"));
    expect(loaded.filter((file) => file.startsWith("sdk") || /node_modules[\\/](undici|zod)[\\/]/.test(file))).toEqual([]);
  }, 90_000);
});
