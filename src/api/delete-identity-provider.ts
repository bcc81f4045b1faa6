import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { COGNITO_PROVIDER } from '../domain/pool-settings/identity-providers.ts';

/** Deletes an IdP (its IdpIdentifiers go with it). Users already linked to it keep their `identities`. */
export const deleteIdentityProvider: Handler<'DeleteIdentityProvider'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  if (input.ProviderName.toUpperCase() === COGNITO_PROVIDER) {
    throw new CognitoError('UnsupportedIdentityProviderException', `The identity provider ${input.ProviderName} is the user pool directory and cannot be deleted.`);
  }
  if (!(await ctx.deps.store.federation.deleteIdentityProvider(pool.id, input.ProviderName))) {
    throw new CognitoError('ResourceNotFoundException', `Identity provider ${input.ProviderName} does not exist.`);
  }
  return {};
};
