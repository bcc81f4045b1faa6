import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireProvider } from './config-common.ts';
import { toIdentityProviderType } from '../domain/pool-settings/identity-providers.ts';

export const describeIdentityProvider: Handler<'DescribeIdentityProvider'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const provider = await requireProvider(ctx, pool, input.ProviderName);
  return { IdentityProvider: toIdentityProviderType(provider, ctx.deps.masterKey) };
};
