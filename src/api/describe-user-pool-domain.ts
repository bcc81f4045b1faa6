import type { Handler } from './context.ts';
import { toDomainDescription } from './domains-common.ts';

/** An unknown domain is not an error: AWS answers an empty DomainDescription. */
export const describeUserPoolDomain: Handler<'DescribeUserPoolDomain'> = async (input, ctx) => {
  const d = await ctx.deps.store.oauth.findDomain(input.Domain);
  if (d === undefined || (await ctx.deps.store.pools.findPool(d.poolId)) === undefined) return { DomainDescription: {} };
  return { DomainDescription: toDomainDescription(ctx, d) };
};
