/**
 * Which Node the suites run on. The test process and the `node` that spawned tools find on PATH
 * (the Pulumi language and provider hosts) must be the same major version, and in a CI leg
 * (scripts/node-leg.sh sets ACR_NODE_LEG) that leg's version, so a green leg really is a run on it.
 * Everywhere, the running Node must satisfy the package's `engines`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const major = (version: string) => Number(/^v?(\d+)\./.exec(version)?.[1]);
const leg = process.env.ACR_NODE_LEG;
const engines = (JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as { engines: { node: string } }).engines.node;

describe("the Node.js the tests run on", () => {
  it("satisfies the package's engines range", () => {
    const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(engines);
    expect(floor, `engines.node is ${engines}; this check understands ">=x.y.z"`).not.toBeNull();
    const [have, want] = [process.versions.node.split(".").map(Number), floor!.slice(1).map(Number)];
    const cmp = have[0]! - want[0]! || have[1]! - want[1]! || have[2]! - want[2]!;
    expect(cmp, `${process.version} is below ${engines}`).toBeGreaterThanOrEqual(0);
  });

  // Outside a leg this still matters: the Pulumi hosts the e2e suites start run the `node` on PATH.
  const expected = leg === undefined ? major(process.version) : Number(leg);
  it(`is Node ${leg ?? "of the test process"} for the test process and for the node on PATH`, () => {
    expect(major(process.version)).toBe(expected);
    expect(major(execFileSync("node", ["--version"], { encoding: "utf8" }).trim())).toBe(expected);
  });
});
