/** Shared lookups of the configuration operations (identity providers, federation, branding, risk, logs, client secrets). */
import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import type { IdentityProviderRecord, PoolRecord } from '../storage/ports/index.ts';

/** The pool's identity provider, or `ResourceNotFoundException: Identity provider <name> does not exist.` */
export async function requireProvider(ctx: RequestContext, pool: PoolRecord, name: string): Promise<IdentityProviderRecord> {
  const provider = await ctx.deps.store.federation.findIdentityProvider(pool.id, name);
  if (!provider) throw new CognitoError('ResourceNotFoundException', `Identity provider ${name} does not exist.`);
  return provider;
}
