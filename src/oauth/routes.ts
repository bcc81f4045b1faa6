/**
 * The OAuth 2.0 / OIDC endpoints and hosted pages of every pool (spec/auth.md §E), served two
 * ways: by path, `/{poolId}/oauth2/…`, `/{poolId}/login`, `/{poolId}/logout` (what the discovery
 * document advertises), and by Host for domain-style requests — `<prefix>.auth.<region>.amazoncognito.com`,
 * any host whose first label is a registered prefix, or a custom domain — as `/oauth2/…`, `/login`, `/logout`.
 * At the server root (any other Host) the same paths answer for the pool of the request's app client
 * (`client_id`, or the access token's for userInfo): what Amplify calls with `oauth.domain = "localhost:9339"`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../api/context.ts';
import { authorize } from './authorize.ts';
import { hostOf, oauthError, sendHtml, siteOf, siteOfClient, type Site } from './http.ts';
import { errorPage } from './hosted-ui/pages.ts';
import { loginGet, loginPost } from './login.ts';
import { logout } from './logout.ts';
import { revoke } from './revoke.ts';
import { token } from './token.ts';
import { userInfo } from './userinfo.ts';

type Endpoint = (deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
type Params = { Params: { poolId?: string } };

const ROUTES: Array<{ methods: Array<'GET' | 'POST'>; path: string; endpoint: Endpoint; page: boolean }> = [
  { methods: ['GET'], path: '/oauth2/authorize', endpoint: authorize, page: true },
  { methods: ['GET'], path: '/login', endpoint: loginGet, page: true },
  { methods: ['POST'], path: '/login', endpoint: loginPost, page: true },
  { methods: ['GET'], path: '/logout', endpoint: logout, page: true },
  { methods: ['POST'], path: '/oauth2/token', endpoint: token, page: false },
  { methods: ['GET', 'POST'], path: '/oauth2/userInfo', endpoint: userInfo, page: false },
  { methods: ['POST'], path: '/oauth2/revoke', endpoint: revoke, page: false },
];

export function registerOAuth(app: FastifyInstance, deps: Deps): void {
  for (const route of ROUTES) {
    const handler = async (req: FastifyRequest<Params>, reply: FastifyReply): Promise<FastifyReply> => {
      const poolId = req.params.poolId;
      const site = (await siteOf(deps, req, poolId)) ?? (poolId === undefined ? await siteOfClient(deps, req) : undefined);
      if (site === undefined) {
        const what =
          poolId !== undefined
            ? `User pool ${poolId} does not exist.`
            : `No user pool domain is registered for host ${hostOf(req)}, and the request names no app client (client_id) of a user pool.`;
        return route.page ? sendHtml(reply, 404, errorPage('not_found', what)) : oauthError(reply, 404, 'invalid_request', what);
      }
      return route.endpoint(deps, site, req, reply);
    };
    for (const method of route.methods) {
      app.route<Params>({ method, url: `/:poolId${route.path}`, handler });
      app.route<Params>({ method, url: route.path, handler });
    }
  }
}
