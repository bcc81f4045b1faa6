/**
 * The relying party against a small OpenID Connect provider started here (discovery, token endpoint
 * that takes the client secret by HTTP Basic only, JWKS, userInfo), for what the end-to-end tests
 * (test/federation-oidc.test.ts, where the IdP is a Userpool server) do not reach: Basic client
 * authentication chosen from discovery, and the ID token and userInfo checks.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { IdentityProviderError, type OidcSettings } from '../../domain/federation/ports.ts';
import { FetchOidcRelyingParty } from './oidc-relying-party.ts';

describe('OIDC relying party (Basic client authentication, ID token and userInfo checks)', () => {
  let server: Server;
  let issuer = '';
  const seen: Array<{ authorization: string | undefined; body: URLSearchParams }> = [];
  let settings: OidcSettings;

  before(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const idToken = (claims: Record<string, unknown>): Promise<string> =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience('rp-client').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    server = createServer((req, res) => {
      const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const url = new URL(req.url ?? '/', issuer);
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', async () => {
        if (url.pathname === '/.well-known/openid-configuration') {
          return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, userinfo_endpoint: `${issuer}/userinfo`, token_endpoint_auth_methods_supported: ['client_secret_basic'] });
        }
        if (url.pathname === '/broken/.well-known/openid-configuration') {
          return json(200, { issuer: `${issuer}/broken`, authorization_endpoint: 'javascript:alert(1)', token_endpoint: 'not a url', jwks_uri: `${issuer}/jwks` });
        }
        if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
        if (url.pathname === '/token') {
          const body = new URLSearchParams(raw);
          seen.push({ authorization: req.headers.authorization, body });
          // Basic credentials are form-urlencoded (RFC 6749 §2.3.1); any client id with the right secret is let in.
          const [, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
          if (secret !== 's%C3%A9cret%2B1') return json(401, { error: 'invalid_client' });
          const code = body.get('code');
          if (code === 'other-subject') return json(200, { access_token: 'at-other', token_type: 'Bearer', id_token: await idToken({ sub: 'u1', nonce: 'n1' }) });
          if (code === 'wrong-nonce') return json(200, { access_token: 'at', token_type: 'Bearer', id_token: await idToken({ sub: 'u1', nonce: 'n2' }) });
          return json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: await idToken({ sub: 'u1', nonce: 'n1', email: 'u1@idp.example' }) });
        }
        if (url.pathname === '/userinfo') {
          return json(200, req.headers.authorization === 'Bearer at-other' ? { sub: 'someone-else' } : { sub: 'u1', name: 'User One' });
        }
        json(404, { error: 'not_found' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    issuer = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    settings = { issuer, clientId: 'rp-client', clientSecret: 'sécret+1', scopes: 'openid email', authorizeUrl: undefined, tokenUrl: undefined, attributesUrl: undefined, jwksUri: undefined, attributesRequestMethod: 'GET' };
  });
  after(() => server.close());

  test('the authorization URL comes from discovery and carries the request', async () => {
    const url = new URL(await new FetchOidcRelyingParty().authorizationUrl(settings, { redirectUri: 'http://rp.example/cb', state: 'st', nonce: 'n1' }));
    assert.equal(`${url.origin}${url.pathname}`, `${issuer}/authorize`);
    assert.deepEqual(Object.fromEntries(url.searchParams), { client_id: 'rp-client', redirect_uri: 'http://rp.example/cb', response_type: 'code', scope: 'openid email', state: 'st', nonce: 'n1' });
  });

  test('an IdP that takes only client_secret_basic gets the secret by HTTP Basic (form-urlencoded), not in the body', async () => {
    const answer = await new FetchOidcRelyingParty().signIn(settings, { code: 'good', redirectUri: 'http://rp.example/cb', nonce: 'n1' });
    assert.equal(answer.idToken['email'], 'u1@idp.example');
    assert.deepEqual(answer.userInfo, { sub: 'u1', name: 'User One' });
    assert.equal(answer.tokenResponse['token_type'], 'Bearer');
    const request = seen.at(-1)!;
    assert.equal(request.body.get('client_secret'), null);
    assert.equal(request.body.get('grant_type'), 'authorization_code');
    assert.equal(request.body.get('redirect_uri'), 'http://rp.example/cb');
  });

  test('an ID token with another nonce, or userInfo about another subject, is refused', async () => {
    const rp = new FetchOidcRelyingParty();
    await assert.rejects(rp.signIn(settings, { code: 'wrong-nonce', redirectUri: 'http://rp.example/cb', nonce: 'n1' }), (err: unknown) => err instanceof IdentityProviderError && /nonce/.test(err.message));
    await assert.rejects(rp.signIn(settings, { code: 'other-subject', redirectUri: 'http://rp.example/cb', nonce: 'n1' }), (err: unknown) => err instanceof IdentityProviderError && /another subject/.test(err.message));
    await assert.rejects(rp.signIn({ ...settings, clientSecret: 'wrong' }, { code: 'good', redirectUri: 'http://rp.example/cb', nonce: 'n1' }), (err: unknown) => err instanceof IdentityProviderError && /HTTP 401: invalid_client/.test(err.message));
  });

  test('endpoints that are not http(s) URLs are an IdP error, never a crash', async () => {
    const rp = new FetchOidcRelyingParty();
    const broken = { ...settings, issuer: `${issuer}/broken` };
    await assert.rejects(rp.authorizationUrl(broken, { redirectUri: 'http://rp.example/cb', state: 'st', nonce: 'n1' }), (err: unknown) => err instanceof IdentityProviderError && /authorization endpoint .* is not an http\(s\) URL/.test(err.message));
    await assert.rejects(rp.signIn({ ...broken, authorizeUrl: `${issuer}/authorize` }, { code: 'good', redirectUri: 'http://rp.example/cb', nonce: 'n1' }), (err: unknown) => err instanceof IdentityProviderError && /token endpoint .* is not a URL/.test(err.message));
  });

  test('an ID token for another audience is refused', async () => {
    await assert.rejects(
      new FetchOidcRelyingParty().signIn({ ...settings, clientId: 'another-client' }, { code: 'good', redirectUri: 'http://rp.example/cb', nonce: 'n1' }),
      (err: unknown) => err instanceof IdentityProviderError && /id_token is not valid.*aud/.test(err.message),
    );
  });
});
