import type { RequestContext } from '../context.ts';
import { modifyPool } from '../pools/modify-pool.ts';
import { requirePool } from '../pools/require-pool.ts';
import { configWithDomain, noSuchDomain } from './pool-domain.ts';

/** DeleteUserPoolDomain: removes the domain and the pool's `Domain` / `CustomDomain` setting together. */
export async function deletePoolDomain(ctx: RequestContext, poolId: string, domain: string): Promise<void> {
  const pool = await requirePool(ctx.deps.store, poolId);
  await modifyPool(ctx, pool.id, async (current, tx) => {
    const d = await tx.oauth.findDomain(domain);
    if (d === undefined || d.poolId !== current.id) throw noSuchDomain();
    await tx.oauth.deleteDomain(d.domain);
    return { config: configWithDomain(current, d.custom, undefined) };
  });
}
