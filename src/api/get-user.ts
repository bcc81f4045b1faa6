import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { clientMayRead } from '../domain/auth/client-attributes.ts';
import type { GetUserResponse, MFAOptionType } from '../generated/shapes.ts';
import { userMfaSummary } from '../domain/mfa/user-mfa.ts';

/** GetUser: the caller's attributes (those its app client may read) and legacy MFA options. */
export const getUser: Handler<'GetUser'> = async (input, ctx) => {
  const { pool, user, claims } = await callerOf(ctx, input.AccessToken);
  const client = await ctx.deps.store.clients.findClient(pool.id, claims.client_id);
  const attributes = [{ Name: 'sub', Value: user.sub }];
  for (const [Name, Value] of Object.entries(user.attributes)) if (!client || clientMayRead(client, Name)) attributes.push({ Name, Value });
  const out: GetUserResponse = { Username: user.username, UserAttributes: attributes };
  if (user.mfaOptions && user.mfaOptions.length > 0) out.MFAOptions = user.mfaOptions as MFAOptionType[];
  return { ...out, ...(await userMfaSummary(ctx.deps.store, user)) };
};
