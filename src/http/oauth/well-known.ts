/**
 * Per-pool OIDC discovery and JWKS (spec/auth.md §D.1):
 * `GET /{poolId}/.well-known/jwks.json` and `GET /{poolId}/.well-known/openid-configuration`.
 * The document's endpoints work from where it was fetched (see `oauthBaseOf`); the issuer is the
 * pool's token issuer wherever it is fetched from.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { issuerOf } from '../../domain/tokens/issuer.ts';
import { jwksOf } from '../../domain/tokens/rotation.ts';
import { originOf, siteOf } from './http.ts';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
function notFound(reply: FastifyReply, poolId: string): FastifyReply {
  return reply.code(404).header('content-type', 'application/json').send(JSON.stringify({ message: `User pool ${poolId} does not exist.` }));
}


/**
 * Where the pool's OAuth endpoints answer for a client that fetched discovery by `req`: through a
 * domain of the pool, the domain's root (`https://<domain>/oauth2/authorize`, as AWS advertises its
 * domain endpoints); otherwise the path-style `/{poolId}/oauth2/…` on the origin it was fetched from.
 */
async function oauthBaseOf(deps: Deps, req: FastifyRequest, poolId: string): Promise<string> {
  const origin = originOf(deps, req);
  const site = await siteOf(deps, req, undefined);
  return site !== undefined && site.pool.id === poolId ? origin : `${origin}/${poolId}`;
}

export async function openIdConfiguration(deps: Deps, req: FastifyRequest, poolId: string): Promise<Record<string, unknown>> {
  const base = await oauthBaseOf(deps, req, poolId);
  return {
    authorization_endpoint: `${base}/oauth2/authorize`,
    end_session_endpoint: `${base}/logout`,
    id_token_signing_alg_values_supported: ['RS256'],
    issuer: issuerOf(deps, poolId),
    jwks_uri: `${originOf(deps, req)}/${poolId}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    revocation_endpoint: `${base}/oauth2/revoke`,
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: `${base}/oauth2/userInfo`,
  };
}

export function registerWellKnown(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { poolId: string } }>('/:poolId/.well-known/jwks.json', async (req, reply) => {
    const { poolId } = req.params;
    if (!POOL_ID.test(poolId) || (await deps.store.pools.findPool(poolId)) === undefined) return notFound(reply, poolId);
    return reply.header('content-type', 'application/json').header('cache-control', 'public, max-age=300').send(JSON.stringify(await jwksOf(deps, poolId)));
  });
  app.get<{ Params: { poolId: string } }>('/:poolId/.well-known/openid-configuration', async (req, reply) => {
    const { poolId } = req.params;
    if (!POOL_ID.test(poolId) || (await deps.store.pools.findPool(poolId)) === undefined) return notFound(reply, poolId);
    return reply.header('content-type', 'application/json').send(JSON.stringify(await openIdConfiguration(deps, req, poolId)));
  });
}
