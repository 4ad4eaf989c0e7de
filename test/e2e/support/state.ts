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
