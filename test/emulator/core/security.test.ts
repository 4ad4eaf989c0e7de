/**
 * The gateway's security checks, exercised with raw requests signed by sdk/signing so a test can
 * tamper after signing. Codes and statuses from ram-sts-signing.md §4.3 (with its conflict
 * resolutions: SignatureDoesNotMatch 400, InvalidAccessKeyId.NotFound 404, unknown ones 400).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerKeys, rawV1, rawV3, start, userKeys, type RawResponse, type RunningEmulator } from "./harness";

const RAM = "2015-05-01";
const STS = "2015-04-01";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await start();
});
afterAll(async () => {
  await emulator?.stop();
});

function expectError(response: RawResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body.Code }).toEqual({ status, code });
  expect(response.body.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  expect(response.headers["x-acs-request-id"]).toBe(response.body.RequestId);
  expect(typeof response.body.Message).toBe("string");
  expect(response.body.Recommend).toContain(`q=${encodeURIComponent(code)}`);
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("signature verification", () => {
  it("accepts a correctly signed V1 GET and V1 POST, and a V3 POST", async () => {
    const credentials = ownerKeys(emulator);
    for (const method of ["GET", "POST"] as const) {
      const ok = await rawV1(emulator, { method, version: STS, action: "GetCallerIdentity", credentials });
      expect(ok.status).toBe(200);
      expect(ok.body.AccountId).toBe(emulator.seed.accounts[0]!.uid);
    }
    const v3 = await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials });
    expect(v3.status).toBe(200);
  });

  it("reads form bodies where + means a space", async () => {
    const credentials = ownerKeys(emulator);
    const trust = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] });
    const made = await rawV1(emulator, {
      method: "POST",
      version: RAM,
      action: "CreateRole",
      params: { RoleName: "FormRole", AssumeRolePolicyDocument: trust, Description: "two words + plus" },
      credentials,
    });
    expect(made.status).toBe(200);
    expect((made.body.Role as Record<string, unknown>).Description).toBe("two words + plus");
  });

  it("rejects a V1 parameter changed after signing with SignatureDoesNotMatch and the server string to sign", async () => {
    const response = await rawV1(emulator, {
      version: RAM,
      action: "GetRole",
      params: { RoleName: "FormRole" },
      credentials: ownerKeys(emulator),
      tamper: (params) => {
        params.RoleName = "SomethingElse";
      },
    });
    expectError(response, 400, "SignatureDoesNotMatch");
    expect(response.body.Message).toMatch(/server string to sign is:GET&%2F&.*RoleName%3DSomethingElse/);
  });

  it("rejects a V3 query changed after signing", async () => {
    const response = await rawV3(emulator, {
      version: RAM,
      action: "GetRole",
      query: { RoleName: "FormRole" },
      sentQuery: { RoleName: "Other" },
      credentials: ownerKeys(emulator),
    });
    expectError(response, 400, "SignatureDoesNotMatch");
  });

  it("rejects a V3 signed header changed after signing", async () => {
    const response = await rawV3(emulator, {
      version: RAM,
      action: "GetRole",
      query: { RoleName: "FormRole" },
      credentials: ownerKeys(emulator),
      tamperHeaders: (headers) => {
        headers["x-acs-action"] = "DeleteRole";
      },
    });
    expectError(response, 400, "SignatureDoesNotMatch");
  });

  it("rejects a V3 body that differs from its signed x-acs-content-sha256", async () => {
    const response = await rawV3(emulator, {
      version: RAM,
      action: "GetRole",
      body: "RoleName=FormRole",
      sentBody: "RoleName=Other",
      credentials: ownerKeys(emulator),
    });
    expectError(response, 400, "SignatureDoesNotMatch");
    expect(response.body.Message).toContain("x-acs-content-sha256");
  });

  it("rejects a signature made with the wrong secret", async () => {
    const { accessKeyId } = ownerKeys(emulator);
    expectError(await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials: { accessKeyId, accessKeySecret: "not-the-secret" } }), 400, "SignatureDoesNotMatch");
    expectError(await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: { accessKeyId, accessKeySecret: "not-the-secret" } }), 400, "SignatureDoesNotMatch");
  });

  it("rejects an unknown access key with InvalidAccessKeyId.NotFound (404)", async () => {
    const credentials = { accessKeyId: "LTAIEMUNOSUCHKEY0000000", accessKeySecret: "x" };
    expectError(await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials }), 404, "InvalidAccessKeyId.NotFound");
    expectError(await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials }), 404, "InvalidAccessKeyId.NotFound");
  });

  it("rejects a replayed nonce (V1 and V3) but accepts the same nonce from another key", async () => {
    const credentials = ownerKeys(emulator);
    const first = await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials, nonce: "replay-v1-nonce" });
    expect(first.status).toBe(200);
    expectError(await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials, nonce: "replay-v1-nonce" }), 400, "SignatureNonceUsed");

    const date = new Date();
    expect((await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials, nonce: "replay-v3-nonce", date })).status).toBe(200);
    expectError(await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials, nonce: "replay-v3-nonce", date }), 400, "SignatureNonceUsed");

    const other = await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials: userKeys(emulator), nonce: "replay-v1-nonce" });
    expect(other.status).toBe(200);
  });

  it("does not burn a nonce on a request whose signature is wrong", async () => {
    const credentials = ownerKeys(emulator);
    const forged = await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials: { ...credentials, accessKeySecret: "wrong" }, nonce: "kept-nonce" });
    expectError(forged, 400, "SignatureDoesNotMatch");
    expect((await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials, nonce: "kept-nonce" })).status).toBe(200);
  });

  it("rejects timestamps more than 15 minutes old or ahead with InvalidTimeStamp.Expired", async () => {
    const credentials = ownerKeys(emulator);
    for (const at of [minutes(-16), minutes(16)]) {
      expectError(await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials, timestamp: at }), 400, "InvalidTimeStamp.Expired");
      expectError(await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials, date: at }), 400, "InvalidTimeStamp.Expired");
    }
    expect((await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials, timestamp: minutes(-14) })).status).toBe(200);
  });

  it("rejects a malformed timestamp with InvalidTimeStamp.Format", async () => {
    const response = await rawV1(emulator, {
      version: STS,
      action: "GetCallerIdentity",
      credentials: ownerKeys(emulator),
      tamper: (params) => {
        params.Timestamp = new Date().toISOString(); // has milliseconds
      },
    });
    expectError(response, 400, "InvalidTimeStamp.Format");
  });

  it("rejects missing signing parameters", async () => {
    const noNonce = await rawV1(emulator, {
      version: STS,
      action: "GetCallerIdentity",
      credentials: ownerKeys(emulator),
      tamper: (params) => {
        delete params.SignatureNonce;
      },
    });
    expectError(noNonce, 400, "MissingParameter");
    expect(noNonce.body.Message).toContain("SignatureNonce");

    const unsignedDate = await rawV3(emulator, {
      version: STS,
      action: "GetCallerIdentity",
      credentials: ownerKeys(emulator),
      tamperHeaders: (headers) => {
        headers.authorization = headers.authorization!.replace("x-acs-date;", "");
      },
    });
    expectError(unsignedDate, 400, "IncompleteSignature");
  });

  it("routes by version and action: unknown ones are InvalidVersion and InvalidAction.NotFound", async () => {
    const credentials = ownerKeys(emulator);
    expectError(await rawV1(emulator, { version: "2099-01-01", action: "GetCallerIdentity", credentials }), 400, "InvalidVersion");
    expectError(await rawV1(emulator, { version: STS, action: "GetRole", credentials }), 404, "InvalidAction.NotFound");
    expectError(await rawV3(emulator, { version: RAM, action: "NoSuchAction", credentials }), 404, "InvalidAction.NotFound");
  });
});

describe("STS credentials", () => {
  let temp: { accessKeyId: string; accessKeySecret: string; securityToken: string };

  beforeAll(async () => {
    const owner = ownerKeys(emulator);
    const uid = emulator.seed.accounts[0]!.uid;
    const userName = emulator.seed.accounts[0]!.users[0]!.name;
    const trust = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:root`] } }] });
    expect((await rawV3(emulator, { version: RAM, action: "CreateRole", query: { RoleName: "TempRole", AssumeRolePolicyDocument: trust }, credentials: owner })).status).toBe(200);
    const grant = { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: userName };
    expect((await rawV3(emulator, { version: RAM, action: "AttachPolicyToUser", query: grant, credentials: owner })).status).toBe(200);
    const assumed = await rawV1(emulator, {
      method: "POST",
      version: STS,
      action: "AssumeRole",
      params: { RoleArn: `acs:ram::${uid}:role/TempRole`, RoleSessionName: "raw", DurationSeconds: "900" },
      credentials: userKeys(emulator),
    });
    expect(assumed.status).toBe(200);
    const c = assumed.body.Credentials as Record<string, string>;
    temp = { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
  });

  it("accepts the temporary key with its token", async () => {
    const response = await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: temp });
    expect(response.status).toBe(200);
    expect(response.body.IdentityType).toBe("AssumedRoleUser");
  });

  it("rejects the temporary key without a token with MissingSecurityToken", async () => {
    const { securityToken: _omit, ...keyOnly } = temp;
    expectError(await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials: keyOnly }), 400, "MissingSecurityToken");
  });

  it("rejects a token that is not an STS token with InvalidSecurityToken.Malformed", async () => {
    expectError(await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: { ...temp, securityToken: "not-a-token" } }), 400, "InvalidSecurityToken.Malformed");
  });

  it("rejects a token issued for another key with InvalidSecurityToken.MismatchWithAccessKey", async () => {
    const forged = `CAIS${Buffer.from(JSON.stringify({ k: "STS.EMUsomeoneelse" })).toString("base64url")}.x`;
    expectError(await rawV1(emulator, { version: STS, action: "GetCallerIdentity", credentials: { ...temp, securityToken: forged } }), 400, "InvalidSecurityToken.MismatchWithAccessKey");
  });

  it("rejects the token once the service clock passes its expiry, with InvalidSecurityToken.Expired", async () => {
    emulator.admin.advanceClock(900_000);
    try {
      const response = await rawV3(emulator, { version: STS, action: "GetCallerIdentity", credentials: temp });
      expectError(response, 400, "InvalidSecurityToken.Expired");
      // Secrets never appear in what the caller (or a log) sees.
      expect(JSON.stringify(response.body)).not.toContain(temp.securityToken);
      expect(JSON.stringify(response.body)).not.toContain(temp.accessKeySecret);
    } finally {
      emulator.admin.advanceClock(-900_000);
    }
  });

  it("masks the security token in the echoed V1 string to sign", async () => {
    const response = await rawV1(emulator, {
      version: STS,
      action: "GetCallerIdentity",
      credentials: temp,
      tamper: (params) => {
        params.Format = "xml2";
      },
    });
    expectError(response, 400, "SignatureDoesNotMatch");
    expect(response.body.Message).toContain("SecurityToken%3D%253Credacted%253E");
    expect(response.body.Message).not.toContain(encodeURIComponent(temp.securityToken).slice(0, 20));
  });
});
