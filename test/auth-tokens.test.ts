import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { databases, startTestServer, withServer } from './helpers/server.ts';
import { cognitoError } from './helpers/errors.ts';
import { httpJwksCache } from './helpers/jwt.ts';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { issueSignInTokens, issueTokens } from '../src/domain/tokens/issue.ts';
import { verifyAccessToken } from '../src/domain/tokens/verify.ts';
import { rotateSigningKey } from '../src/domain/tokens/rotation.ts';
import { issuerOf } from '../src/domain/tokens/issuer.ts';
import { refreshTokenHash } from '../src/domain/tokens/refresh-tokens.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../src/storage/ports/index.ts';

for (const kind of await databases()) {
  describe(`tokens (${kind})`, () => {
    const s = withServer(kind);
    let pool: PoolRecord;
    let client: ClientRecord;
    let user: UserRecord;
    before(async () => {
      const created = await s.client.send(new CreateUserPoolCommand({ PoolName: 'tokens' }));
      pool = (await s.deps.store.pools.findPool(created.UserPool!.Id!))!;
      const t = s.deps.now();
      client = { id: 'abcdefghij1234567890abcdef', poolId: pool.id, name: 'app', secretSealed: null, config: { AccessTokenValidity: 5, IdTokenValidity: 2, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' } }, createdAt: t, updatedAt: t };
      await s.deps.store.clients.insertClient(client);
      user = {
        poolId: pool.id, sub: randomUUID(), username: 'alice', usernameKey: 'alice', status: 'CONFIRMED', enabled: true,
        attributes: { email: 'alice@example.com', email_verified: 'true', updated_at: '1700000000', 'custom:dept': '42', address: '1 Main St' },
        emailAlias: null, phoneAlias: null, preferredUsernameAlias: null, passwordSealed: null, tempPasswordExpiresAt: null, mfaOptions: null,
        tokensValidAfter: 0, failedAttempts: 0, lockedUntil: 0, createdAt: t, updatedAt: t,
      };
      await s.deps.store.users.insertUser(user);
      await s.deps.store.groups.insertGroup({ poolId: pool.id, name: 'admins', description: null, roleArn: 'arn:aws:iam::123456789012:role/admin', precedence: 1, createdAt: t, updatedAt: t });
      await s.deps.store.groups.addGroupMember(pool.id, 'admins', user.sub);
    });

    it('issues Cognito-shaped ID and access tokens that aws-jwt-verify accepts', async () => {
      const result = await issueSignInTokens(s.deps, pool, client, user);
      assert.equal(result.TokenType, 'Bearer');
      assert.equal(result.ExpiresIn, 300);
      assert.match(result.RefreshToken!, /^[A-Za-z0-9-_=.]+$/);
      const header = decodeProtectedHeader(result.AccessToken!);
      assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid']);
      const iss = `${s.url}/${pool.id}`;
      const access = decodeJwt(result.AccessToken!);
      assert.equal(access['iss'], iss);
      assert.equal(access['token_use'], 'access');
      assert.equal(access['client_id'], client.id);
      assert.equal(access['aud'], undefined);
      assert.equal(access['username'], 'alice');
      assert.equal(access['scope'], 'aws.cognito.signin.user.admin');
      assert.deepEqual(access['cognito:groups'], ['admins']);
      assert.equal(access.exp! - access.iat!, 300);
      const id = decodeJwt(result.IdToken!);
      assert.equal(id['aud'], client.id);
      assert.equal(id['cognito:username'], 'alice');
      assert.equal(id['email_verified'], true);
      assert.equal(id['updated_at'], 1700000000);
      assert.equal(id['custom:dept'], '42');
      assert.deepEqual(id['address'], { formatted: '1 Main St' });
      assert.deepEqual(id['cognito:roles'], ['arn:aws:iam::123456789012:role/admin']);
      assert.equal(id['cognito:preferred_role'], 'arn:aws:iam::123456789012:role/admin');
      assert.equal(id.exp! - id.iat!, 7200);
      assert.equal(id['origin_jti'], access['origin_jti']);
      assert.equal(id['event_id'], access['event_id']);
      const jwksUri = `${s.url}/${pool.id}/.well-known/jwks.json`;
      const accessVerifier = JwtRsaVerifier.create({ issuer: iss, audience: null, jwksUri, customJwtCheck: ({ payload }) => assert.equal(payload['client_id'], client.id) }, { jwksCache: httpJwksCache() });
      const idVerifier = JwtRsaVerifier.create({ issuer: iss, audience: client.id, jwksUri }, { jwksCache: httpJwksCache() });
      await accessVerifier.verify(result.AccessToken!);
      await idVerifier.verify(result.IdToken!);
      const stored = await s.deps.store.auth.findRefreshToken(refreshTokenHash(result.RefreshToken!));
      assert.equal(stored?.originJti, access['origin_jti']);
    });

    it('verifyAccessToken accepts a good token and refuses tampered, expired, ID and revoked ones', async () => {
      const result = await issueSignInTokens(s.deps, pool, client, user);
      const ok = await verifyAccessToken(s.deps, result.AccessToken!);
      assert.equal(ok.user.sub, user.sub);
      const [h, p, sig] = result.AccessToken!.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      payload['username'] = 'mallory';
      const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
      await assert.rejects(verifyAccessToken(s.deps, tampered), cognitoError('NotAuthorizedException', 'Invalid Access Token'));
      await assert.rejects(verifyAccessToken(s.deps, 'not-a-jwt'), cognitoError('NotAuthorizedException', 'Invalid Access Token'));
      await assert.rejects(verifyAccessToken(s.deps, result.IdToken!), cognitoError('NotAuthorizedException', 'Invalid Access Token'));
      const realNow = s.deps.now;
      s.deps.now = () => realNow() + 301_000;
      try {
        await assert.rejects(verifyAccessToken(s.deps, result.AccessToken!), cognitoError('NotAuthorizedException', 'Access Token has expired'));
      } finally {
        s.deps.now = realNow;
      }
      await s.deps.store.auth.revokeRefreshFamily(pool.id, ok.claims.origin_jti!, s.deps.now());
      await assert.rejects(verifyAccessToken(s.deps, result.AccessToken!), cognitoError('NotAuthorizedException', 'Access Token has been revoked'));
    });

    it('rotates keys: new tokens use the new kid, old tokens still verify, JWKS lists both', async () => {
      const before = await issueSignInTokens(s.deps, pool, client, user);
      const oldKid = decodeProtectedHeader(before.AccessToken!).kid;
      const newKid = await rotateSigningKey(s.deps, pool.id);
      assert.notEqual(newKid, oldKid);
      const afterRotation = await issueTokens(s.deps, { pool, client, user, authTime: 1, originJti: randomUUID(), withRefreshToken: false });
      assert.equal(decodeProtectedHeader(afterRotation.AccessToken!).kid, newKid);
      assert.equal(afterRotation.RefreshToken, undefined);
      await verifyAccessToken(s.deps, before.AccessToken!);
      await verifyAccessToken(s.deps, afterRotation.AccessToken!);
      const jwks = (await (await fetch(`${s.url}/${pool.id}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
      assert.deepEqual(jwks.keys.map((k) => k['kid']).sort(), [oldKid, newKid].sort());
      for (const k of jwks.keys) {
        assert.deepEqual(Object.keys(k).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
        assert.equal(k['alg'], 'RS256');
      }
    });

    it('serves the OpenID configuration and 404s unknown pools', async () => {
      const res = await fetch(`${s.url}/${pool.id}/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as Record<string, unknown>;
      assert.equal(doc['issuer'], issuerOf(s.deps, pool.id));
      assert.equal(doc['jwks_uri'], `${s.url}/${pool.id}/.well-known/jwks.json`);
      assert.deepEqual(doc['id_token_signing_alg_values_supported'], ['RS256']);
      assert.equal((await fetch(`${s.url}/us-east-1_nope12345/.well-known/jwks.json`)).status, 404);
    });

    it('AWS issuer style signs with the cognito-idp issuer', async () => {
      const aws = await startTestServer(kind, { issuerStyle: 'aws' });
      try {
        const created = await aws.client.send(new CreateUserPoolCommand({ PoolName: 'awsiss' }));
        const p = (await aws.deps.store.pools.findPool(created.UserPool!.Id!))!;
        const t = aws.deps.now();
        const c: ClientRecord = { ...client, poolId: p.id, createdAt: t, updatedAt: t };
        await aws.deps.store.clients.insertClient(c);
        const u: UserRecord = { ...user, poolId: p.id };
        await aws.deps.store.users.insertUser(u);
        const r = await issueSignInTokens(aws.deps, p, c, u);
        assert.equal(decodeJwt(r.AccessToken!).iss, `https://cognito-idp.us-east-1.amazonaws.com/${p.id}`);
        await verifyAccessToken(aws.deps, r.AccessToken!);
        // A drop-in Cognito verifier config, with the JWKS taken from this server.
        const verifier = CognitoJwtVerifier.create({ userPoolId: p.id, tokenUse: 'access', clientId: c.id });
        verifier.cacheJwks((await (await fetch(`${aws.url}/${p.id}/.well-known/jwks.json`)).json()) as never);
        const payload = await verifier.verify(r.AccessToken!);
        assert.equal(payload.username, 'alice');
      } finally {
        await aws.close();
      }
    });
  });
}
