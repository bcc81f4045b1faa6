import { type MessageRecord, type MessagesStore } from '../ports/index.ts';
import { SqlPart } from './session.ts';

/** The outbox: messages the server sent (or would have sent). */
export class SqlMessages extends SqlPart implements MessagesStore {
  async insertMessage(m: MessageRecord): Promise<void> {
    await this.db
      .insertInto('messages')
      .values({ pool_id: m.poolId, username: m.username, channel: m.channel, destination: m.destination, kind: m.kind, code: m.code, subject: m.subject, body: m.body, created_at: m.createdAt })
      .execute();
  }
  /** Messages of a pool (optionally of one user), or of every pool (`poolId` undefined), newest first. */
  async listMessages(poolId: string | undefined, username: string | undefined, limit: number): Promise<MessageRecord[]> {
    let q = this.db.selectFrom('messages').selectAll();
    if (poolId !== undefined) q = q.where('pool_id', '=', poolId);
    if (username !== undefined) q = q.where('username', '=', username);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      poolId: r.pool_id,
      username: r.username,
      channel: r.channel as MessageRecord['channel'],
      destination: r.destination,
      kind: r.kind,
      code: r.code,
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at,
    }));
  }
  async purgeMessages(before: number): Promise<void> {
    await this.db.deleteFrom('messages').where('created_at', '<', before).execute();
  }
}
