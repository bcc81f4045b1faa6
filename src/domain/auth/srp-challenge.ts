/**
 * USER_SRP_AUTH's server side (spec/auth.md §A.3). The PASSWORD_VERIFIER state is recoverable
 * from the SECRET_BLOCK alone (amazon-cognito-identity-js, pycognito and boto3 scripts answer
 * without `Session`): SECRET_BLOCK = base64 of a blob sealed with the master key holding the
 * session id, pool, client and the server's secret exponent b. A, B and the user live in the
 * session row, which the answer consumes atomically, so a secret block works once.
 */
import { createHmac } from 'node:crypto';
import type { Deps } from '../context.ts';
import type { ClientRecord, PoolRecord } from '../../storage/ports/index.ts';
import { open, seal } from '../crypto/sealed.ts';
import { SRP_N, startSrp, toSrpHex, type PasswordVerifier } from '../passwords/srp.ts';
import { invalidSession } from './sessions.ts';

export const PASSWORD_VERIFIER = 'PASSWORD_VERIFIER';
const AAD = 'srp-secret-block';

interface SecretBlockState {
  v: 1;
  /** Session id (the row key, hashed). */
  i: string;
  p: string;
  c: string;
  /** b, hex. */
  b: string;
  /** Issued at, epoch ms. */
  t: number;
}

export interface SrpChallengeState {
  sessionId: string;
  b: Buffer;
  issuedAt: number;
}

export function sealSecretBlock(deps: Deps, pool: PoolRecord, client: ClientRecord, sessionId: string, b: Buffer): string {
  const state: SecretBlockState = { v: 1, i: sessionId, p: pool.id, c: client.id, b: b.toString('hex'), t: deps.now() };
  return seal(deps.masterKey, Buffer.from(JSON.stringify(state), 'utf8'), AAD).toString('base64');
}

/** The state behind a PASSWORD_CLAIM_SECRET_BLOCK, or `Invalid session for the user.` */
export function openSecretBlock(deps: Deps, pool: PoolRecord, client: ClientRecord, secretBlock: string): SrpChallengeState {
  let state: SecretBlockState;
  try {
    state = JSON.parse(open(deps.masterKey, Buffer.from(secretBlock, 'base64'), AAD).toString('utf8')) as SecretBlockState;
  } catch {
    throw invalidSession();
  }
  if (state.v !== 1 || state.p !== pool.id || state.c !== client.id || typeof state.i !== 'string' || typeof state.b !== 'string') throw invalidSession();
  return { sessionId: state.i, b: Buffer.from(state.b, 'hex'), issuedAt: state.t };
}

/**
 * The salt and verifier shown for an unknown user when PreventUserExistenceErrors is ENABLED:
 * derived from the name, so repeated attempts see the same SALT as a real user would.
 */
export function decoyVerifier(deps: Deps, poolId: string, username: string): PasswordVerifier {
  const mac = (label: string, length: number): Buffer => {
    const out: Buffer[] = [];
    for (let i = 0; Buffer.concat(out).length < length; i++) {
      out.push(createHmac('sha256', deps.tokenKey).update(`srp-decoy\0${label}\0${i}\0${poolId}\0${username.toLowerCase()}`).digest());
    }
    return Buffer.concat(out).subarray(0, length);
  };
  const v = BigInt(`0x${mac('v', 384).toString('hex')}`) % SRP_N;
  return { salt: mac('s', 16), verifier: Buffer.from(v.toString(16).padStart(768, '0'), 'hex') };
}

export interface SrpStep {
  B: bigint;
  b: Buffer;
  saltHex: string;
}

/** Starts SRP for a verifier: B = k·v + g^b. */
export function srpServerStep(verifier: PasswordVerifier): SrpStep {
  const { b, B } = startSrp(verifier.verifier);
  return { B, b, saltHex: toSrpHex(verifier.salt) };
}
