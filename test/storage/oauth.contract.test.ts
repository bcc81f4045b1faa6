/** OauthStore: pool domains, resource servers, single-use authorization codes, hosted sessions, and the purge of what expired. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DomainRecord, HostedSessionRecord, OAuthCodeRecord, ResourceServerRecord } from '../../src/storage/ports/index.ts';
import { countWinners, forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, givenUser, rejectsUnique, unique, T0 } from './records.ts';

const domain = (poolId: string, over: Partial<DomainRecord> = {}): DomainRecord => ({ domain: unique('auth-'), poolId, custom: true, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', managedLoginVersion: 2, version: 'v1', createdAt: T0, updatedAt: T0 + 1, ...over });

const resourceServer = (poolId: string, identifier: string, over: Partial<ResourceServerRecord> = {}): ResourceServerRecord => ({ poolId, identifier, name: `api ${identifier}`, scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }], createdAt: T0, updatedAt: T0 + 1, ...over });

const oauthCode = (poolId: string, userSub: string, over: Partial<OAuthCodeRecord> = {}): OAuthCodeRecord => ({
  codeHash: unique('code-'),
  poolId,
  clientId: 'client1',
  userSub,
  redirectUri: 'https://app.example.com/cb',
  scopes: 'openid email',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  nonce: 'n-0S6_WzA2Mj',
  authTime: T0 / 1000,
  expiresAt: T0 + 300_000,
  createdAt: T0,
  ...over,
});

const hostedSession = (poolId: string, userSub: string, over: Partial<HostedSessionRecord> = {}): HostedSessionRecord => ({ idHash: unique('hosted-'), poolId, userSub, authTime: T0 / 1000, expiresAt: T0 + 3_600_000, createdAt: T0, ...over });

await forEachStore((kind, open) => {
  describe(`OauthStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a domain round-trips with every field; update rewrites it; delete says whether it deleted; a taken domain breaks a rule', async () => {
      const poolId = await givenPool(store());
      const d = domain(poolId);
      await store().oauth.insertDomain(d);
      assert.deepEqual(await store().oauth.findDomain(d.domain), d);
      const prefix = domain(poolId, { custom: false, certificateArn: null, managedLoginVersion: null });
      await store().oauth.insertDomain(prefix);
      assert.deepEqual(await store().oauth.findDomain(prefix.domain), prefix);
      assert.equal(await store().oauth.findDomain('nothere'), undefined);
      await rejectsUnique(store().oauth.insertDomain({ ...d, poolId: await givenPool(store()) }), 'other');
      const next = { ...d, certificateArn: null, managedLoginVersion: 1, version: 'v2', updatedAt: d.updatedAt + 1 };
      await store().oauth.updateDomain(next);
      assert.deepEqual(await store().oauth.findDomain(d.domain), next);
      assert.equal(await store().oauth.deleteDomain(d.domain), true);
      assert.equal(await store().oauth.deleteDomain(d.domain), false);
      assert.equal(await store().oauth.findDomain(d.domain), undefined);
    });

    it('resource servers round-trip, update (false when gone), list by identifier after the cursor, and delete', async () => {
      const poolId = await givenPool(store());
      for (const id of ['https://c', 'https://a', 'https://b']) await store().oauth.insertResourceServer(resourceServer(poolId, id));
      await store().oauth.insertResourceServer(resourceServer(await givenPool(store()), 'https://a0'));
      assert.deepEqual(await store().oauth.findResourceServer(poolId, 'https://a'), resourceServer(poolId, 'https://a'));
      assert.equal(await store().oauth.findResourceServer(poolId, 'https://nothere'), undefined);
      await rejectsUnique(store().oauth.insertResourceServer(resourceServer(poolId, 'https://a')), 'other');
      const next = resourceServer(poolId, 'https://a', { name: 'renamed', scopes: [], updatedAt: T0 + 5 });
      assert.equal(await store().oauth.updateResourceServer(next), true);
      assert.deepEqual(await store().oauth.findResourceServer(poolId, 'https://a'), next);
      assert.equal(await store().oauth.updateResourceServer(resourceServer(poolId, 'https://gone')), false);
      const page1 = await store().oauth.listResourceServers(poolId, undefined, 2);
      assert.deepEqual(page1, [next, resourceServer(poolId, 'https://b')]);
      assert.deepEqual((await store().oauth.listResourceServers(poolId, 'https://b', 2)).map((r) => r.identifier), ['https://c']);
      assert.equal(await store().oauth.deleteResourceServer(poolId, 'https://b'), true);
      assert.equal(await store().oauth.deleteResourceServer(poolId, 'https://b'), false);
      assert.deepEqual((await store().oauth.listResourceServers(poolId, undefined, 10)).map((r) => r.identifier), ['https://a', 'https://c']);
    });

    it('an authorization code is consumed once with every field; of 10 concurrent consumers exactly one gets it', async () => {
      const { poolId, user } = await givenUser(store());
      const c = oauthCode(poolId, user.sub);
      await store().oauth.insertOAuthCode(c);
      assert.deepEqual(await store().oauth.consumeOAuthCode(c.codeHash), c);
      assert.equal(await store().oauth.consumeOAuthCode(c.codeHash), undefined);
      const bare = oauthCode(poolId, user.sub, { codeChallenge: null, nonce: null });
      await store().oauth.insertOAuthCode(bare);
      assert.equal(await countWinners(10, () => store().oauth.consumeOAuthCode(bare.codeHash)), 1);
    });

    it('a hosted session round-trips with every field; a missing one is undefined; delete removes it', async () => {
      const { poolId, user } = await givenUser(store());
      const h = hostedSession(poolId, user.sub);
      await store().oauth.insertHostedSession(h);
      assert.deepEqual(await store().oauth.findHostedSession(h.idHash), h);
      assert.equal(await store().oauth.findHostedSession('nothere'), undefined);
      await store().oauth.deleteHostedSession(h.idHash);
      await store().oauth.deleteHostedSession(h.idHash);
      assert.equal(await store().oauth.findHostedSession(h.idHash), undefined);
    });

    it('purgeExpiredOAuthState drops codes and hosted sessions expired by now, and keeps the rest', async () => {
      const { poolId, user } = await givenUser(store());
      const expiredCode = oauthCode(poolId, user.sub, { expiresAt: T0 });
      const liveCode = oauthCode(poolId, user.sub, { expiresAt: T0 + 1 });
      const expiredSession = hostedSession(poolId, user.sub, { expiresAt: T0 });
      const liveSession = hostedSession(poolId, user.sub, { expiresAt: T0 + 1 });
      for (const c of [expiredCode, liveCode]) await store().oauth.insertOAuthCode(c);
      for (const h of [expiredSession, liveSession]) await store().oauth.insertHostedSession(h);
      await store().oauth.purgeExpiredOAuthState(T0);
      assert.equal(await store().oauth.findHostedSession(expiredSession.idHash), undefined);
      assert.deepEqual(await store().oauth.findHostedSession(liveSession.idHash), liveSession);
      assert.equal(await store().oauth.consumeOAuthCode(expiredCode.codeHash), undefined);
      assert.deepEqual(await store().oauth.consumeOAuthCode(liveCode.codeHash), liveCode);
    });
  });
});
