/**
 * The OAuth route groups answer every error in their own format (SQLite + PostgreSQL): token,
 * revoke and userInfo JSON `{"error","error_description"}` with the status and WWW-Authenticate
 * challenge of RFC 6749 §5.2 / RFC 6750 §3; the hosted pages a redirect to the verified
 * redirect_uri or an error page. An unexpected failure (here: the server's database closed under
 * it) is `server_error` 500 in that same format, never a Cognito `__type` body.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, createPool } from './helpers/auth.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const CALLBACK = 'http://localhost:3000/callback';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function assertJsonError(res: Response, status: number, error: string): Promise<Record<string, unknown>> {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body['error'], error);
  assert.equal(typeof body['error_description'], 'string');
  assert.equal(body['__type'], undefined);
  return body;
}

async function assertErrorPage(res: Response, status: number, title: string): Promise<void> {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await res.text(), new RegExp(`<strong>${title}</strong>`));
}

for (const kind of await databases()) {
  describe(`OAuth error answers (${kind})`, () => {
    let s: TestServer;
    let poolId: string;
    let clientId: string;

    before(async () => {
      s = await startTestServer(kind);
      poolId = await createPool(s, { PoolName: 'errors' });
      ({ clientId } = await createClient(s, poolId, {
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: [CALLBACK],
      }));
    });
    after(async () => s.close());

    const authorizeUrl = (params: Record<string, string>): string => `${s.url}/${poolId}/oauth2/authorize?${new URLSearchParams(params).toString()}`;

    it('token: invalid_client is 401 with a Basic challenge, at the token and the revocation endpoint alike', async () => {
      const basic = `Basic ${Buffer.from('no-such-client:secret').toString('base64')}`;
      for (const path of ['oauth2/token', 'oauth2/revoke']) {
        const res = await fetch(`${s.url}/${poolId}/${path}`, { method: 'POST', headers: { ...FORM, authorization: basic }, body: 'grant_type=refresh_token&token=x&refresh_token=x' });
        await assertJsonError(res, 401, 'invalid_client');
        assert.equal(res.headers.get('www-authenticate'), 'Basic realm="oauth2/token"', path);
      }
      const grant = await fetch(`${s.url}/${poolId}/oauth2/token`, { method: 'POST', headers: FORM, body: `grant_type=password&client_id=${clientId}` });
      await assertJsonError(grant, 400, 'unsupported_grant_type');
    });

    it('userInfo: no token is invalid_request 401 with a bare Bearer challenge; a bad one invalid_token with its error', async () => {
      const none = await fetch(`${s.url}/${poolId}/oauth2/userInfo`);
      await assertJsonError(none, 401, 'invalid_request');
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      const bad = await fetch(`${s.url}/${poolId}/oauth2/userInfo`, { headers: { authorization: 'Bearer not-a-token' } });
      await assertJsonError(bad, 401, 'invalid_token');
      assert.match(bad.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token", error_description="/);
    });

    it('authorize: an unverified redirect_uri is an error page; later errors go back to it with state', async () => {
      await assertErrorPage(await fetch(authorizeUrl({ client_id: clientId, redirect_uri: 'http://evil.example/', response_type: 'code' }), { redirect: 'manual' }), 400, 'redirect_mismatch');
      const back = await fetch(authorizeUrl({ client_id: clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'email', state: 'st' }), { redirect: 'manual' });
      assert.equal(back.status, 302);
      const location = new URL(back.headers.get('location') ?? '');
      assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
      assert.equal(location.searchParams.get('error'), 'invalid_scope');
      assert.equal(location.searchParams.get('state'), 'st');
      const none = await fetch(authorizeUrl({ client_id: clientId, redirect_uri: CALLBACK, response_type: 'code', prompt: 'none', state: 'st' }), { redirect: 'manual' });
      assert.equal(none.headers.get('location'), `${CALLBACK}?error=login_required&state=st`);
    });

    it('a body over the limit at the token endpoint is an OAuth invalid_request, and the connection is read to the end', async () => {
      const res = await fetch(`${s.url}/${poolId}/oauth2/token`, { method: 'POST', headers: FORM, body: `grant_type=authorization_code&code=${'a'.repeat(2 * 1024 * 1024)}` });
      const body = await assertJsonError(res, 400, 'invalid_request');
      assert.match(String(body['error_description']), /too large/);
    });

    // Last: it closes the database.
    it('with the database gone, the JSON endpoints answer server_error 500 as JSON and the hosted pages an error page', async () => {
      await s.db.destroy();
      const token = await fetch(`${s.url}/${poolId}/oauth2/token`, { method: 'POST', headers: FORM, body: `grant_type=authorization_code&client_id=${clientId}&code=x&redirect_uri=${encodeURIComponent(CALLBACK)}` });
      await assertJsonError(token, 500, 'server_error');
      await assertJsonError(await fetch(`${s.url}/oauth2/revoke`, { method: 'POST', headers: FORM, body: `client_id=${clientId}&token=x` }), 500, 'server_error');
      await assertJsonError(await fetch(`${s.url}/${poolId}/oauth2/userInfo`, { headers: { authorization: 'Bearer x' } }), 500, 'server_error');

      const page = { client_id: clientId, redirect_uri: CALLBACK, response_type: 'code' };
      await assertErrorPage(await fetch(authorizeUrl(page), { redirect: 'manual' }), 500, 'server_error');
      await assertErrorPage(await fetch(`${s.url}/login?${new URLSearchParams(page).toString()}`, { method: 'POST', headers: FORM, body: 'username=u&password=p' }), 500, 'server_error');
      await assertErrorPage(await fetch(`${s.url}/logout?client_id=${clientId}&logout_uri=x`, { redirect: 'manual' }), 500, 'server_error');
    });
  });
}
