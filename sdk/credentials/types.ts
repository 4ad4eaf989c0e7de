/** A resolved key pair, possibly temporary (STS). Never log or stringify one. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS (temporary) credentials. */
  securityToken?: string;
  /** When temporary credentials stop working. */
  expiration?: Date;
  /** A human-readable name of where these came from, e.g. `env ALIBABA_CLOUD_ACCESS_KEY_ID`; never a secret. */
  source: string;
}

/** Yields current credentials; implementations cache and refresh as needed. */
export type CredentialProvider = () => Promise<Credentials>;
