import { type DomainRecord, type ResourceServerRecord, type OAuthCodeRecord, type HostedSessionRecord, type OauthStore } from '../ports/index.ts';
import { domainRow, toDomain, resourceServerRow, toResourceServer, toOAuthCode } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** OAuth: pool domains, resource servers, authorization codes, hosted-UI sessions. */
export class SqlOauth extends SqlPart implements OauthStore {
  async insertDomain(d: DomainRecord): Promise<void> {
    await mapUnique(this.db.insertInto('user_pool_domains').values(domainRow(d)).execute());
  }
  async updateDomain(d: DomainRecord): Promise<void> {
    await this.db.updateTable('user_pool_domains').set(domainRow(d)).where('domain', '=', d.domain).execute();
  }
  async findDomain(domain: string): Promise<DomainRecord | undefined> {
    const r = await this.db.selectFrom('user_pool_domains').selectAll().where('domain', '=', domain).executeTakeFirst();
    return r && toDomain(r);
  }
  async deleteDomain(domain: string): Promise<boolean> {
    const r = await this.db.deleteFrom('user_pool_domains').where('domain', '=', domain).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async insertResourceServer(rs: ResourceServerRecord): Promise<void> {
    await mapUnique(this.db.insertInto('resource_servers').values(resourceServerRow(rs)).execute());
  }
  async updateResourceServer(rs: ResourceServerRecord): Promise<boolean> {
    const r = await this.db.updateTable('resource_servers').set({ name: rs.name, scopes: JSON.stringify(rs.scopes), updated_at: rs.updatedAt }).where('pool_id', '=', rs.poolId).where('identifier', '=', rs.identifier).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  async findResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined> {
    const r = await this.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
    return r && toResourceServer(r);
  }
  /** Resource servers of a pool in identifier order, after `afterIdentifier`. */
  async listResourceServers(poolId: string, afterIdentifier: string | undefined, limit: number): Promise<ResourceServerRecord[]> {
    let q = this.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier').limit(limit);
    if (afterIdentifier !== undefined) q = q.where('identifier', '>', afterIdentifier);
    return (await q.execute()).map(toResourceServer);
  }
  async deleteResourceServer(poolId: string, identifier: string): Promise<boolean> {
    const r = await this.db.deleteFrom('resource_servers').where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async insertOAuthCode(c: OAuthCodeRecord): Promise<void> {
    await this.db
      .insertInto('oauth_codes')
      .values({
        code_hash: c.codeHash,
        pool_id: c.poolId,
        client_id: c.clientId,
        user_sub: c.userSub,
        redirect_uri: c.redirectUri,
        scopes: c.scopes,
        code_challenge: c.codeChallenge,
        nonce: c.nonce,
        auth_time: c.authTime,
        expires_at: c.expiresAt,
        created_at: c.createdAt,
      })
      .execute();
  }
  /** Uses a code up: exactly one concurrent caller gets it. */
  async consumeOAuthCode(codeHash: string): Promise<OAuthCodeRecord | undefined> {
    const r = await this.db.deleteFrom('oauth_codes').where('code_hash', '=', codeHash).returningAll().executeTakeFirst();
    return r && toOAuthCode(r);
  }
  async insertHostedSession(h: HostedSessionRecord): Promise<void> {
    await this.db.insertInto('hosted_sessions').values({ id_hash: h.idHash, pool_id: h.poolId, user_sub: h.userSub, auth_time: h.authTime, expires_at: h.expiresAt, created_at: h.createdAt }).execute();
  }
  async findHostedSession(idHash: string): Promise<HostedSessionRecord | undefined> {
    const r = await this.db.selectFrom('hosted_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r && { idHash: r.id_hash, poolId: r.pool_id, userSub: r.user_sub, authTime: Number(r.auth_time), expiresAt: Number(r.expires_at), createdAt: Number(r.created_at) };
  }
  async deleteHostedSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('hosted_sessions').where('id_hash', '=', idHash).execute();
  }
  async purgeExpiredOAuthState(now: number): Promise<void> {
    await this.db.deleteFrom('oauth_codes').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('hosted_sessions').where('expires_at', '<=', now).execute();
  }
}
