/**
 * The client side of Cognito SRP (what amazon-cognito-identity-js's AuthenticationHelper and
 * Amplify compute), written out independently of the server's code so the tests check the
 * protocol rather than the implementation against itself. Only the constants are shared.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { SRP_G, SRP_K, SRP_N, formatSrpTimestamp, padHex } from '../../src/domain/passwords/srp.ts';

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

const hashHex = (hex: string): bigint => BigInt(`0x${createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')}`);

/** SRP's private value x = H(salt | H(poolName | userId | ":" | password)). */
function privateValue(salt: bigint, poolName: string, userId: string, password: string): bigint {
  const inner = createHash('sha256').update(`${poolName}${userId}:${password}`, 'utf8').digest('hex');
  return hashHex(padHex(salt) + inner);
}

/** The verifier g^x the server stores for a secret (what ConfirmDevice sends for a device). */
export const srpVerifier = (salt: bigint, poolName: string, userId: string, password: string): bigint => modPow(SRP_G, privateValue(salt, poolName, userId, password), SRP_N);

export interface SrpClientStart {
  a: bigint;
  A: bigint;
  SRP_A: string;
}

export function srpClientStart(): SrpClientStart {
  const a = BigInt(`0x${randomBytes(128).toString('hex')}`) % SRP_N;
  const A = modPow(SRP_G, a, SRP_N);
  return { a, A, SRP_A: A.toString(16) };
}

/** ChallengeResponses for PASSWORD_VERIFIER given the server's ChallengeParameters. */
export function srpClientRespond(poolId: string, password: string, start: SrpClientStart, params: Record<string, string>, now = new Date()): Record<string, string> {
  const poolName = poolId.slice(poolId.indexOf('_') + 1);
  const userId = params['USER_ID_FOR_SRP'] ?? '';
  const B = BigInt(`0x${params['SRP_B']}`);
  const salt = BigInt(`0x${params['SALT']}`);
  const u = hashHex(padHex(start.A) + padHex(B));
  const x = privateValue(salt, poolName, userId, password);
  const gx = modPow(SRP_G, x, SRP_N);
  const S = modPow((((B - SRP_K * gx) % SRP_N) + SRP_N) % SRP_N, start.a + u * x, SRP_N);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), Buffer.from('Caldera Derived Key'), 16));
  const timestamp = formatSrpTimestamp(now);
  const secretBlock = params['SECRET_BLOCK'] ?? '';
  const signature = createHmac('sha256', key)
    .update(poolName, 'utf8')
    .update(userId, 'utf8')
    .update(Buffer.from(secretBlock, 'base64'))
    .update(timestamp, 'utf8')
    .digest('base64');
  return { USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: secretBlock, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature };
}

/** What a full SRP sign-in needs from an SDK client (CognitoIdentityProviderClient#send or a raw caller). */
export type AuthCaller = (operation: 'InitiateAuth' | 'RespondToAuthChallenge', input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * A complete USER_SRP_AUTH sign-in (InitiateAuth → PASSWORD_VERIFIER → RespondToAuthChallenge),
 * returning the AuthenticationResult (or the next challenge). Usable by benchmarks with any caller.
 */
export async function srpLogin(call: AuthCaller, poolId: string, clientId: string, username: string, password: string): Promise<Record<string, unknown>> {
  const start = srpClientStart();
  const init = await call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: start.SRP_A } });
  const params = init['ChallengeParameters'] as Record<string, string>;
  return call('RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: init['Session'],
    ChallengeResponses: srpClientRespond(poolId, password, start, params),
  });
}

/** An AuthCaller over plain HTTP (JSON 1.1), for benchmarks and tests without the SDK. */
export function httpAuthCaller(url: string): AuthCaller {
  return async (operation, input) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(input),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${operation}: ${String(json['__type'])}: ${String(json['message'])}`);
    return json;
  };
}
