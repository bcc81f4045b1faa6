import type { Handler } from './context.ts';
import { toIdentityProviderType } from '../domain/pool-settings/identity-providers.ts';
import { updateIdentityProvider as update } from '../domain/pool-settings/update-identity-provider.ts';

export const updateIdentityProvider: Handler<'UpdateIdentityProvider'> = async (input, ctx) => ({
  IdentityProvider: toIdentityProviderType(await update(ctx, input), ctx.deps.masterKey),
});
