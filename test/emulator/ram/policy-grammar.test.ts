/**
 * The policy grammar of ram-sts-signing.md §2.1: documents the service accepts parse; every way a
 * document can break the grammar is refused with a detail naming the problem.
 */
import { describe, expect, it } from "vitest";
import { parsePolicyDocument, PolicyGrammarError, type PolicyKind } from "../../../emulator/ram/policy/document";

const ok = { Effect: "Allow", Action: "cr:*", Resource: "*" };
const doc = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: "1", Statement: statement, ...extra });

describe("policy grammar", () => {
  it("accepts the seed-000 cross-account access policy and normalises single values to arrays", () => {
    const parsed = parsePolicyDocument(
      JSON.stringify({
        Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: "acs:cr:cn-beijing:1513561019700000:instance/cri-4im1o411ls8g0000" }],
        Version: "1",
      }),
      "identity",
    );
    expect(parsed.statements[0]).toEqual({
      effect: "Allow",
      actions: ["cr:CreateSyncRule", "cr:CreateRepositorySync"],
      resources: ["acs:cr:cn-beijing:1513561019700000:instance/cri-4im1o411ls8g0000"],
    });
  });

  it("accepts a single statement object as well as an array", () => {
    expect(parsePolicyDocument(doc(ok), "identity").statements).toHaveLength(1);
  });

  const broken: Array<{ name: string; text: string; kind?: PolicyKind; detail: RegExp }> = [
    { name: "not JSON", text: "{Version:1", detail: /not valid JSON/ },
    { name: "a JSON array", text: "[]", detail: /JSON object/ },
    { name: "Version other than \"1\"", text: JSON.stringify({ Version: "2012-10-17", Statement: [ok] }), detail: /Version/ },
    { name: "a numeric Version", text: JSON.stringify({ Version: 1, Statement: [ok] }), detail: /Version/ },
    { name: "no Statement", text: JSON.stringify({ Version: "1" }), detail: /Statement is required/ },
    { name: "an empty Statement", text: doc([]), detail: /must not be empty/ },
    { name: "an unknown top-level element", text: doc([ok], { Id: "x" }), detail: /Unknown top-level element "Id"/ },
    { name: "a bad Effect", text: doc([{ ...ok, Effect: "allow" }]), detail: /Effect/ },
    { name: "both Action and NotAction", text: doc([{ ...ok, NotAction: "ram:*" }]), detail: /exactly one of Action or NotAction/ },
    { name: "neither Action nor NotAction", text: doc([{ Effect: "Allow", Resource: "*" }]), detail: /exactly one of Action or NotAction/ },
    { name: "no Resource in an identity policy", text: doc([{ Effect: "Allow", Action: "cr:*" }]), detail: /exactly one of Resource or NotResource/ },
    { name: "an action without a service prefix", text: doc([{ ...ok, Action: "GetRole" }]), detail: /<service>:<action>/ },
    { name: "a resource that is not an ARN", text: doc([{ ...ok, Resource: "role/x" }]), detail: /acs:<service>/ },
    { name: "an empty action list", text: doc([{ ...ok, Action: [] }]), detail: /empty array/ },
    { name: "a non-string action", text: doc([{ ...ok, Action: [3] }]), detail: /non-empty string/ },
    { name: "an unknown statement element", text: doc([{ ...ok, Sid: "x" }]), detail: /unknown element "Sid"/ },
    { name: "a Principal in an identity policy", text: doc([{ ...ok, Principal: { RAM: "x" } }]), detail: /only allowed in trust policies/ },
    { name: "an unknown condition operator", text: doc([{ ...ok, Condition: { StringMaybe: { "acs:x": "1" } } }]), detail: /unknown operator/ },
    { name: "a condition operator with no keys", text: doc([{ ...ok, Condition: { StringEquals: {} } }]), detail: /non-empty object/ },
    {
      name: "a trust policy without Principal",
      text: doc([{ Effect: "Allow", Action: "sts:AssumeRole" }]),
      kind: "trust",
      detail: /Principal is required/,
    },
    {
      name: "a trust policy with an unknown principal type",
      text: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "x" } }]),
      kind: "trust",
      detail: /unknown principal type "AWS"/,
    },
  ];
  it.each(broken)("refuses $name", ({ text, kind, detail }) => {
    let caught: unknown;
    try {
      parsePolicyDocument(text, kind ?? "identity");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyGrammarError);
    expect((caught as Error).message).toMatch(detail);
  });
});
