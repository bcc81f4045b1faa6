import type { RequestContext } from '../domain/context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import type { AccountCall } from '../domain/auth/account.ts';
import type { AuthCall } from '../domain/auth/sign-in.ts';
import { verifyAccessToken, type VerifiedAccessToken } from '../domain/tokens/verify.ts';

/** A public (unsigned) auth call names only its ClientId: the client and its pool. */
export async function publicAuthCall(ctx: RequestContext, clientId: string): Promise<AuthCall & AccountCall> {
  const client = await ctx.deps.store.clients.findClientById(clientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  const pool = await ctx.deps.store.pools.findPool(client.poolId);
  if (!pool) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return { deps: ctx.deps, pool, client, admin: false, log: ctx.log };
}

/** An Admin* (IAM) auth call names the pool and the client. */
export async function adminAuthCall(ctx: RequestContext, poolId: string, clientId: string): Promise<AuthCall> {
  const pool = await requirePool(ctx, poolId);
  const client = await requireClient(ctx, poolId, clientId);
  return { deps: ctx.deps, pool, client, admin: true };
}

/** The caller of an access-token operation (signature, expiry, revocation, user state checked). */
export function callerOf(ctx: RequestContext, accessToken: string): Promise<VerifiedAccessToken> {
  return verifyAccessToken(ctx.deps, accessToken);
}
