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
import { SRP_N, startSrp, toSrpHex, verifySrpSignature, type PasswordVerifier } from '../passwords/srp.ts';
import { requireParam } from './client-rules.ts';
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

/** A PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER answer: the client's proof of the password. */
export interface PasswordClaim {
  secretBlock: string;
  signature: string;
  timestamp: string;
}

/** The claim's three parameters, each required. */
export function passwordClaimOf(responses: Record<string, string> | undefined): PasswordClaim {
  const secretBlock = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParam(responses, 'TIMESTAMP');
  return { secretBlock, signature, timestamp };
}

/** The state behind the claim's SECRET_BLOCK; a `Session` sent with it must be the same session. */
export function openPasswordClaim(deps: Deps, pool: PoolRecord, client: ClientRecord, claim: PasswordClaim, session: string | undefined): SrpChallengeState {
  const state = openSecretBlock(deps, pool, client, claim.secretBlock);
  if (session !== undefined && session !== '' && session !== state.sessionId) throw invalidSession();
  return state;
}

/**
 * Whether the claim's signature proves the password behind `verifier`, with A and B (hex) as the
 * challenge's session row stored them. `poolName` / `userId`: the pool name and USER_ID_FOR_SRP, or
 * the DeviceGroupKey and DeviceKey for device SRP.
 */
export function passwordClaimMatches(
  claim: PasswordClaim,
  state: SrpChallengeState,
  stored: { A?: string; B?: string },
  proof: { poolName: string; userId: string; verifier: Buffer | undefined },
): boolean {
  if (proof.verifier === undefined || stored.A === undefined || stored.B === undefined) return false;
  return verifySrpSignature({
    poolName: proof.poolName,
    userId: proof.userId,
    A: BigInt(`0x${stored.A}`),
    B: BigInt(`0x${stored.B}`),
    b: state.b,
    verifier: proof.verifier,
    secretBlock: Buffer.from(claim.secretBlock, 'base64'),
    timestamp: claim.timestamp,
    signature: claim.signature,
  });
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
