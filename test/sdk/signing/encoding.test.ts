/**
 * The encoding, flattening and clock/nonce rules both signature schemes share (reference §4.1, §0).
 */
import { describe, expect, it } from "vitest";
import { canonicalQueryString, flattenParams, formatTimestamp, newNonce, percentEncode, signV1 } from "../../../sdk/signing";

describe("percent-encoding", () => {
  it.each([
    ["中", "%E4%B8%AD"],
    ["a b", "a%20b"],
    ["*", "%2A"],
    ["~", "~"],
    ["/", "%2F"],
    [":", "%3A"],
    ["", ""],
    ["+", "%2B"],
    ["!'()", "%21%27%28%29"],
    ["AZaz09-_.", "AZaz09-_."],
    ["%", "%25"],
    ["😀", "%F0%9F%98%80"],
  ])("encodes %j as %j", (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });

  it("rejects a lone surrogate without echoing the value", () => {
    expect(() => percentEncode("tok\uD800")).toThrow(TypeError);
    expect(() => percentEncode("tok\uD800")).not.toThrow(/tok/);
  });
});

describe("canonical query string", () => {
  it("sorts by name, encodes names and values and keeps empty values as name=", () => {
    expect(canonicalQueryString({ b: "x y", a: "", "Tag.1.Key": "中*~", C: "1:2/3" })).toBe(
      "C=1%3A2%2F3&Tag.1.Key=%E4%B8%AD%2A~&a=&b=x%20y",
    );
  });

  it("sorts by UTF-8 bytes, so Name.10 comes before Name.2 and uppercase before lowercase", () => {
    expect(canonicalQueryString({ "Name.2": "b", "Name.10": "j", name: "l", Name: "u" })).toBe(
      "Name=u&Name.10=j&Name.2=b&name=l",
    );
  });

  it("is empty for no parameters", () => {
    expect(canonicalQueryString({})).toBe("");
  });
});

describe("parameter flattening", () => {
  it("numbers arrays from 1 and names nested objects by key", () => {
    expect(
      flattenParams({
        RepoName: "app",
        Tag: [
          { Key: "env", Value: "prod" },
          { Key: "team", Value: "a b" },
        ],
        Ids: ["x", "y"],
        Config: { Inner: { Deep: 1 }, List: [true, false] },
      }),
    ).toEqual({
      RepoName: "app",
      "Tag.1.Key": "env",
      "Tag.1.Value": "prod",
      "Tag.2.Key": "team",
      "Tag.2.Value": "a b",
      "Ids.1": "x",
      "Ids.2": "y",
      "Config.Inner.Deep": "1",
      "Config.List.1": "true",
      "Config.List.2": "false",
    });
  });

  it("renders scalars as the gateway expects and drops undefined and null", () => {
    expect(
      flattenParams({ S: "", T: true, F: false, N: 42, D: 1.5, Z: 0, U: undefined, X: null, When: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }),
    ).toEqual({ S: "", T: "true", F: "false", N: "42", D: "1.5", Z: "0", When: "2024-01-02T03:04:05Z" });
  });

  it("keeps array positions when an item is missing, as the official SDK does", () => {
    expect(flattenParams({ L: ["a", null, "c"], Empty: [], Obj: {} })).toEqual({ "L.1": "a", "L.3": "c" });
  });

  it("supports arrays of arrays", () => {
    expect(flattenParams({ M: [["a", "b"], ["c"]] })).toEqual({ "M.1.1": "a", "M.1.2": "b", "M.2.1": "c" });
  });

  it("refuses values it cannot represent", () => {
    expect(() => flattenParams({ N: Number.NaN })).toThrow(TypeError);
    expect(() => flattenParams({ F: () => 1 })).toThrow(TypeError);
  });
});

describe("timestamps and nonces", () => {
  it("formats UTC without fractional seconds", () => {
    expect(formatTimestamp(new Date(Date.UTC(2016, 1, 23, 12, 46, 24, 999)))).toBe("2016-02-23T12:46:24Z");
    expect(formatTimestamp(new Date("2024-12-31T23:59:59+08:00"))).toBe("2024-12-31T15:59:59Z");
  });

  it("rejects an invalid date", () => {
    expect(() => formatTimestamp(new Date("nope"))).toThrow(TypeError);
  });

  it("produces distinct 32-hex-character nonces", () => {
    const nonces = new Set(Array.from({ length: 200 }, () => newNonce()));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it("uses a fresh nonce and the current time when none are injected", () => {
    const credentials = { accessKeyId: "id", accessKeySecret: "s" };
    const first = signV1({ method: "GET", action: "A", version: "v", params: {}, credentials });
    const second = signV1({ method: "GET", action: "A", version: "v", params: {}, credentials });
    expect(first.SignatureNonce).not.toBe(second.SignatureNonce);
    expect(Math.abs(Date.parse(first.Timestamp ?? "") - Date.now())).toBeLessThan(5_000);
  });
});
