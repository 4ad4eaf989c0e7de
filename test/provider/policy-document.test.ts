import { describe, expect, it } from "vitest";
import { canonicalPolicy, policyProblem } from "../../provider/resources/ram/policy-document";

const doc = (statement: Record<string, unknown>) => ({ Version: "1", Statement: [{ Effect: "Allow", Action: ["cr:GetRepository"], Resource: ["*"], ...statement }] });

describe("canonical policy documents", () => {
  it.each([
    ["key order and whitespace", JSON.stringify(doc({})), `{\n  "Statement": [ { "Resource": "*", "Action": "cr:GetRepository", "Effect": "Allow" } ],\n  "Version": "1"\n}`],
    ["a statement object for a one-element list", doc({}), { Version: "1", Statement: { Effect: "Allow", Action: "cr:GetRepository", Resource: "*" } }],
    ["list order", doc({ Action: ["cr:A", "cr:B"] }), doc({ Action: ["cr:B", "cr:A"] })],
    ["principal string for a list", { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs.aliyuncs.com" } }] }, { Version: "1", Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { Service: ["ecs.aliyuncs.com"] } }] }],
    ["condition value for a list, numbers as strings", doc({ Condition: { NumericLessThan: { "acs:x": 5 } } }), doc({ Condition: { NumericLessThan: { "acs:x": ["5"] } } })],
  ])("treats %s as equal", (_label, a, b) => {
    expect(canonicalPolicy(a)).toBe(canonicalPolicy(b));
  });

  it.each([
    ["a different action", doc({}), doc({ Action: "cr:DeleteRepository" })],
    ["Allow against Deny", doc({}), doc({ Effect: "Deny" })],
    ["an added condition", doc({}), doc({ Condition: { Bool: { "acs:SecureTransport": "true" } } })],
  ])("tells apart %s", (_label, a, b) => {
    expect(canonicalPolicy(a)).not.toBe(canonicalPolicy(b));
  });

  it("leaves text that is not JSON as it is, so check() can name the problem", () => {
    expect(canonicalPolicy("{oops")).toBe("{oops");
    expect(policyProblem("{oops", "identity")).toMatch(/not valid JSON/);
    expect(policyProblem(doc({}), "identity")).toBeUndefined();
  });
});
