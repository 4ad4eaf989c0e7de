/** The Go oracle harness's JSON report, and the Markdown table the README links. */
import * as fs from "node:fs";

export interface OracleCall {
  action: string;
  case: string;
  expected: string;
  outcome: string;
  status: number;
  requestId: string;
  typed: boolean;
  decodeOk: boolean;
  decodeError?: string;
  invented: string[];
  mismatches: string[];
}

export interface OracleAction {
  calls: number;
  typed: boolean;
  decodeOk: number;
  invented: string[];
  missing: string[];
  mismatches: string[];
  cases: string[];
  fields: string[];
}

export interface OracleReport {
  calls: OracleCall[];
  actions: Record<string, OracleAction>;
}

const cell = (items: string[]) => (items.length === 0 ? "0" : `${items.length}: ${items.map((i) => `\`${i}\``).join(", ")}`);

/** Families the harness runs, with the heading each gets in the table. */
export const FAMILIES = {
  darabonba: "github.com/alibabacloud-go/cr-20181201/v2 v2.5.0 (V3 signatures)",
  legacy: "github.com/aliyun/alibaba-cloud-sdk-go v1.63.107 services/cr_ee (V1 HMAC-SHA1 signatures)",
} as const;
export type Family = keyof typeof FAMILIES;

/** The error codes an action's calls came back with, in the order first seen. */
const errorCodes = (report: OracleReport, action: string) => [...new Set(report.calls.filter((c) => c.action === action && c.outcome !== "success").map((c) => c.outcome))];

function familyTable(report: OracleReport): string[] {
  const rows = Object.entries(report.actions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, s]) =>
      `| ${action}${s.typed ? "" : " (no method in v2.5.0; generic CallApi)"} | ${s.calls} | ${s.decodeOk}/${s.calls} | ${errorCodes(report, action).join(", ")} | ${cell(s.invented)} | ${cell(s.missing)} | ${cell(s.mismatches)} |`,
    );
  return [
    `${report.calls.length} calls.`,
    "",
    "| Action | Calls | Decoded | Error codes answered | Invented keys | Never filled | Kind mismatches |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ];
}

export function writeOracleTable(file: string, reports: Record<Family, OracleReport>, explained: Record<string, string>, fixed: readonly string[]): void {
  const notes = Object.entries(explained).map(([key, why]) => `- \`${key}\`: ${why}`);
  const text = [
    "# The emulator judged by the official Go SDK",
    "",
    "Written by `test/oracle/go-sdk-responses.test.ts` on every run. `test/oracle/harness` drives each CR action",
    "through two official Go SDK families' typed methods (unmodified), on its success and error paths (not found,",
    "already exists, invalid parameter; and for every action a RAM user without a policy and throttling), with every",
    "client addressed to `cr.<region>.aliyuncs.com`. Columns: calls; responses that decoded into the SDK's struct",
    "(for an error, the SDK raised its typed error with the code); the error codes that came back; keys the",
    "response has and the struct lacks; struct fields no successful response filled (many are optional, or belong to",
    "features the emulator does not model); JSON kinds the struct's Go type cannot hold.",
    "",
    ...(Object.keys(FAMILIES) as Family[]).flatMap((family) => [`## ${FAMILIES[family]}`, "", ...familyTable(reports[family])]),
    notes.length ? "Explained invented keys:" : "No invented key needed explaining.",
    ...notes,
    "",
    "Differences the oracle found, and their fixes:",
    ...fixed.map((f) => `- ${f}`),
    "",
  ].join("\n");
  fs.writeFileSync(file, text);
}
