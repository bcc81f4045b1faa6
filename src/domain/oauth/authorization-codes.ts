/**
 * Authorization codes: UUIDs as AWS issues them, stored as SHA-256 hashes only, single-use (an
 * atomic delete hands a code to exactly one caller), valid for 5 minutes, bound to the client,
 * the redirect_uri, the PKCE challenge, the nonce, the scopes, the user and the sign-in time.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Deps } from '../context.ts';
import { hashSecret, safeEqual } from '../crypto/sealed.ts';
import { purgeOAuthStateNowAndThen } from '../housekeeping/purge.ts';
import type { OAuthCodeRecord, UserRecord } from '../../storage/ports/index.ts';
import type { AuthRequest } from './authorization-request.ts';

export const CODE_LIFETIME_MS = 5 * 60 * 1000;

const codeHash = (code: string): string => hashSecret(`oauth-code:${code}`);

export async function issueAuthorizationCode(deps: Deps, request: AuthRequest, user: UserRecord, authTime: number): Promise<string> {
  const code = randomUUID();
  const now = deps.now();
  await deps.store.oauth.insertOAuthCode({
    codeHash: codeHash(code),
    poolId: user.poolId,
    clientId: request.client.id,
    userSub: user.sub,
    redirectUri: request.redirectUri,
    scopes: request.scopes.join(' '),
    codeChallenge: request.codeChallenge ?? null,
    nonce: request.nonce ?? null,
    authTime,
    expiresAt: now + CODE_LIFETIME_MS,
    createdAt: now,
  });
  void purgeOAuthStateNowAndThen(deps).catch(() => undefined);
  return code;
}

/** The live code (used up by this call), or undefined when unknown, used or expired. */
export async function consumeAuthorizationCode(deps: Deps, code: string): Promise<OAuthCodeRecord | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(code)) return undefined;
  const record = await deps.store.oauth.consumeOAuthCode(codeHash(code.toLowerCase()));
  if (record === undefined || record.expiresAt <= deps.now()) return undefined;
  return record;
}

/** PKCE S256: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return safeEqual(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge);
}
