/**
 * Who is calling a registry: nobody, the emulator's own sync executor, or a cloud principal (the
 * account owner, a RAM user or a role session) that logged in with the instance password or a
 * temporary token.
 */

export type RegistryIdentity =
  | { kind: "anonymous" }
  | { kind: "system" }
  | {
      kind: "principal";
      accountId: string;
      /** `acs:ram::<uid>:root`, `…:user/<name>` or `…:role/<role>/<session>`. */
      principalArn: string;
      /** When the credential stops working (a temporary token), emulator clock ms. */
      expireTime?: number;
    };

export type RegistryAction = "pull" | "push";
