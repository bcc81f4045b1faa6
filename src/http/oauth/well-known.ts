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
import { siteOf } from './http.ts';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
/** A host name or IP literal with an optional port: nothing else goes into an advertised URL. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

function notFound(reply: FastifyReply, poolId: string): FastifyReply {
  return reply.code(404).header('content-type', 'application/json').send(JSON.stringify({ message: `User pool ${poolId} does not exist.` }));
}

/**
 * The origin a request reached this server by: the public URL when the Host is the public URL's
 * (its scheme may be a proxy's), else the request's own scheme and Host (the Host check has
 * already refused names that are not this server's).
 */
function originOf(deps: Deps, req: FastifyRequest): string {
  const pub = new URL(deps.publicUrl());
  const host = (req.headers.host ?? '').toLowerCase();
  if (!HOST.test(host) || host === pub.host.toLowerCase()) return deps.publicUrl();
  return `${req.protocol}://${host}`;
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
