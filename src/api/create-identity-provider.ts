import type { Handler } from './context.ts';
import { createIdentityProvider as create } from '../domain/pool-settings/create-identity-provider.ts';
import { toIdentityProviderType } from '../domain/pool-settings/identity-providers.ts';

export const createIdentityProvider: Handler<'CreateIdentityProvider'> = async (input, ctx) => ({
  IdentityProvider: toIdentityProviderType(await create(ctx, input), ctx.deps.masterKey),
});
