import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { toIdentityProviderType } from '../domain/pool-settings/identity-providers.ts';

export const getIdentityProviderByIdentifier: Handler<'GetIdentityProviderByIdentifier'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const provider = await ctx.deps.store.federation.findIdentityProviderByIdentifier(pool.id, input.IdpIdentifier);
  if (!provider) throw new CognitoError('ResourceNotFoundException', `No identity provider of user pool ${pool.id} has the IdpIdentifier ${input.IdpIdentifier}.`);
  return { IdentityProvider: toIdentityProviderType(provider, ctx.deps.masterKey) };
};
