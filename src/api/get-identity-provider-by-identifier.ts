import type { Handler } from './context.ts';
import { identityProviderByIdentifier } from '../domain/pool-settings/describe-identity-provider.ts';
import { toIdentityProviderType } from '../domain/pool-settings/identity-providers.ts';

export const getIdentityProviderByIdentifier: Handler<'GetIdentityProviderByIdentifier'> = async (input, ctx) => ({
  IdentityProvider: toIdentityProviderType(await identityProviderByIdentifier(ctx, input.UserPoolId, input.IdpIdentifier), ctx.deps.masterKey),
});
