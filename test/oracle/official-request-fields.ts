/**
 * The official CR request fields, per action, as the Go SDK github.com/alibabacloud-go/cr-20181201/v2
 * v2.5.0 declares them: the Go module proxy serves the SDK, and test/oracle/manifest (stdlib go/ast
 * only) reads its request structs into JSON. Cached per process.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

export const OFFICIAL_CR_SDK = "github.com/alibabacloud-go/cr-20181201/v2@v2.5.0";

export type OfficialKind = "string" | "bool" | "number" | "list" | "map" | "object" | "json";
export type OfficialRequests = Record<string, Array<{ name: string; kind: OfficialKind }>>;

let cached: OfficialRequests | undefined;

export function officialCrRequests(): OfficialRequests {
  if (cached) return cached;
  const download = JSON.parse(execFileSync("go", ["mod", "download", "-json", OFFICIAL_CR_SDK], { encoding: "utf8", timeout: 300_000 })) as { Dir?: string; Error?: string };
  if (!download.Dir) throw new Error(`the Go module proxy did not give ${OFFICIAL_CR_SDK}: ${download.Error ?? "no Dir"}`);
  const manifest = execFileSync("go", ["run", ".", download.Dir], { cwd: path.join(__dirname, "manifest"), encoding: "utf8", timeout: 300_000, maxBuffer: 16 << 20 });
  cached = JSON.parse(manifest) as OfficialRequests;
  return cached;
}
