import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { configWithDomain, noSuchDomain, withPoolConfig } from './domains-common.ts';

/** Removes the domain and the pool's `Domain` / `CustomDomain` setting together. */
export const deleteUserPoolDomain: Handler<'DeleteUserPoolDomain'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  await withPoolConfig(ctx, pool.id, async (tx, current) => {
    const d = await tx.oauth.findDomain(input.Domain);
    if (d === undefined || d.poolId !== current.id) throw noSuchDomain();
    await tx.oauth.deleteDomain(d.domain);
    return configWithDomain(current, d.custom, undefined);
  });
  return {};
};
