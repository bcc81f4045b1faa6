/**
 * The OAuth 2.0 / OIDC endpoints and hosted pages of every pool (spec/auth.md §E), served two
 * ways: by path, `/{poolId}/oauth2/…`, `/{poolId}/login`, `/{poolId}/logout` (what the discovery
 * document advertises when fetched by path), and by Host for domain-style requests — `<prefix>.auth.<region>.amazoncognito.com`,
 * any host whose first label is a registered prefix, or a custom domain — as `/oauth2/…`, `/login`, `/logout`.
 * At the server root (any other Host) the same paths answer for the pool of the request's app client
 * (`client_id`, or the access token's for userInfo): what Amplify calls with `oauth.domain = "localhost:9339"`.
 * Two route groups, each with its own error handler: the hosted pages and the JSON endpoints.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { authorize } from './authorize.ts';
import { idpResponse } from './idp-response.ts';
import { jsonErrorHandler, pageErrorHandler } from './error-handlers.ts';
import { InvalidRequest, PageNotFound, type OAuthError } from '../../domain/oauth/errors.ts';
import { siteOf, type Site } from './http.ts';
import { loginGet, loginPost } from './login.ts';
import { logout } from './logout.ts';
import { rootClientIdOf, rootRefusal, siteOfClient, type RootKind } from './root.ts';
import { revoke } from './revoke.ts';
import { token } from './token.ts';
import { userInfo } from './userinfo.ts';

type Endpoint = (deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
type Params = { Params: { poolId: string } };

interface RouteGroup {
  errorHandler: (err: unknown, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  /** The answer for a `/{poolId}/…` path whose pool does not exist. */
  unknownPool: (message: string) => OAuthError;
  routes: Array<{ methods: Array<'GET' | 'POST'>; path: string; endpoint: Endpoint; kind: RootKind }>;
}

const HOSTED_PAGES: RouteGroup = {
  errorHandler: pageErrorHandler,
  unknownPool: (message) => new PageNotFound(message),
  routes: [
    { methods: ['GET'], path: '/oauth2/authorize', endpoint: authorize, kind: 'page' },
    { methods: ['GET'], path: '/login', endpoint: loginGet, kind: 'page' },
    { methods: ['POST'], path: '/login', endpoint: loginPost, kind: 'page' },
    { methods: ['GET'], path: '/logout', endpoint: logout, kind: 'page' },
    { methods: ['GET'], path: '/oauth2/idpresponse', endpoint: idpResponse, kind: 'page' },
  ],
};

const JSON_ENDPOINTS: RouteGroup = {
  errorHandler: jsonErrorHandler,
  unknownPool: (message) => new InvalidRequest(message, 404),
  routes: [
    { methods: ['POST'], path: '/oauth2/token', endpoint: token, kind: 'client' },
    { methods: ['GET', 'POST'], path: '/oauth2/userInfo', endpoint: userInfo, kind: 'bearer' },
    { methods: ['POST'], path: '/oauth2/revoke', endpoint: revoke, kind: 'client' },
  ],
};

function registerGroup(app: FastifyInstance, deps: Deps, group: RouteGroup): void {
  void app.register(async (scope) => {
    scope.setErrorHandler(group.errorHandler);
    for (const route of group.routes) {
      const byPath = async (req: FastifyRequest<Params>, reply: FastifyReply): Promise<FastifyReply> => {
        const poolId = req.params.poolId;
        const site = await siteOf(deps, req, poolId);
        if (site === undefined) throw group.unknownPool(`User pool ${poolId} does not exist.`);
        return route.endpoint(deps, site, req, reply);
      };
      const atRoot = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        const domainSite = await siteOf(deps, req, undefined);
        if (domainSite !== undefined) return route.endpoint(deps, domainSite, req, reply);
        const clientId = rootClientIdOf(req, route.kind);
        const site = await siteOfClient(deps, clientId);
        if (site === undefined) throw rootRefusal(route.kind, clientId, req);
        return route.endpoint(deps, site, req, reply);
      };
      for (const method of route.methods) {
        scope.route<Params>({ method, url: `/:poolId${route.path}`, handler: byPath });
        scope.route({ method, url: route.path, handler: atRoot });
      }
    }
  });
}

export function registerOAuth(app: FastifyInstance, deps: Deps): void {
  registerGroup(app, deps, HOSTED_PAGES);
  registerGroup(app, deps, JSON_ENDPOINTS);
}
