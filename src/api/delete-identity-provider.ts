import type { Handler } from './context.ts';
import { deleteIdentityProvider as remove } from '../domain/pool-settings/delete-identity-provider.ts';

export const deleteIdentityProvider: Handler<'DeleteIdentityProvider'> = async (input, ctx) => {
  await remove(ctx, input.UserPoolId, input.ProviderName);
  return {};
};
