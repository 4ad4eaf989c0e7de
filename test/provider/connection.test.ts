import { describe, expect, it } from "vitest";
import { connectionFromStackConfig, ConnectionConfigError, mergeConnection } from "../../provider/connection";

describe("connection from alicloud stack config", () => {
  it("reads region, keys and an assumeRole JSON object", () => {
    const c = connectionFromStackConfig({
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": "AK",
      "alicloud:secretKey": "SK",
      "alicloud:assumeRole": JSON.stringify({ roleArn: "acs:ram::1:role/r", sessionName: "s" }),
    });
    expect(c).toMatchObject({ region: "cn-hangzhou", accessKey: "AK", secretKey: "SK", assumeRole: { roleArn: "acs:ram::1:role/r" } });
  });

  it("accepts endpoints as the @pulumi/alicloud list of objects and as a plain object", () => {
    const list = connectionFromStackConfig({ "alicloud:endpoints": JSON.stringify([{ cr: "http://a" }, { sts: "http://b" }]) });
    const obj = connectionFromStackConfig({ "alicloud:endpoints": JSON.stringify({ cr: "http://a" }) });
    expect(list.endpoints).toEqual({ cr: "http://a", sts: "http://b" });
    expect(obj.endpoints).toEqual({ cr: "http://a" });
  });

  it("names the bad key without echoing its secret value", () => {
    const bad = () => connectionFromStackConfig({ "alicloud:assumeRole": "{not json secret-XYZ" });
    expect(bad).toThrow(ConnectionConfigError);
    expect(bad).toThrow(/alicloud:assumeRole/);
    expect(bad).not.toThrow(/secret-XYZ/);
  });

  it("lets a per-resource connection override stack config field by field", () => {
    const merged = mergeConnection({ region: "us-west-1", accessKey: undefined }, { region: "cn-hangzhou", accessKey: "AK" });
    expect(merged).toEqual({ region: "us-west-1", accessKey: "AK" });
  });
});
