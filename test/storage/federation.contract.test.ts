/** FederationStore: identity providers with their IdpIdentifiers, and links of external identities to users. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IdentityLinkRecord, IdentityProviderRecord } from '../../src/storage/ports/index.ts';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, givenUser, rejectsUnique, T0 } from './records.ts';

const provider = (poolId: string, name: string, over: Partial<IdentityProviderRecord> = {}): IdentityProviderRecord => ({
  poolId,
  name,
  type: 'OIDC',
  detailsSealed: 'ZGV0YWlscw==',
  attributeMapping: { email: 'email', username: 'sub' },
  idpIdentifiers: [`${name}-id1`, `${name}-id2`],
  createdAt: T0,
  updatedAt: T0 + 1,
  ...over,
});

const link = (poolId: string, userSub: string, over: Partial<IdentityLinkRecord> = {}): IdentityLinkRecord => ({ poolId, providerName: 'Google', attributeName: 'Cognito_Subject', attributeValue: '1001', userSub, createdAt: T0, ...over });

await forEachStore((kind, open) => {
  describe(`FederationStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a provider round-trips with every field, by name and by each IdpIdentifier; missing ones are undefined', async () => {
      const poolId = await givenPool(store());
      const p = provider(poolId, 'Okta');
      await store().transaction((tx) => tx.federation.insertIdentityProvider(p));
      assert.deepEqual(await store().federation.findIdentityProvider(poolId, 'Okta'), p);
      assert.deepEqual(await store().federation.findIdentityProviderByIdentifier(poolId, 'Okta-id2'), p);
      assert.equal(await store().federation.findIdentityProvider(poolId, 'nothere'), undefined);
      assert.equal(await store().federation.findIdentityProviderByIdentifier(poolId, 'nothere'), undefined);
      assert.equal(await store().federation.findIdentityProvider(await givenPool(store()), 'Okta'), undefined);
      const bare = provider(poolId, 'Bare', { attributeMapping: {}, idpIdentifiers: [] });
      await store().transaction((tx) => tx.federation.insertIdentityProvider(bare));
      assert.deepEqual(await store().federation.findIdentityProvider(poolId, 'Bare'), bare);
    });

    it('a second provider of the same name breaks "identity_provider"; an identifier another provider holds breaks "idp_identifier" and nothing lands', async () => {
      const poolId = await givenPool(store());
      await store().transaction((tx) => tx.federation.insertIdentityProvider(provider(poolId, 'A')));
      await rejectsUnique(store().transaction((tx) => tx.federation.insertIdentityProvider(provider(poolId, 'A', { idpIdentifiers: [] }))), 'identity_provider');
      await rejectsUnique(store().transaction((tx) => tx.federation.insertIdentityProvider(provider(poolId, 'B', { idpIdentifiers: ['A-id1'] }))), 'idp_identifier');
      assert.equal(await store().federation.findIdentityProvider(poolId, 'B'), undefined);
      await store().transaction((tx) => tx.federation.insertIdentityProvider(provider(poolId, 'C', { idpIdentifiers: [] })));
      await rejectsUnique(store().transaction((tx) => tx.federation.updateIdentityProvider(provider(poolId, 'C', { idpIdentifiers: ['A-id2'] }))), 'idp_identifier');
      assert.deepEqual(await store().federation.findIdentityProvider(poolId, 'C'), provider(poolId, 'C', { idpIdentifiers: [] }), 'a failed update changes nothing');
    });

    it('updateIdentityProvider rewrites details, mapping and identifiers (old identifiers stop resolving); false when the provider is gone', async () => {
      const poolId = await givenPool(store());
      const p = provider(poolId, 'P');
      await store().transaction((tx) => tx.federation.insertIdentityProvider(p));
      const next = { ...p, detailsSealed: 'bmV3', attributeMapping: { email: 'mail' }, idpIdentifiers: ['P-id2', 'P-new'], updatedAt: p.updatedAt + 1 };
      assert.equal(await store().transaction((tx) => tx.federation.updateIdentityProvider(next)), true);
      assert.deepEqual(await store().federation.findIdentityProvider(poolId, 'P'), next);
      assert.equal(await store().federation.findIdentityProviderByIdentifier(poolId, 'P-id1'), undefined);
      assert.deepEqual(await store().federation.findIdentityProviderByIdentifier(poolId, 'P-new'), next);
      assert.equal(await store().transaction((tx) => tx.federation.updateIdentityProvider({ ...next, name: 'gone' })), false);
    });

    it('providers list by name after the cursor; names and count cover one pool; deleting frees the identifiers', async () => {
      const poolId = await givenPool(store());
      const otherPool = await givenPool(store());
      for (const n of ['c', 'a', 'b']) await store().transaction((tx) => tx.federation.insertIdentityProvider(provider(poolId, n)));
      await store().transaction((tx) => tx.federation.insertIdentityProvider(provider(otherPool, 'z')));
      const page1 = await store().federation.listIdentityProviders(poolId, undefined, 2);
      assert.deepEqual(page1, [provider(poolId, 'a'), provider(poolId, 'b')]);
      assert.deepEqual((await store().federation.listIdentityProviders(poolId, 'b', 2)).map((p) => p.name), ['c']);
      assert.deepEqual(await store().federation.listIdentityProviderNames(poolId), ['a', 'b', 'c']);
      assert.equal(await store().federation.countIdentityProviders(poolId), 3);
      assert.equal(await store().federation.deleteIdentityProvider(poolId, 'a'), true);
      assert.equal(await store().federation.deleteIdentityProvider(poolId, 'a'), false);
      assert.equal(await store().federation.countIdentityProviders(poolId), 2);
      assert.equal(await store().federation.findIdentityProviderByIdentifier(poolId, 'a-id1'), undefined);
      await store().transaction((tx) => tx.federation.insertIdentityProvider(provider(poolId, 'a2', { idpIdentifiers: ['a-id1'] })));
    });

    it('identity links round-trip, list per user oldest first, break "identity_link" when repeated, and delete', async () => {
      const { poolId, user } = await givenUser(store());
      const { user: other } = await givenUser(store(), { poolId });
      const l2 = link(poolId, user.sub, { providerName: 'Facebook', attributeValue: 'f1', createdAt: T0 + 1 });
      const l1 = link(poolId, user.sub);
      for (const l of [l2, l1]) await store().federation.insertIdentityLink(l);
      await store().federation.insertIdentityLink(link(poolId, other.sub, { attributeValue: '2002' }));
      assert.deepEqual(await store().federation.findIdentityLink(poolId, 'Google', 'Cognito_Subject', '1001'), l1);
      assert.equal(await store().federation.findIdentityLink(poolId, 'Google', 'Cognito_Subject', 'nothere'), undefined);
      assert.deepEqual(await store().federation.listIdentityLinksOfUser(poolId, user.sub), [l1, l2]);
      await rejectsUnique(store().federation.insertIdentityLink({ ...l1, userSub: other.sub }), 'identity_link');
      assert.equal(await store().federation.deleteIdentityLink(poolId, 'Google', 'Cognito_Subject', '1001'), true);
      assert.equal(await store().federation.deleteIdentityLink(poolId, 'Google', 'Cognito_Subject', '1001'), false);
      assert.deepEqual(await store().federation.listIdentityLinksOfUser(poolId, user.sub), [l2]);
      await store().users.deleteUser(poolId, user.sub);
      assert.deepEqual(await store().federation.listIdentityLinksOfUser(poolId, user.sub), [], 'a deleted user loses its links');
    });
  });
});
