/** Registers every `/v2/<name>/…` route (imported once by emulator/registry/index.ts). */
export {};
