import type { Handler } from './context.ts';
import { describeIdentityProvider as describe } from '../domain/pool-settings/describe-identity-provider.ts';
import { toIdentityProviderType } from '../domain/pool-settings/identity-providers.ts';

export const describeIdentityProvider: Handler<'DescribeIdentityProvider'> = async (input, ctx) => ({
  IdentityProvider: toIdentityProviderType(await describe(ctx, input.UserPoolId, input.ProviderName), ctx.deps.masterKey),
});
