/** Shared lookups of the configuration operations (identity providers, federation, branding, risk, logs, client secrets). */
import type { RequestContext } from './context.ts';
import { resourceNotFound } from '../http/protocol/errors.ts';
import type { IdentityProviderRecord, PoolRecord } from '../storage/ports.ts';

/** The pool's identity provider, or `ResourceNotFoundException: Identity provider <name> does not exist.` */
export async function requireProvider(ctx: RequestContext, pool: PoolRecord, name: string): Promise<IdentityProviderRecord> {
  const provider = await ctx.deps.store.findIdentityProvider(pool.id, name);
  if (!provider) throw resourceNotFound(`Identity provider ${name} does not exist.`);
  return provider;
}
