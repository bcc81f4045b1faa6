import type { Handler } from './context.ts';
import { linkProviderForUser } from '../domain/pool-settings/link-provider-for-user.ts';

export const adminLinkProviderForUser: Handler<'AdminLinkProviderForUser'> = async (input, ctx) => {
  await linkProviderForUser(ctx, input);
  return {};
};
