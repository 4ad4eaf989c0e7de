/**
 * Builds (through scripts/ensure-conformance.sh, cached in .tools/) and runs the OCI
 * distribution-spec conformance suite against one registry, then reads its junit.xml.
 * The suite is configured with its current variables (OCI_REGISTRY, OCI_TLS, OCI_REPO1/2, …),
 * as the README of the pinned module version documents them.
 */

import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

/** Builds the suite if needed and returns the binary's path; a failed build throws with the script's output. */
export async function ensureConformanceSuite(): Promise<string> {
  try {
    const { stdout } = await run("bash", [join(ROOT, "scripts/ensure-conformance.sh")], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
    const binary = stdout.trim().split("\n").pop();
    if (!binary) throw new Error("scripts/ensure-conformance.sh printed no binary path");
    return binary;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`building the OCI conformance suite failed: ${e.message}\n${e.stderr ?? ""}`);
  }
}

export interface SuiteOptions {
  binary: string;
  /** `127.0.0.1:<port>`, plain http. */
  registry: string;
  repo1: string;
  /** The cross-mount target. */
  repo2: string;
  username?: string;
  password?: string;
  resultsDir: string;
  /** Extra OCI_* settings. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export type CaseStatus = "passed" | "failure" | "error" | "skipped" | "disabled";

export interface SuiteCase {
  name: string;
  status: CaseStatus;
  /** What the suite said went wrong (failures), or why it skipped. */
  message: string;
  /** The suite's dump of every request and response of the case. */
  traffic: string;
}

export interface SuiteResult {
  exitCode: number | null;
  /** The suite's own totals (they count parent steps too, so they exceed the leaf cases). */
  totals: { tests: number; failures: number; errors: number; skipped: number; disabled: number; passed: number };
  cases: SuiteCase[];
  /** Console summary: per-API and per-data-set status lines. */
  console: string;
}

export async function runConformanceSuite(options: SuiteOptions): Promise<SuiteResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    OCI_REGISTRY: options.registry,
    OCI_TLS: "disabled",
    OCI_REPO1: options.repo1,
    OCI_REPO2: options.repo2,
    OCI_USERNAME: options.username ?? "",
    OCI_PASSWORD: options.password ?? "",
    OCI_RESULTS_DIR: options.resultsDir,
    OCI_LOG: "error",
    // Pull, push, content discovery (tag list, referrers) and content management (deletes).
    OCI_API_PULL: "true",
    OCI_API_PUSH: "true",
    OCI_API_TAGS_LIST: "true",
    OCI_API_REFERRER: "true",
    OCI_API_TAGS_DELETE: "true",
    OCI_API_MANIFESTS_DELETE: "true",
    OCI_API_BLOBS_DELETE: "true",
    // Off by default in the suite; the spec has DELETE on an upload session, and so does our client.
    OCI_API_BLOBS_UPLOAD_CANCEL: "true",
    ...options.env,
  };
  const console = await new Promise<{ code: number | null; output: string }>((done, fail) => {
    // cwd = results dir: the suite looks for an optional oci-conformance.yaml in its cwd.
    const child = spawn(options.binary, [], { cwd: options.resultsDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-256 * 1024));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 10 * 60_000);
    child.once("error", (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
  let xml: string;
  try {
    xml = await readFile(join(options.resultsDir, "junit.xml"), "utf8");
  } catch {
    throw new Error(`the conformance suite wrote no junit.xml (exit ${console.code}):\n${console.output.slice(-4000)}`);
  }
  return { exitCode: console.code, ...parseJunit(xml), console: console.output };
}

function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
}

function element(body: string, name: string): string {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(body);
  const message = new RegExp(`<${name}\\s[^>]*message="([^"]*)"`).exec(body);
  return decode(match?.[1] ?? message?.[1] ?? "");
}

/** The suite's junit.xml: one suite, flat test cases named by their path in the test tree. */
export function parseJunit(xml: string): Pick<SuiteResult, "totals" | "cases"> {
  const suiteTag = /<testsuite\s[^>]*>/.exec(xml)?.[0];
  if (!suiteTag) throw new Error("junit.xml has no <testsuite>");
  const count = (name: string) => Number(attribute(suiteTag, name) ?? 0);
  const totals = { tests: count("tests"), failures: count("failures"), errors: count("errors"), skipped: count("skipped"), disabled: count("disabled"), passed: 0 };
  totals.passed = totals.tests - totals.failures - totals.errors - totals.skipped - totals.disabled;
  const cases: SuiteCase[] = [];
  for (const match of xml.matchAll(/<testcase\s([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const tag = ` ${match[1]!}`;
    const body = match[3] ?? "";
    const status = (attribute(tag, "status") ?? "passed") as CaseStatus;
    const message = element(body, "system-out") || element(body, "failure") || element(body, "error") || element(body, "skipped");
    cases.push({ name: attribute(tag, "name") ?? "", status, message, traffic: element(body, "system-err") });
  }
  return { totals, cases };
}
