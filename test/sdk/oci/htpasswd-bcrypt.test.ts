import { describe, expect, it } from "vitest";
import { bcryptHash, htpasswdFile } from "../../support/htpasswd";

// Expected values were produced by libxcrypt's bcrypt (Python's crypt module on Debian 12), an
// implementation independent of ours; `$2b$` and `$2a$` differ only in the prefix for these inputs.
describe("bcrypt for the test registry's htpasswd file", () => {
  it("matches libxcrypt for a short password at cost 5", () => {
    expect(bcryptHash("x", 5, "abcdefghijklmnopqrstuu")).toBe("$2a$05$abcdefghijklmnopqrstuuhKF09ZYWwH2zP/0fwE1X8e/Q1YNx/hO");
  });

  it("matches libxcrypt for a longer password at cost 4", () => {
    expect(bcryptHash("correct horse battery staple", 4, "0123456789ABCDEFGHIJKu")).toBe(
      "$2a$04$0123456789ABCDEFGHIJKu94v3bsa4Pk.eLfV2aax6CApIfyZguY6",
    );
  });

  it("salts each entry differently and writes user:hash lines", () => {
    const file = htpasswdFile({ alice: "pw-one", bob: "pw-one" });
    const lines = file.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^alice:\$2a\$05\$[./A-Za-z0-9]{53}$/);
    expect(lines[0]!.split(":")[1]).not.toBe(lines[1]!.split(":")[1]);
  });
});
