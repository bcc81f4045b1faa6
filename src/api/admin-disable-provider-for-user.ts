import type { Handler } from './context.ts';
import { disableProviderForUser } from '../domain/pool-settings/disable-provider-for-user.ts';

export const adminDisableProviderForUser: Handler<'AdminDisableProviderForUser'> = async (input, ctx) => {
  await disableProviderForUser(ctx, input);
  return {};
};
