/**
 * OAuth 2.0 / OpenID Connect end to end, driven with plain fetch like a browser and a back end
 * would: authorization code + PKCE through the hosted sign-in page, token endpoint, userInfo,
 * refresh, revocation, the hosted session, logout, the implicit flow, client_credentials with a
 * resource server scope, domain-style (Host) requests, challenge pages, and the error paths of
 * spec/auth.md §E. Tokens are checked with jose against the pool's JWKS (SQLite + PostgreSQL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  GetUserCommand,
  SetUserPoolMfaConfigCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createUser, latestCode } from './helpers/auth.ts';
import { totpCode, wrongTotpCode } from './helpers/mfa.ts';
import { databases, withServer } from './helpers/server.ts';
import { CookieBrowser } from './helpers/cookie-browser.ts';
import { rejectsWith } from './helpers/errors.ts';

const CALLBACK = 'http://localhost:3000/callback';
const SIGNED_OUT = 'http://localhost:3000/signed-out';
const PASSWORD = 'Passw0rd!';
const SES = { EmailSendingAccount: 'DEVELOPER' as const, SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com', From: 'no-reply@example.com' };

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no _csrf field');
const hiddenOf = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? assert.fail(`no ${name} field`);

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenCall(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

for (const kind of await databases()) {
  describe(`OAuth 2.0 / OIDC flows (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let base: string;
    let jwks: ReturnType<typeof createRemoteJWKSet>;
    let publicClient: string;
    let confidential: { id: string; secret: string };

    const makeClient = async (input: Partial<CreateUserPoolClientCommandInput>): Promise<{ id: string; secret: string }> => {
      const c = (
        await s.client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'web',
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
            CallbackURLs: [CALLBACK],
            LogoutURLs: [SIGNED_OUT],
            SupportedIdentityProviders: ['COGNITO'],
            ...input,
          }),
        )
      ).UserPoolClient!;
      return { id: c.ClientId!, secret: c.ClientSecret ?? '' };
    };

    /** GET authorize → login form → POST credentials: the final redirect (callback URL). */
    async function signIn(b: CookieBrowser, params: Record<string, string>, username = 'alice', password = PASSWORD): Promise<URL> {
      const authorize = await b.get(`${base}/oauth2/authorize?${new URLSearchParams(params)}`);
      assert.equal(authorize.status, 302);
      const loginUrl = new URL(authorize.headers.get('location')!, s.url);
      assert.equal(loginUrl.pathname, `/${poolId}/login`);
      const page = await b.get(loginUrl.href);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      const html = await page.text();
      const posted = await b.post(loginUrl.href, { _csrf: csrfOf(html), username, password });
      assert.equal(posted.status, 302, await posted.clone().text());
      return new URL(posted.headers.get('location')!);
    }

    before(async () => {
      poolId = await createPool(s, { PoolName: 'oauth' });
      base = `${s.url}/${poolId}`;
      jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
      publicClient = (await makeClient({ AllowedOAuthFlows: ['code', 'implicit'] })).id;
      confidential = await makeClient({ GenerateSecret: true, ClientName: 'backend' });
      await createUser(s, poolId, 'alice', PASSWORD, { email: 'alice@example.com', email_verified: 'true', name: 'Alice', phone_number: '+15555550100' });
    });

    it('authorization code + PKCE: login page, code, tokens verified against the JWKS, userInfo, refresh, revoke', async () => {
      const b = new CookieBrowser();
      const { verifier, challenge } = pkce();
      const callback = await signIn(b, {
        response_type: 'code',
        client_id: publicClient,
        redirect_uri: CALLBACK,
        state: 'st-1',
        scope: 'openid email',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        nonce: 'n-0S6_WzA2Mj',
      });
      assert.equal(`${callback.origin}${callback.pathname}`, CALLBACK);
      assert.equal(callback.searchParams.get('state'), 'st-1');
      const code = callback.searchParams.get('code')!;
      assert.match(code, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(b.jar.has('cognito'), 'hosted session cookie set');

      const t = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: CALLBACK, code_verifier: verifier });
      assert.equal(t.status, 200, JSON.stringify(t.json));
      assert.match(t.headers.get('content-type')!, /^application\/json/);
      assert.equal(t.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(t.json), ['id_token', 'access_token', 'refresh_token', 'expires_in', 'token_type']);
      assert.equal(t.json['token_type'], 'Bearer');
      assert.equal(t.json['expires_in'], 3600);

      const issuer = base;
      const id = (await jwtVerify(t.json['id_token'] as string, jwks, { issuer, audience: publicClient })).payload;
      assert.equal(id['token_use'], 'id');
      assert.equal(id['nonce'], 'n-0S6_WzA2Mj');
      assert.equal(id['email'], 'alice@example.com');
      assert.equal(id['email_verified'], true);
      assert.equal(id['cognito:username'], 'alice');
      const accessToken = t.json['access_token'] as string;
      assert.equal(id['at_hash'], createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url'));
      assert.equal(Object.keys(id)[0], 'at_hash');
      const access = (await jwtVerify(accessToken, jwks, { issuer })).payload as JWTPayload & Record<string, unknown>;
      assert.equal(access['token_use'], 'access');
      assert.equal(access['scope'], 'openid email');
      assert.equal(access['version'], 2);
      assert.equal(access['client_id'], publicClient);
      assert.equal(access['username'], 'alice');
      assert.equal(access['origin_jti'], id['origin_jti']);
      assert.equal(access['auth_time'], id['auth_time']);
      assert.equal(access['aud'], undefined);

      // The API's access-token operations need aws.cognito.signin.user.admin.
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: accessToken })), 'NotAuthorizedException', 'Access Token does not have required scopes');

      // userInfo: email scope → sub, email, email_verified (as a string), username.
      const info = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(info.status, 200);
      assert.match(info.headers.get('content-type')!, /^application\/json/);
      assert.deepEqual(await info.json(), { sub: id['sub'], email_verified: 'true', email: 'alice@example.com', username: 'alice' });
      const infoPost = await fetch(`${base}/oauth2/userInfo`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(infoPost.status, 200);

      // The code is single-use.
      const again = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: CALLBACK, code_verifier: verifier });
      assert.equal(again.status, 400);
      assert.equal(again.json['error'], 'invalid_grant');

      // refresh_token: new ID and access tokens with the same scopes and auth_time; no new refresh token.
      const refreshToken = t.json['refresh_token'] as string;
      const r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'refresh_token', client_id: publicClient, refresh_token: refreshToken });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json['refresh_token'], undefined);
      const refreshed = decodeJwt(r.json['access_token'] as string);
      assert.equal(refreshed['scope'], 'openid email');
      assert.equal(refreshed['version'], 2);
      assert.equal(refreshed['auth_time'], access['auth_time']);
      assert.ok(typeof r.json['id_token'] === 'string');

      // revoke: 200; then the refresh token and the family's access tokens are dead.
      const rv = await fetch(`${base}/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: refreshToken, client_id: publicClient }) });
      assert.equal(rv.status, 200);
      assert.equal(await rv.text(), '');
      const afterRevoke = await tokenCall(`${base}/oauth2/token`, { grant_type: 'refresh_token', client_id: publicClient, refresh_token: refreshToken });
      assert.equal(afterRevoke.status, 400);
      assert.equal(afterRevoke.json['error'], 'invalid_grant');
      const infoRevoked = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });
      assert.equal(infoRevoked.status, 401);
      assert.match(infoRevoked.headers.get('www-authenticate')!, /error="invalid_token"/);
      // Unknown and already revoked tokens: still 200.
      for (const token of [refreshToken, randomBytes(48).toString('base64url')]) {
        const again2 = await fetch(`${base}/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token, client_id: publicClient }) });
        assert.equal(again2.status, 200);
      }
    });

    it('confidential client: Basic or body credentials; wrong secret → 401 invalid_client; the hosted session skips the form; logout ends it', async () => {
      const b = new CookieBrowser();
      const callback = await signIn(b, { response_type: 'code', client_id: confidential.id, redirect_uri: CALLBACK, scope: 'openid profile aws.cognito.signin.user.admin' });
      const code = callback.searchParams.get('code')!;
      assert.equal(callback.searchParams.get('state'), null);
      const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK };

      const wrong = await tokenCall(`${base}/oauth2/token`, form, { authorization: basic(confidential.id, 'not-the-secret') });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json['error'], 'invalid_client');
      const missing = await tokenCall(`${base}/oauth2/token`, { ...form, client_id: confidential.id });
      assert.equal(missing.status, 401);
      assert.equal(missing.json['error'], 'invalid_client');
      const unknown = await tokenCall(`${base}/oauth2/token`, { ...form, client_id: 'nosuchclient000000000000aa' });
      assert.equal(unknown.status, 401);

      const ok = await tokenCall(`${base}/oauth2/token`, form, { authorization: basic(confidential.id, confidential.secret) });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      const accessToken = ok.json['access_token'] as string;
      // With aws.cognito.signin.user.admin the API accepts the OAuth access token.
      const user = await s.client.send(new GetUserCommand({ AccessToken: accessToken }));
      assert.equal(user.Username, 'alice');
      // profile scope: profile attributes (name), no email or phone.
      const info = (await (await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as Record<string, string>;
      assert.equal(info['name'], 'Alice');
      assert.equal(info['email'], undefined);
      assert.equal(info['phone_number'], undefined);
      assert.equal(info['username'], 'alice');

      // client_secret_post works too (a fresh code, now without the form: the session cookie).
      const second = await b.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: confidential.id, redirect_uri: CALLBACK, state: 'again' })}`);
      assert.equal(second.status, 302);
      const direct = new URL(second.headers.get('location')!);
      assert.equal(`${direct.origin}${direct.pathname}`, CALLBACK);
      assert.equal(direct.searchParams.get('state'), 'again');
      const post = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', code: direct.searchParams.get('code')!, redirect_uri: CALLBACK, client_id: confidential.id, client_secret: confidential.secret });
      assert.equal(post.status, 200);
      // No scope in the request: every allowed scope.
      assert.equal(decodeJwt(post.json['access_token'] as string)['scope'], 'openid email profile aws.cognito.signin.user.admin');
      // The session's sign-in time carries over.
      assert.equal(decodeJwt(post.json['access_token'] as string)['auth_time'], decodeJwt(accessToken)['auth_time']);

      // prompt=login shows the form although a session exists.
      const prompted = await b.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: confidential.id, redirect_uri: CALLBACK, prompt: 'login' })}`);
      assert.match(prompted.headers.get('location')!, new RegExp(`^/${poolId}/login\\?`));

      // logout: logout_uri must be a sign-out URL; then the cookie is gone and authorize shows the form again.
      const badLogout = await b.get(`${base}/logout?${new URLSearchParams({ client_id: confidential.id, logout_uri: 'http://localhost:3000/elsewhere' })}`);
      assert.equal(badLogout.status, 400);
      assert.equal(badLogout.headers.get('location'), null);
      const stolen = b.jar.get('cognito')!;
      const out = await b.get(`${base}/logout?${new URLSearchParams({ client_id: confidential.id, logout_uri: SIGNED_OUT })}`);
      assert.equal(out.status, 302);
      assert.equal(out.headers.get('location'), SIGNED_OUT);
      assert.ok(!b.jar.has('cognito'));
      const third = await b.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: confidential.id, redirect_uri: CALLBACK })}`);
      assert.match(third.headers.get('location')!, new RegExp(`^/${poolId}/login\\?`));
      // The old cookie value is dead on the server too.
      const replay = new CookieBrowser();
      replay.jar.set('cognito', stolen);
      const replayed = await replay.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: confidential.id, redirect_uri: CALLBACK })}`);
      assert.match(replayed.headers.get('location')!, new RegExp(`^/${poolId}/login\\?`));
      // Tampered cookies are ignored.
      const forged = new CookieBrowser();
      forged.jar.set('cognito', `${stolen.split('.')[0]}.AAAA`);
      const forgedRes = await forged.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: confidential.id, redirect_uri: CALLBACK })}`);
      assert.match(forgedRes.headers.get('location')!, /\/login\?/);

      // logout with redirect_uri + response_type: back to the sign-in page.
      const relog = await b.get(`${base}/logout?${new URLSearchParams({ client_id: confidential.id, redirect_uri: CALLBACK, response_type: 'code', state: 'z' })}`);
      assert.equal(relog.status, 302);
      assert.match(relog.headers.get('location')!, new RegExp(`^/${poolId}/login\\?.*state=z`));
    });

    it('a global sign-out or a disabled user ends the hosted session and makes pending codes worthless', async () => {
      await createUser(s, poolId, 'bob', PASSWORD, { email: 'bob@example.com' });
      const b = new CookieBrowser();
      const callback = await signIn(b, { response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK }, 'bob');
      await new Promise((r) => setTimeout(r, 5));
      await s.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'bob' }));
      const t = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code: callback.searchParams.get('code')!, redirect_uri: CALLBACK });
      assert.equal(t.status, 400);
      assert.equal(t.json['error'], 'invalid_grant');
      const res = await b.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK })}`);
      assert.match(res.headers.get('location')!, /\/login\?/);

      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
      const loginUrl = `${base}/login?${new URLSearchParams({ response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK })}`;
      const html = await (await b.get(loginUrl)).text();
      const disabled = await b.post(loginUrl, { _csrf: csrfOf(html), username: 'bob', password: PASSWORD });
      assert.equal(disabled.status, 200);
      assert.match(await disabled.text(), /User is disabled\./);
      await s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    });

    it('a code works once even when redeemed concurrently, and not after 5 minutes; the hosted session lasts 1 hour', async () => {
      const b = new CookieBrowser();
      const params = { response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK };
      const code = (await signIn(b, params)).searchParams.get('code')!;
      const form = { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: CALLBACK };
      const results = await Promise.all([1, 2, 3, 4].map(() => tokenCall(`${base}/oauth2/token`, form)));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400]);

      const realNow = s.deps.now;
      try {
        const fresh = new URL((await b.get(`${base}/oauth2/authorize?${new URLSearchParams(params)}`)).headers.get('location')!).searchParams.get('code')!;
        s.deps.now = () => realNow() + 5 * 60_000 + 1_000;
        const late = await tokenCall(`${base}/oauth2/token`, { ...form, code: fresh });
        assert.equal(late.status, 400);
        assert.equal(late.json['error'], 'invalid_grant');
        // 61 minutes later the session cookie no longer signs in.
        s.deps.now = () => realNow() + 61 * 60_000;
        const res = await b.get(`${base}/oauth2/authorize?${new URLSearchParams(params)}`);
        assert.match(res.headers.get('location')!, /\/login\?/);
      } finally {
        s.deps.now = realNow;
      }
    });

    it('implicit flow: tokens in the fragment, no refresh token, id_token only with openid', async () => {
      const b = new CookieBrowser();
      const callback = await signIn(b, { response_type: 'token', client_id: publicClient, redirect_uri: CALLBACK, scope: 'openid email', state: 'imp', nonce: 'nn' });
      assert.equal(callback.search, '');
      const frag = new URLSearchParams(callback.hash.slice(1));
      assert.deepEqual([...frag.keys()], ['id_token', 'access_token', 'token_type', 'expires_in', 'state']);
      assert.equal(frag.get('token_type'), 'Bearer');
      assert.equal(frag.get('expires_in'), '3600');
      assert.equal(frag.get('state'), 'imp');
      const id = (await jwtVerify(frag.get('id_token')!, jwks, { issuer: base, audience: publicClient })).payload;
      assert.equal(id['nonce'], 'nn');
      assert.equal((await jwtVerify(frag.get('access_token')!, jwks, { issuer: base })).payload['scope'], 'openid email');

      // Without openid: an access token only (the session answers at once).
      const res = await b.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'token', client_id: publicClient, redirect_uri: CALLBACK, scope: 'aws.cognito.signin.user.admin' })}`);
      const noOpenId = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1));
      assert.equal(noOpenId.get('id_token'), null);
      assert.equal(decodeJwt(noOpenId.get('access_token')!)['scope'], 'aws.cognito.signin.user.admin');
      // userInfo needs openid.
      const info = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${noOpenId.get('access_token')}` } });
      assert.equal(info.status, 401);

      // A code-only client may not use the implicit flow.
      const denied = await b.get(`${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'token', client_id: confidential.id, redirect_uri: CALLBACK, state: 's' })}`);
      const err = new URLSearchParams(new URL(denied.headers.get('location')!).hash.slice(1));
      assert.equal(err.get('error'), 'unauthorized_client');
      assert.equal(err.get('state'), 's');
    });

    it('client_credentials with a resource server scope', async () => {
      await s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }, { ScopeName: 'write', ScopeDescription: 'w' }] }));
      const m2m = await makeClient({ ClientName: 'm2m', GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read', 'orders/write'], CallbackURLs: [], LogoutURLs: [], SupportedIdentityProviders: [] });
      const all = await tokenCall(`${base}/oauth2/token`, { grant_type: 'client_credentials' }, { authorization: basic(m2m.id, m2m.secret) });
      assert.equal(all.status, 200, JSON.stringify(all.json));
      assert.deepEqual(Object.keys(all.json), ['access_token', 'expires_in', 'token_type']);
      const claims = (await jwtVerify(all.json['access_token'] as string, jwks, { issuer: base })).payload;
      assert.deepEqual(Object.keys(claims), ['sub', 'token_use', 'scope', 'auth_time', 'iss', 'exp', 'iat', 'version', 'jti', 'client_id']);
      assert.equal(claims['sub'], m2m.id);
      assert.equal(claims['scope'], 'orders/read orders/write');
      const one = await tokenCall(`${base}/oauth2/token`, { grant_type: 'client_credentials', scope: 'orders/read', client_id: m2m.id, client_secret: m2m.secret });
      assert.equal(decodeJwt(one.json['access_token'] as string)['scope'], 'orders/read');
      const bad = await tokenCall(`${base}/oauth2/token`, { grant_type: 'client_credentials', scope: 'orders/delete' }, { authorization: basic(m2m.id, m2m.secret) });
      assert.equal(bad.status, 400);
      assert.equal(bad.json['error'], 'invalid_scope');
      const wrongSecret = await tokenCall(`${base}/oauth2/token`, { grant_type: 'client_credentials' }, { authorization: basic(m2m.id, 'nope') });
      assert.equal(wrongSecret.status, 401);
      assert.equal(wrongSecret.json['error'], 'invalid_client');
      // A user-facing client may not use client_credentials.
      const userClient = await tokenCall(`${base}/oauth2/token`, { grant_type: 'client_credentials' }, { authorization: basic(confidential.id, confidential.secret) });
      assert.equal(userClient.status, 400);
      assert.equal(userClient.json['error'], 'unauthorized_client');
      // The machine token is not a user's: no userInfo.
      const info = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${all.json['access_token']}` } });
      assert.equal(info.status, 401);
    });

    it('authorization request errors: bad client or redirect_uri → error page; the rest → redirect with error', async () => {
      const b = new CookieBrowser();
      const authorize = (p: Record<string, string>) => b.get(`${base}/oauth2/authorize?${new URLSearchParams(p)}`);
      const good = { response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK, state: 'S' };

      for (const bad of [{ ...good, redirect_uri: 'http://localhost:3000/evil' }, { ...good, client_id: 'nosuchclient000000000000aa' }, { response_type: 'code', client_id: publicClient }]) {
        const res = await authorize(bad);
        assert.equal(res.status, 400);
        assert.equal(res.headers.get('location'), null);
        assert.match(res.headers.get('content-type')!, /^text\/html/);
        assert.match(await res.text(), /An error was encountered/);
      }
      const errorOf = async (p: Record<string, string>): Promise<URLSearchParams> => {
        const res = await authorize(p);
        assert.equal(res.status, 302);
        const loc = new URL(res.headers.get('location')!);
        assert.equal(`${loc.origin}${loc.pathname}`, CALLBACK);
        return loc.searchParams;
      };
      let e = await errorOf({ ...good, scope: 'openid orders/admin' });
      assert.equal(e.get('error'), 'invalid_scope');
      assert.equal(e.get('state'), 'S');
      e = await errorOf({ ...good, scope: 'email' });
      assert.equal(e.get('error'), 'invalid_scope');
      e = await errorOf({ ...good, response_type: 'id_token' });
      assert.equal(e.get('error'), 'unsupported_response_type');
      e = await errorOf({ ...good, response_type: '' });
      assert.equal(e.get('error'), 'invalid_request');
      e = await errorOf({ ...good, code_challenge: pkce().challenge, code_challenge_method: 'plain' });
      assert.equal(e.get('error'), 'invalid_request');
      e = await errorOf({ ...good, code_challenge: 'short', code_challenge_method: 'S256' });
      assert.equal(e.get('error'), 'invalid_request');
      e = await errorOf({ ...good, identity_provider: 'Google' });
      assert.equal(e.get('error'), 'invalid_request');
      e = await errorOf({ ...good, prompt: 'none' });
      assert.equal(e.get('error'), 'login_required');

      // The login page checks the same request.
      const page = await b.get(`${base}/login?${new URLSearchParams({ ...good, redirect_uri: 'http://localhost:3000/evil' })}`);
      assert.equal(page.status, 400);
    });

    it('token endpoint errors: PKCE mismatch, redirect mismatch, missing parameters, unsupported grant, wrong content type', async () => {
      const { verifier, challenge } = pkce();
      const params = { response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK, code_challenge: challenge, code_challenge_method: 'S256' };
      const b = new CookieBrowser();
      let code = (await signIn(b, params)).searchParams.get('code')!;
      let r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: CALLBACK, code_verifier: pkce().verifier });
      assert.equal(r.status, 400);
      assert.equal(r.json['error'], 'invalid_grant');
      // The mismatch used the code up.
      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: CALLBACK, code_verifier: verifier });
      assert.equal(r.json['error'], 'invalid_grant');

      const fresh = async (): Promise<string> => new URL((await b.get(`${base}/oauth2/authorize?${new URLSearchParams(params)}`)).headers.get('location')!).searchParams.get('code')!;
      code = await fresh();
      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: CALLBACK });
      assert.equal(r.json['error'], 'invalid_grant', 'code_verifier missing');
      code = await fresh();
      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, code, redirect_uri: 'http://localhost:3000/other', code_verifier: verifier });
      assert.equal(r.json['error'], 'invalid_grant', 'redirect_uri mismatch');
      code = await fresh();
      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }, { authorization: basic(confidential.id, confidential.secret) });
      assert.equal(r.json['error'], 'invalid_grant', 'code of another client');

      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'authorization_code', client_id: publicClient, redirect_uri: CALLBACK });
      assert.equal(r.json['error'], 'invalid_request');
      r = await tokenCall(`${base}/oauth2/token`, { client_id: publicClient });
      assert.equal(r.json['error'], 'invalid_request');
      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'password', client_id: publicClient });
      assert.equal(r.json['error'], 'unsupported_grant_type');
      r = await tokenCall(`${base}/oauth2/token`, { grant_type: 'refresh_token', client_id: publicClient, refresh_token: 'not-a-token' });
      assert.equal(r.json['error'], 'invalid_grant');
      const json = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(json.status, 400);
      assert.equal(((await json.json()) as Record<string, string>)['error'], 'invalid_request');
      // CORS: the app-level hook allows any origin.
      const cors = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=x' });
      assert.equal(cors.headers.get('access-control-allow-origin'), 'http://localhost:3000');

      // revoke and userInfo errors.
      const rv = (form: Record<string, string>) => fetch(`${base}/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      assert.equal((await rv({ client_id: publicClient })).status, 400);
      assert.equal((await rv({ token: 'x', client_id: 'nosuchclient000000000000aa' })).status, 401);
      const jwtRevoke = await rv({ token: 'eyJhbGciOiJub25lIn0.e30.', client_id: publicClient });
      assert.equal(jwtRevoke.status, 400);
      assert.equal(((await jwtRevoke.json()) as Record<string, string>)['error'], 'unsupported_token_type');
      const noAuth = await fetch(`${base}/oauth2/userInfo`);
      assert.equal(noAuth.status, 401);
      const garbage = await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: 'Bearer garbage' } });
      assert.equal(garbage.status, 401);
      assert.equal(((await garbage.json()) as Record<string, string>)['error'], 'invalid_token');
    });

    it('login page: wrong password re-renders the form; a missing CSRF token is refused', async () => {
      const b = new CookieBrowser();
      const loginUrl = `${base}/login?${new URLSearchParams({ response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK })}`;
      const html = await (await b.get(loginUrl)).text();
      assert.match(html, /<form method="post"/);
      const wrong = await b.post(loginUrl, { _csrf: csrfOf(html), username: 'alice', password: 'wrong-password' });
      assert.equal(wrong.status, 200);
      const text = await wrong.text();
      assert.match(text, /Incorrect username or password\./);
      assert.match(text, /value="alice"/);
      const noCsrf = await b.post(loginUrl, { username: 'alice', password: PASSWORD });
      assert.equal(noCsrf.status, 403);
      const otherBrowser = new CookieBrowser();
      const stolenToken = await otherBrowser.post(loginUrl, { _csrf: csrfOf(html), username: 'alice', password: PASSWORD });
      assert.equal(stolenToken.status, 403);
      const unknown = await b.post(loginUrl, { _csrf: csrfOf(html), username: 'nobody', password: PASSWORD });
      assert.match(await unknown.text(), /User does not exist\./);
    });

    it('NEW_PASSWORD_REQUIRED and TOTP MFA set-up and sign-in through follow-up pages; email OTP through the outbox', async () => {
      // A user with a temporary password.
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
      const b = new CookieBrowser();
      const params = { response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK };
      const loginUrl = `${base}/login?${new URLSearchParams(params)}`;
      let html = await (await b.get(loginUrl)).text();
      let res = await b.post(loginUrl, { _csrf: csrfOf(html), username: 'carol', password: 'Temp0rary!' });
      html = await res.text();
      assert.equal(res.status, 200);
      assert.match(html, /Change password/);
      assert.equal(hiddenOf(html, 'challenge_name'), 'NEW_PASSWORD_REQUIRED');
      const answer = (extra: Record<string, string>) => ({ _csrf: csrfOf(html), challenge_name: hiddenOf(html, 'challenge_name'), session: hiddenOf(html, 'session'), username: hiddenOf(html, 'username'), ...extra });
      // A password the policy refuses: the same page again, with the error.
      res = await b.post(loginUrl, answer({ new_password: 'short' }));
      html = await res.text();
      assert.match(html, /Password/);
      assert.equal(hiddenOf(html, 'challenge_name'), 'NEW_PASSWORD_REQUIRED');
      res = await b.post(loginUrl, answer({ new_password: 'N3w-Passw0rd!' }));
      assert.equal(res.status, 302, await res.clone().text());
      assert.ok(new URL(res.headers.get('location')!).searchParams.get('code'));

      // MFA required with TOTP: the set-up page shows a secret; a code from it finishes the sign-in.
      const mfaPool = await createPool(s, { PoolName: 'mfa' });
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPool, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const mfaClient = (
        await s.client.send(
          new CreateUserPoolClientCommand({ UserPoolId: mfaPool, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] }),
        )
      ).UserPoolClient!.ClientId!;
      await createUser(s, mfaPool, 'dave', PASSWORD);
      const mfaLogin = `${s.url}/${mfaPool}/login?${new URLSearchParams({ response_type: 'code', client_id: mfaClient, redirect_uri: CALLBACK })}`;
      const mb = new CookieBrowser();
      html = await (await mb.get(mfaLogin)).text();
      res = await mb.post(mfaLogin, { _csrf: csrfOf(html), username: 'dave', password: PASSWORD });
      html = await res.text();
      assert.equal(hiddenOf(html, 'challenge_name'), 'MFA_SETUP');
      const secret = /<code>([A-Z2-7]+)<\/code>/.exec(html)?.[1] ?? assert.fail('no secret shown');
      const bad = await mb.post(mfaLogin, answer2(html, { code: wrongTotpCode(secret, Date.now()) }));
      html = await bad.text();
      assert.equal(hiddenOf(html, 'challenge_name'), 'MFA_SETUP', 'a wrong code shows the set-up page again');
      res = await mb.post(mfaLogin, answer2(html, { code: totpCode(secret, Date.now()) }));
      assert.equal(res.status, 302, await res.clone().text());
      assert.ok(new URL(res.headers.get('location')!).searchParams.get('code'));

      // Next sign-in: SOFTWARE_TOKEN_MFA page (another browser, no session). The code of the next
      // time step, since the current one was just used.
      const mb2 = new CookieBrowser();
      html = await (await mb2.get(mfaLogin)).text();
      res = await mb2.post(mfaLogin, { _csrf: csrfOf(html), username: 'dave', password: PASSWORD });
      html = await res.text();
      assert.equal(hiddenOf(html, 'challenge_name'), 'SOFTWARE_TOKEN_MFA');
      const wrongCode = await mb2.post(mfaLogin, answer2(html, { code: wrongTotpCode(secret, Date.now() + 30_000) }));
      html = await wrongCode.text();
      assert.match(html, /Invalid code/);
      res = await mb2.post(mfaLogin, answer2(html, { code: totpCode(secret, Date.now() + 30_000) }));
      assert.equal(res.status, 302, await res.clone().text());

      // Email OTP MFA: the code goes to the outbox.
      const emailPool = await createPool(s, { PoolName: 'email-mfa', EmailConfiguration: SES });
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: emailPool, MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Code' } }));
      const emailClient = (
        await s.client.send(
          new CreateUserPoolClientCommand({ UserPoolId: emailPool, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] }),
        )
      ).UserPoolClient!.ClientId!;
      await createUser(s, emailPool, 'erin', PASSWORD, { email: 'erin@example.com', email_verified: 'true' });
      const emailLogin = `${s.url}/${emailPool}/login?${new URLSearchParams({ response_type: 'code', client_id: emailClient, redirect_uri: CALLBACK })}`;
      const eb = new CookieBrowser();
      html = await (await eb.get(emailLogin)).text();
      res = await eb.post(emailLogin, { _csrf: csrfOf(html), username: 'erin', password: PASSWORD });
      html = await res.text();
      assert.equal(hiddenOf(html, 'challenge_name'), 'EMAIL_OTP');
      res = await eb.post(emailLogin, answer2(html, { code: await latestCode(s, emailPool, 'erin') }));
      assert.equal(res.status, 302, await res.clone().text());
    });

    it('domain-style requests: Host <prefix>.auth.<region>.amazoncognito.com serves /oauth2/… and /login without the pool id', async () => {
      const prefix = `flows-${kind}-${Date.now().toString(36)}`;
      await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
      const host = `${prefix}.auth.us-east-1.amazoncognito.com`;
      const get = (path: string, h: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> =>
        new Promise((resolve, reject) => {
          const u = new URL(path, s.url);
          const req = httpRequest({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { host: h } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          });
          req.on('error', reject);
          req.end();
        });
      const q = new URLSearchParams({ response_type: 'code', client_id: publicClient, redirect_uri: CALLBACK });
      const authorize = await get(`/oauth2/authorize?${q}`, host);
      assert.equal(authorize.status, 302);
      assert.equal(authorize.headers['location'], `/login?${q}`);
      const login = await get(`/login?${q}`, `${prefix}.auth.us-east-1.amazoncognito.com:443`);
      assert.equal(login.status, 200);
      assert.match(login.body, new RegExp(`action="/login\\?`));
      // Any host whose first label is the prefix.
      assert.equal((await get(`/oauth2/authorize?${q}`, `${prefix}.localhost`)).status, 302);
      // A Host that is no pool domain: the root endpoints find the pool by client_id; without one, the authorize endpoint's own error page.
      assert.equal((await get(`/oauth2/authorize?${q}`, 'nobody-here.auth.us-east-1.amazoncognito.com')).status, 302);
      const unknown = await get(`/oauth2/authorize?response_type=code`, 'nobody-here.auth.us-east-1.amazoncognito.com');
      assert.equal(unknown.status, 400);
      assert.match(unknown.body, /Required parameter client_id is missing/);
    });
  });
}

/** The answer fields of a challenge page. */
function answer2(html: string, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { _csrf: csrfOf(html), challenge_name: hiddenOf(html, 'challenge_name'), session: hiddenOf(html, 'session'), username: hiddenOf(html, 'username') };
  for (const m of html.matchAll(/name="(p\.[^"]+|secret_code)" value="([^"]*)"/g)) out[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return { ...out, ...extra };
}
