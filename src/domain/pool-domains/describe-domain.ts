import type { RequestContext } from '../context.ts';
import type { DomainRecord } from '../../storage/ports/index.ts';

/** DescribeUserPoolDomain: the domain, or undefined when it (or its pool) does not exist (AWS then answers an empty DomainDescription). */
export async function findPoolDomain(ctx: RequestContext, domain: string): Promise<DomainRecord | undefined> {
  const d = await ctx.deps.store.oauth.findDomain(domain);
  if (d === undefined || (await ctx.deps.store.pools.findPool(d.poolId)) === undefined) return undefined;
  return d;
}
