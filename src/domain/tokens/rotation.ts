/** Signing-key rotation: a new key becomes active; older keys stay in the JWKS so issued tokens still verify. */
import type { Deps } from '../context.ts';
import { signingKeysOf } from './issuer.ts';
import { createSigningKey } from './signing-keys.ts';

/** Adds a new RSA-2048 key to the pool and makes it the one that signs; returns its kid. */
export async function rotateSigningKey(deps: Deps, poolId: string): Promise<string> {
  const record = await createSigningKey(poolId, deps.masterKey, deps.now());
  await deps.store.transaction(async (tx) => {
    await tx.keys.insertSigningKey(record);
    await tx.keys.setActiveSigningKey(poolId, record.kid);
  });
  signingKeysOf(deps).invalidate(poolId);
  return record.kid;
}

/** The pool's JWKS document: every key, newest last. */
export async function jwksOf(deps: Deps, poolId: string): Promise<{ keys: Array<Record<string, unknown>> }> {
  const keys = await deps.store.keys.listSigningKeys(poolId);
  return { keys: keys.map((k) => k.publicJwk) };
}
