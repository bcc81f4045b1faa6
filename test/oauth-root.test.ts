/**
 * OAuth 2.0 / OIDC at the server root, as apps configured like Amplify (`oauth.domain =
 * "localhost:9339"`) call it: `/oauth2/authorize`, `/login`, `/oauth2/token`, `/oauth2/userInfo`,
 * `/oauth2/revoke` and `/logout` with no pool id in the path and no pool domain in the Host — the
 * pool comes from `client_id` (query, form or HTTP Basic) or, for userInfo, from the access token.
 * A relying party written elsewhere, openid-client, signs in through the discovery document and
 * through the root endpoints (SQLite + PostgreSQL).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { request as httpRequest } from 'node:http';
import { CreateUserPoolClientCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createUser } from './helpers/auth.ts';
import { databases, withServer } from './helpers/server.ts';
import { CookieBrowser } from './helpers/cookie-browser.ts';

const CALLBACK = 'http://localhost:3000/callback';
const SIGNED_OUT = 'http://localhost:3000/signed-out';
const PASSWORD = 'Passw0rd!';

for (const kind of await databases()) {
  describe(`OAuth at the server root (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    let confidential: { id: string; secret: string };

    before(async () => {
      poolId = await createPool(s, { PoolName: 'root' });
      const make = async (generateSecret: boolean): Promise<{ id: string; secret: string }> => {
        const c = (
          await s.client.send(
            new CreateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientName: 'web',
              GenerateSecret: generateSecret,
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email', 'profile'],
              CallbackURLs: [CALLBACK],
              LogoutURLs: [SIGNED_OUT],
              SupportedIdentityProviders: ['COGNITO'],
              ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
            }),
          )
        ).UserPoolClient!;
        return { id: c.ClientId!, secret: c.ClientSecret ?? '' };
      };
      clientId = (await make(false)).id;
      confidential = await make(true);
      await createUser(s, poolId, 'jane', PASSWORD, { email: 'jane@example.com' });
    });

    /** openid-client's view of the pool with the endpoints at the server root. */
    const rootConfig = (id: string, auth: oidc.ClientAuth = oidc.None()): oidc.Configuration => {
      const config = new oidc.Configuration(
        {
          issuer: `${s.url}/${poolId}`,
          authorization_endpoint: `${s.url}/oauth2/authorize`,
          token_endpoint: `${s.url}/oauth2/token`,
          userinfo_endpoint: `${s.url}/oauth2/userInfo`,
          revocation_endpoint: `${s.url}/oauth2/revoke`,
          end_session_endpoint: `${s.url}/logout`,
          jwks_uri: `${s.url}/${poolId}/.well-known/jwks.json`,
        },
        id,
        undefined,
        auth,
      );
      oidc.allowInsecureRequests(config);
      return config;
    };

    /** A whole code + PKCE sign-in with openid-client, then userInfo, refresh and revocation. */
    const signInWith = async (config: oidc.Configuration): Promise<void> => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: 'openid email',
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const callback = await new CookieBrowser().signIn(url, 'jane', PASSWORD);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      const claims = tokens.claims();
      assert.equal(claims?.iss, `${s.url}/${poolId}`);
      assert.equal(claims?.aud, config.clientMetadata().client_id);
      assert.equal(claims?.['cognito:username'], 'jane');
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims!.sub);
      assert.equal(info['email'], 'jane@example.com');
      assert.equal(info['username'], 'jane');
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      await oidc.tokenRevocation(config, tokens.refresh_token!);
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (err: unknown) => err instanceof oidc.ResponseBodyError && err.error === 'invalid_grant');
    };

    it('openid-client signs in through the discovery document (code + PKCE, userInfo, refresh, revoke)', async () => {
      const config = await oidc.discovery(new URL(`${s.url}/${poolId}`), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      // Every endpoint the document advertises is on this server and answers from where it was fetched.
      for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'revocation_endpoint', 'end_session_endpoint', 'jwks_uri'] as const) {
        assert.ok(String(config.serverMetadata()[key]).startsWith(`${s.url}/`), `${key} is on this server`);
      }
      await signInWith(config);
    });

    it('openid-client signs in through the root endpoints, public client', async () => {
      await signInWith(rootConfig(clientId));
    });

    it('openid-client signs in through the root endpoints, confidential client (Basic and body credentials)', async () => {
      await signInWith(rootConfig(confidential.id, oidc.ClientSecretBasic(confidential.secret)));
      await signInWith(rootConfig(confidential.id, oidc.ClientSecretPost(confidential.secret)));
    });

    it("Amplify v6's requests at the root, byte for byte: authorize (identity_provider, PKCE), token from the app's origin with CORS, logout", async () => {
      // The URLs and bodies @aws-amplify/auth v6 builds (signInWithRedirect, completeOAuthFlow,
      // oAuthSignOutRedirect), at the root of `oauth.domain`; the scheme is the one difference (Amplify: https).
      const app = 'http://localhost:3000';
      const verifier = oidc.randomPKCECodeVerifier();
      const params = new URLSearchParams();
      params.append('redirect_uri', CALLBACK);
      params.append('response_type', 'code');
      params.append('client_id', clientId);
      params.append('identity_provider', 'COGNITO');
      params.append('scope', ['openid', 'email', 'profile'].join(' '));
      params.append('state', 'amplify-state');
      params.append('code_challenge', await oidc.calculatePKCECodeChallenge(verifier));
      params.append('code_challenge_method', 'S256');
      const browser = new CookieBrowser();
      const callback = await browser.signIn(new URL(`${s.url}/oauth2/authorize?${params.toString()}`), 'jane', PASSWORD);
      assert.equal(callback.searchParams.get('state'), 'amplify-state');
      const body = Object.entries({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, client_id: clientId, redirect_uri: CALLBACK, code_verifier: verifier })
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
      const pre = await fetch(`${s.url}/oauth2/token`, { method: 'OPTIONS', headers: { origin: app, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-user-agent' } });
      assert.equal(pre.status, 204);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /x-amz-user-agent/);
      const res = await fetch(`${s.url}/oauth2/token`, { method: 'POST', headers: { origin: app, 'Content-Type': 'application/x-www-form-urlencoded', 'x-amz-user-agent': 'aws-amplify/6.0.0 auth/4 framework/0' }, body });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), app);
      const tokens = (await res.json()) as Record<string, unknown>;
      assert.equal(tokens['token_type'], 'Bearer');
      for (const k of ['access_token', 'id_token', 'refresh_token']) assert.equal(typeof tokens[k], 'string', k);
      const logout = await browser.get(`${s.url}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`);
      assert.equal(logout.status, 302);
      assert.equal(logout.headers.get('location'), SIGNED_OUT);
    });

    it('the hosted session and logout work at the root', async () => {
      const browser = new CookieBrowser();
      const auth = new URL(`${s.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid' })}`);
      // The root sign-in page posts back to the root, with the client_id that finds the pool.
      const page = await (await fetch(`${s.url}/login${auth.search}`)).text();
      const action = new URL((/action="([^"]+)"/.exec(page)?.[1] ?? '').replace(/&amp;/g, '&'), s.url);
      assert.equal(action.pathname, '/login');
      assert.equal(action.searchParams.get('client_id'), clientId);
      const callback = await browser.signIn(auth, 'jane', PASSWORD);
      assert.ok(callback.searchParams.get('code'));
      assert.ok(browser.jar.has('cognito'), 'hosted session cookie set at the root');
      // A second authorize skips the form.
      const again = await browser.get(auth);
      assert.equal(again.status, 302);
      assert.ok(again.headers.get('location')?.startsWith(`${CALLBACK}?code=`));
      const out = await browser.get(`${s.url}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`);
      assert.equal(out.status, 302);
      assert.equal(out.headers.get('location'), SIGNED_OUT);
      const afterLogout = await browser.get(auth);
      assert.match(afterLogout.headers.get('location') ?? '', /^\/login\?/);
    });

    it('a root request naming no existing client gets what the endpoint answers for an unknown client', async () => {
      const missing = await fetch(`${s.url}/oauth2/authorize?response_type=code`, { redirect: 'manual' });
      assert.equal(missing.status, 400);
      assert.match(await missing.text(), /Required parameter client_id is missing/);
      const unknown = await fetch(`${s.url}/oauth2/authorize?response_type=code&client_id=nosuchclient1234567890abcd`, { redirect: 'manual' });
      assert.equal(unknown.status, 400);
      assert.match(await unknown.text(), /Client nosuchclient1234567890abcd does not exist/);
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const token = await fetch(`${s.url}/oauth2/token`, { method: 'POST', headers: form, body: 'grant_type=authorization_code&code=x&client_id=nosuchclient1234567890abcd' });
      assert.equal(token.status, 401);
      assert.equal(((await token.json()) as { error: string }).error, 'invalid_client');
      const basic = `Basic ${Buffer.from('nosuchclient1234567890abcd:secret').toString('base64')}`;
      const revoked = await fetch(`${s.url}/oauth2/revoke`, { method: 'POST', headers: { ...form, authorization: basic }, body: 'token=x' });
      assert.equal(revoked.status, 401);
      assert.equal(((await revoked.json()) as { error: string }).error, 'invalid_client');
      const noClient = await fetch(`${s.url}/oauth2/token`, { method: 'POST', headers: form, body: 'grant_type=authorization_code&code=x' });
      assert.equal(noClient.status, 400);
      assert.equal(((await noClient.json()) as { error: string }).error, 'invalid_request');
      const json = await fetch(`${s.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(json.status, 400);
      assert.match(((await json.json()) as { error_description: string }).error_description, /application\/x-www-form-urlencoded/);
      const info = await fetch(`${s.url}/oauth2/userInfo`, { headers: { authorization: 'Bearer not-a-token' } });
      assert.equal(info.status, 401);
      assert.match(info.headers.get('www-authenticate') ?? '', /invalid_token/);
      const bare = await fetch(`${s.url}/oauth2/userInfo`);
      assert.equal(bare.status, 401);
      assert.equal(((await bare.json()) as { error: string }).error, 'invalid_request');
      const huge = await fetch(`${s.url}/logout?client_id=${'x'.repeat(5000)}`, { redirect: 'manual' });
      assert.equal(huge.status, 400);
      assert.ok((await huge.text()).length < 5000, 'a long client_id is not echoed whole');
      // The /{poolId}/ paths keep working beside the root.
      const byPath = await fetch(`${s.url}/${poolId}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK })}`, { redirect: 'manual' });
      assert.equal(byPath.status, 302);
      assert.match(byPath.headers.get('location') ?? '', new RegExp(`^/${poolId}/login\\?`));
    });

    it('discovery advertises endpoints that work from where it was fetched: path-style by path, the root through a pool domain', async () => {
      const prefix = `root-${kind}-${Date.now()}`;
      await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
      const port = new URL(s.url).port;
      const get = (path: string, host: string): Promise<{ status: number; location: string | undefined; body: string }> =>
        new Promise((resolve, reject) => {
          const u = new URL(path, s.url);
          const req = httpRequest({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { host } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
          });
          req.on('error', reject);
          req.end();
        });
      const discover = async (host: string): Promise<Record<string, string>> => {
        const res = await get(`/${poolId}/.well-known/openid-configuration`, host);
        assert.equal(res.status, 200, res.body);
        return JSON.parse(res.body) as Record<string, string>;
      };
      const byUrl = await discover(new URL(s.url).host);
      assert.equal(byUrl['authorization_endpoint'], `${s.url}/${poolId}/oauth2/authorize`);
      assert.equal(byUrl['issuer'], `${s.url}/${poolId}`);
      const byLocalhost = await discover(`localhost:${port}`);
      assert.equal(byLocalhost['token_endpoint'], `http://localhost:${port}/${poolId}/oauth2/token`);
      assert.equal(byLocalhost['jwks_uri'], `http://localhost:${port}/${poolId}/.well-known/jwks.json`);
      assert.equal(byLocalhost['issuer'], `${s.url}/${poolId}`, 'the issuer is the tokens\' wherever the document is fetched');
      const domainHost = `${prefix}.localhost:${port}`;
      const byDomain = await discover(domainHost);
      assert.equal(byDomain['authorization_endpoint'], `http://${domainHost}/oauth2/authorize`);
      assert.equal(byDomain['end_session_endpoint'], `http://${domainHost}/logout`);
      assert.equal(byDomain['userinfo_endpoint'], `http://${domainHost}/oauth2/userInfo`);
      const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK });
      const viaDomain = await get(`${new URL(byDomain['authorization_endpoint']!).pathname}?${q}`, domainHost);
      assert.equal(viaDomain.status, 302);
      assert.equal(viaDomain.location, `/login?${q}`);
    });

    it('the token, revoke and userInfo endpoints answer browser apps (CORS) at the root', async () => {
      for (const [path, headers] of [['/oauth2/token', 'content-type'], ['/oauth2/revoke', 'content-type'], ['/oauth2/userInfo', 'authorization']] as const) {
        const pre = await fetch(`${s.url}${path}`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
        assert.equal(pre.status, 204, path);
        assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:3000', path);
        assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/, path);
        assert.match(pre.headers.get('access-control-allow-headers') ?? '', new RegExp(headers), path);
      }
      const res = await fetch(`${s.url}/oauth2/token`, { method: 'POST', headers: { origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=refresh_token&client_id=${clientId}&refresh_token=nope` });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    });
  });
}
