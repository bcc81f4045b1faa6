/**
 * Codes for the custom sender triggers, encrypted as Cognito encrypts them: the AWS Encryption SDK
 * (`@aws-crypto/client-node`) with a KMS keyring on the pool's KMS key, so a function decrypts them
 * with the same SDK and `KmsKeyringNode`, as AWS's examples do. KMS is reached at
 * `USERPOOL_KMS_ENDPOINT` (LocalStack, a test's server) or, without it, AWS's own endpoint for the
 * key's region with the SDK's default credentials. The library loads with the first code only.
 */
import type { CodeEncryptor } from '../../domain/triggers/ports.ts';
import { localCredentials } from '../aws-endpoint.ts';

type Encrypt = (keyArn: string, code: string, context: Record<string, string>) => Promise<Uint8Array>;

export class KmsCodeEncryptor implements CodeEncryptor {
  #encrypt: Promise<Encrypt> | undefined;

  constructor(
    readonly endpoint: string | undefined,
    private readonly region: string,
  ) {}

  #load(): Promise<Encrypt> {
    return (this.#encrypt ??= (async () => {
      const { buildClient, CommitmentPolicy, KmsKeyringNode, KMS, cacheClients, getClient } = await import('@aws-crypto/client-node');
      const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
      // The SDK's KMS client is what the keyring expects; only its declared types disagree under exactOptionalPropertyTypes.
      const kms = KMS as unknown as Parameters<typeof getClient>[0];
      const clientProvider = cacheClients(getClient(kms, { maxAttempts: 2, ...(this.endpoint !== undefined ? { endpoint: this.endpoint } : {}), ...localCredentials(this.endpoint) }));
      return async (keyArn, code, context) => {
        const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider });
        return (await encrypt(keyring, code, { encryptionContext: context })).result;
      };
    })());
  }

  async encrypt(kmsKeyArn: string, code: string, encryptionContext: Record<string, string>): Promise<string> {
    const encrypt = await this.#load();
    return Buffer.from(await encrypt(kmsKeyArn, code, encryptionContext)).toString('base64');
  }
}
