/** Checks on `pulumi stack export`: no plaintext secret anywhere, and each serialized provider small. */
export const PROVIDER_BUDGET_BYTES = 4096;

/** The secret values (longer than 3 characters) that appear verbatim in `pulumi stack export` output. */
export function plaintextSecretsIn(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => secret.length > 3 && text.includes(secret));
}

/** Every `__provider` (inputs and outputs) with its size in bytes. */
export function providerSizes(exported: Record<string, unknown>): Array<{ urn: string; where: string; bytes: number }> {
  const sizes: Array<{ urn: string; where: string; bytes: number }> = [];
  const resources = (exported.deployment as { resources?: Array<Record<string, unknown>> }).resources ?? [];
  for (const resource of resources) {
    for (const where of ["inputs", "outputs"]) {
      const value = (resource[where] as Record<string, unknown> | undefined)?.__provider;
      if (value === undefined) continue;
      const text = typeof value === "string" ? value : JSON.stringify(value);
      sizes.push({ urn: String(resource.urn), where, bytes: Buffer.byteLength(text) });
    }
  }
  return sizes;
}

/** Pulumi's marker for a secret value in exported state (with a `ciphertext` beside it). */
const SECRET_SIGNATURE = ["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"] as const;

/** The output `key` of the resource named `name` (a URN suffix), as exported. */
export function exportedOutput(exported: Record<string, unknown>, name: string, key: string): unknown {
  const resources = (exported.deployment as { resources?: Array<Record<string, unknown>> }).resources ?? [];
  const resource = resources.find((r) => String(r.urn).endsWith(`::${name}`));
  return (resource?.outputs as Record<string, unknown> | undefined)?.[key];
}

/** True when an exported value is an encrypted secret, not plaintext. */
export function isEncryptedSecret(value: unknown): boolean {
  const v = value as Record<string, unknown> | undefined;
  return !!v && v[SECRET_SIGNATURE[0]] === SECRET_SIGNATURE[1] && typeof v.ciphertext === "string";
}
