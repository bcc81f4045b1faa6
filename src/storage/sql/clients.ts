import { type Selectable } from 'kysely';
import type { Database } from './schema.ts';
import { type ClientRecord, type ClientSecretEntry, type ClientsStore } from '../ports/index.ts';
import { toClient } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** App clients and their secrets. */
export class SqlClients extends SqlPart implements ClientsStore {
  async insertClient(c: ClientRecord): Promise<void> {
    await mapUnique(this.db.insertInto('clients').values({ id: c.id, pool_id: c.poolId, name: c.name, secret_sealed: c.secretSealed, config: JSON.stringify(c.config), created_at: c.createdAt, updated_at: c.updatedAt }).execute());
  }
  async updateClient(c: ClientRecord): Promise<void> {
    await this.db.updateTable('clients').set({ name: c.name, secret_sealed: c.secretSealed, config: JSON.stringify(c.config), updated_at: c.updatedAt }).where('id', '=', c.id).where('pool_id', '=', c.poolId).execute();
  }
  async findClient(poolId: string, id: string): Promise<ClientRecord | undefined> {
    const [r] = await this.run<Selectable<Database['clients']>>('client', (p) => this.db.selectFrom('clients').selectAll().where('id', '=', p(0)).where('pool_id', '=', p(1)), [id, poolId]);
    return r && toClient(r);
  }
  /** A client by id alone (public operations name only the ClientId). */
  async findClientById(id: string): Promise<ClientRecord | undefined> {
    const [r] = await this.run<Selectable<Database['clients']>>('client by id', (p) => this.db.selectFrom('clients').selectAll().where('id', '=', p(0)), [id]);
    return r && toClient(r);
  }
  async listClients(poolId: string, afterId: string | undefined, limit: number): Promise<ClientRecord[]> {
    let q = this.db.selectFrom('clients').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit);
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    const rows = await q.execute();
    return rows.map(toClient);
  }
  async deleteClient(poolId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('clients').where('id', '=', id).where('pool_id', '=', poolId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  /** The client, its row locked until the transaction ends (PostgreSQL; SQLite transactions are serialised). */
  async findClientForUpdate(poolId: string, id: string): Promise<ClientRecord | undefined> {
    let q = this.db.selectFrom('clients').selectAll().where('id', '=', id).where('pool_id', '=', poolId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toClient(r);
  }
  /** The client's secrets: the complete list and the one `secret_sealed` shows (its first). */
  async setClientSecrets(poolId: string, id: string, secretSealed: string, secrets: ClientSecretEntry[]): Promise<void> {
    await this.db.updateTable('clients').set({ secret_sealed: secretSealed, secrets: JSON.stringify(secrets) }).where('id', '=', id).where('pool_id', '=', poolId).execute();
  }
}
