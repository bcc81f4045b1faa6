import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { exportJWK } from 'jose';
import { seal } from '../crypto/sealed.ts';
import type { SigningKeyRecord } from '../../storage/ports/index.ts';

const generateRsa = promisify(generateKeyPair);

export const signingKeyAad = (kid: string): string => `signing-key:${kid}`;

/** A new RSA-2048 signing key for a pool: private part sealed with the master key, public part as a JWK. */
export async function createSigningKey(poolId: string, masterKey: Buffer, now: number): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const kid = Buffer.from(randomUUID()).toString('base64');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    poolId,
    privateSealed: seal(masterKey, Buffer.from(pem), signingKeyAad(kid)).toString('base64'),
    publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' },
    active: true,
    createdAt: now,
  };
}

