import { type IdentityProviderRecord, type IdentityLinkRecord, type FederationStore } from '../ports/index.ts';
import { toIdentityProvider, toIdentityLink } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** Identity providers and the links of federated identities to users. */
export class SqlFederation extends SqlPart implements FederationStore {
  /** A provider and its IdpIdentifiers (call inside a transaction: two tables). */
  async insertIdentityProvider(p: IdentityProviderRecord): Promise<void> {
    await mapUnique(
      this.db
        .insertInto('identity_providers')
        .values({ pool_id: p.poolId, name: p.name, type: p.type, details_sealed: p.detailsSealed, attribute_mapping: JSON.stringify(p.attributeMapping), idp_identifiers: JSON.stringify(p.idpIdentifiers), created_at: p.createdAt, updated_at: p.updatedAt })
        .execute(),
    );
    if (p.idpIdentifiers.length > 0) {
      await mapUnique(this.db.insertInto('idp_identifiers').values(p.idpIdentifiers.map((identifier) => ({ pool_id: p.poolId, identifier, provider_name: p.name }))).execute());
    }
  }
  /** Rewrites a provider and replaces its IdpIdentifiers (call inside a transaction); false when it is gone. */
  async updateIdentityProvider(p: IdentityProviderRecord): Promise<boolean> {
    const r = await this.db
      .updateTable('identity_providers')
      .set({ details_sealed: p.detailsSealed, attribute_mapping: JSON.stringify(p.attributeMapping), idp_identifiers: JSON.stringify(p.idpIdentifiers), updated_at: p.updatedAt })
      .where('pool_id', '=', p.poolId)
      .where('name', '=', p.name)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await this.db.deleteFrom('idp_identifiers').where('pool_id', '=', p.poolId).where('provider_name', '=', p.name).execute();
    if (p.idpIdentifiers.length > 0) {
      await mapUnique(this.db.insertInto('idp_identifiers').values(p.idpIdentifiers.map((identifier) => ({ pool_id: p.poolId, identifier, provider_name: p.name }))).execute());
    }
    return true;
  }
  async findIdentityProvider(poolId: string, name: string): Promise<IdentityProviderRecord | undefined> {
    const r = await this.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return r && toIdentityProvider(r);
  }
  async findIdentityProviderByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined> {
    const r = await this.db
      .selectFrom('idp_identifiers as i')
      .innerJoin('identity_providers as p', (j) => j.onRef('p.pool_id', '=', 'i.pool_id').onRef('p.name', '=', 'i.provider_name'))
      .selectAll('p')
      .where('i.pool_id', '=', poolId)
      .where('i.identifier', '=', identifier)
      .executeTakeFirst();
    return r && toIdentityProvider(r);
  }
  /** Providers in name order after `afterName`. */
  async listIdentityProviders(poolId: string, afterName: string | undefined, limit: number): Promise<IdentityProviderRecord[]> {
    let q = this.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit);
    if (afterName !== undefined) q = q.where('name', '>', afterName);
    return (await q.execute()).map(toIdentityProvider);
  }
  async listIdentityProviderNames(poolId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('identity_providers').select('name').where('pool_id', '=', poolId).orderBy('name').execute();
    return rows.map((r) => r.name);
  }
  async countIdentityProviders(poolId: string): Promise<number> {
    const r = await this.db.selectFrom('identity_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', poolId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  async deleteIdentityProvider(poolId: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('identity_providers').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async insertIdentityLink(l: IdentityLinkRecord): Promise<void> {
    await mapUnique(
      this.db
        .insertInto('identity_links')
        .values({ pool_id: l.poolId, provider_name: l.providerName, attribute_name: l.attributeName, attribute_value: l.attributeValue, user_sub: l.userSub, created_at: l.createdAt })
        .execute(),
    );
  }
  async findIdentityLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<IdentityLinkRecord | undefined> {
    const r = await this.db
      .selectFrom('identity_links')
      .selectAll()
      .where('pool_id', '=', poolId)
      .where('provider_name', '=', providerName)
      .where('attribute_name', '=', attributeName)
      .where('attribute_value', '=', attributeValue)
      .executeTakeFirst();
    return r && toIdentityLink(r);
  }
  /** A user's linked identities, oldest first. */
  async listIdentityLinksOfUser(poolId: string, userSub: string): Promise<IdentityLinkRecord[]> {
    const rows = await this.db.selectFrom('identity_links').selectAll().where('pool_id', '=', poolId).where('user_sub', '=', userSub).orderBy('created_at').orderBy('provider_name').orderBy('attribute_value').execute();
    return rows.map(toIdentityLink);
  }
  async deleteIdentityLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('identity_links')
      .where('pool_id', '=', poolId)
      .where('provider_name', '=', providerName)
      .where('attribute_name', '=', attributeName)
      .where('attribute_value', '=', attributeValue)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
