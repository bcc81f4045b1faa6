/**
 * The OAuth 2.0 / OIDC endpoints and hosted pages of every pool (spec/auth.md §E), served two
 * ways: by path, `/{poolId}/oauth2/…`, `/{poolId}/login`, `/{poolId}/logout` (what the discovery
 * document advertises when fetched by path), and by Host for domain-style requests — `<prefix>.auth.<region>.amazoncognito.com`,
 * any host whose first label is a registered prefix, or a custom domain — as `/oauth2/…`, `/login`, `/logout`.
 * At the server root (any other Host) the same paths answer for the pool of the request's app client
 * (`client_id`, or the access token's for userInfo): what Amplify calls with `oauth.domain = "localhost:9339"`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { authorize } from './authorize.ts';
import { oauthError, sendHtml, siteOf, type Site } from './http.ts';
import { errorPage } from './hosted-ui/pages.ts';
import { loginGet, loginPost } from './login.ts';
import { logout } from './logout.ts';
import { rootClientIdOf, rootRefusal, siteOfClient, type RootKind } from './root.ts';
import { revoke } from './revoke.ts';
import { token } from './token.ts';
import { userInfo } from './userinfo.ts';

type Endpoint = (deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
type Params = { Params: { poolId: string } };

const ROUTES: Array<{ methods: Array<'GET' | 'POST'>; path: string; endpoint: Endpoint; kind: RootKind }> = [
  { methods: ['GET'], path: '/oauth2/authorize', endpoint: authorize, kind: 'page' },
  { methods: ['GET'], path: '/login', endpoint: loginGet, kind: 'page' },
  { methods: ['POST'], path: '/login', endpoint: loginPost, kind: 'page' },
  { methods: ['GET'], path: '/logout', endpoint: logout, kind: 'page' },
  { methods: ['POST'], path: '/oauth2/token', endpoint: token, kind: 'client' },
  { methods: ['GET', 'POST'], path: '/oauth2/userInfo', endpoint: userInfo, kind: 'bearer' },
  { methods: ['POST'], path: '/oauth2/revoke', endpoint: revoke, kind: 'client' },
];

export function registerOAuth(app: FastifyInstance, deps: Deps): void {
  for (const route of ROUTES) {
    const byPath = async (req: FastifyRequest<Params>, reply: FastifyReply): Promise<FastifyReply> => {
      const poolId = req.params.poolId;
      const site = await siteOf(deps, req, poolId);
      if (site !== undefined) return route.endpoint(deps, site, req, reply);
      const what = `User pool ${poolId} does not exist.`;
      return route.kind === 'page' ? sendHtml(reply, 404, errorPage('not_found', what)) : oauthError(reply, 404, 'invalid_request', what);
    };
    const atRoot = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const domainSite = await siteOf(deps, req, undefined);
      if (domainSite !== undefined) return route.endpoint(deps, domainSite, req, reply);
      const clientId = rootClientIdOf(req, route.kind);
      const site = await siteOfClient(deps, clientId);
      return site !== undefined ? route.endpoint(deps, site, req, reply) : rootRefusal(reply, route.kind, clientId, req);
    };
    for (const method of route.methods) {
      app.route<Params>({ method, url: `/:poolId${route.path}`, handler: byPath });
      app.route({ method, url: route.path, handler: atRoot });
    }
  }
}
