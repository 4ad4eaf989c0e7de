import { describe, expect, it } from "vitest";
import { AcsError } from "../../sdk/errors";
import { ProviderError } from "../../provider/errors";
import { createOrAdopt, MAX_CREATE_ROUNDS } from "../../provider/resources/lifecycle";

const unavailable = () => new AcsError({ code: "ServiceUnavailable", message: "try later", httpStatus: 503, operation: "CreatePolicy" });
const resetAfterSend = () => new AcsError({ code: "ConnectionReset", message: "socket hang up", httpStatus: 0, fault: "network", operation: "CreatePolicy" });
const exists = () => new AcsError({ code: "EntityAlreadyExists.Policy", message: "exists", httpStatus: 409, operation: "CreatePolicy" });

/** A fake service: `outcomes` scripts each create call; `landed` says whether that call made the object. */
function service(outcomes: Array<{ error?: AcsError; landed: boolean }>) {
  let present = false;
  let creates = 0;
  return {
    get creates() {
      return creates;
    },
    options: {
      what: "RAM policy p",
      field: "name",
      find: async () => (present ? { name: "p" } : undefined),
      create: async () => {
        const outcome = outcomes[creates++] ?? { landed: true };
        if (outcome.landed) {
          if (present) throw exists();
          present = true;
        }
        if (outcome.error) throw outcome.error;
        return { name: "p" };
      },
      idAfterCreate: () => "p",
    },
  };
}

describe("createOrAdopt after ambiguous failures", () => {
  it("keeps looking up and creating again while each create fails before it lands, and makes one object", async () => {
    const s = service([{ error: unavailable(), landed: false }, { error: resetAfterSend(), landed: false }, { landed: true }]);
    await expect(createOrAdopt(s.options)).resolves.toEqual({ found: { name: "p" }, adopted: false });
    expect(s.creates).toBe(3);
  });

  it("adopts as its own an object whose create landed before the connection reset, without creating again", async () => {
    const s = service([{ error: unavailable(), landed: false }, { error: resetAfterSend(), landed: true }]);
    await expect(createOrAdopt(s.options)).resolves.toEqual({ found: { name: "p" }, adopted: false });
    expect(s.creates).toBe(2);
  });

  it("gives up after MAX_CREATE_ROUNDS ambiguous rounds with the service's error", async () => {
    const s = service(Array.from({ length: 10 }, () => ({ error: unavailable(), landed: false })));
    await expect(createOrAdopt(s.options)).rejects.toMatchObject({ code: "ServiceUnavailable" });
    expect(s.creates).toBe(MAX_CREATE_ROUNDS);
  });

  it("still refuses an object that existed before, naming the field and adopt", async () => {
    const s = service([{ error: exists(), landed: false }]);
    const error = await createOrAdopt(s.options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(/already exists: set adopt: true .* another name/);
  });
});
