import type { Deps } from '../context.ts';
import { regionOfPool } from '../pools/pool-config.ts';
import { SigningKeyCache } from './key-cache.ts';

/**
 * The `iss` of a pool's tokens: `${publicUrl}/{poolId}` (config `issuerStyle=local`, JWKS resolvable
 * at `{iss}/.well-known/jwks.json` on this server) or AWS's exact
 * `https://cognito-idp.{region}.amazonaws.com/{poolId}` (`issuerStyle=aws`).
 */
export function issuerOf(deps: Deps, poolId: string): string {
  return deps.config.issuerStyle === 'aws' ? `https://cognito-idp.${regionOfPool(poolId)}.amazonaws.com/${poolId}` : `${deps.publicUrl()}/${poolId}`;
}

/** The pool id an issuer names (its last path segment), or undefined. */
export function poolIdFromIssuer(iss: string): string | undefined {
  const m = /\/([\w-]+_[0-9a-zA-Z]+)$/.exec(iss);
  return m?.[1];
}

/** The server's signing-key cache (created on first use when the composition root did not). */
export function signingKeysOf(deps: Deps): SigningKeyCache {
  deps.signingKeys ??= new SigningKeyCache(deps.masterKey, () => deps.now());
  return deps.signingKeys;
}
