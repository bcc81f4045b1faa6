import { type UserRecord, type GroupRecord, type GroupsStore } from '../ports/index.ts';
import { toUser } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** Groups and their members. */
export class SqlGroups extends SqlPart implements GroupsStore {
  async insertGroup(g: GroupRecord): Promise<void> {
    await mapUnique(this.db.insertInto('groups').values({ pool_id: g.poolId, name: g.name, description: g.description, role_arn: g.roleArn, precedence: g.precedence, created_at: g.createdAt, updated_at: g.updatedAt }).execute());
  }
  async updateGroup(g: GroupRecord): Promise<void> {
    await this.db.updateTable('groups').set({ description: g.description, role_arn: g.roleArn, precedence: g.precedence, updated_at: g.updatedAt }).where('pool_id', '=', g.poolId).where('name', '=', g.name).execute();
  }
  async findGroup(poolId: string, name: string): Promise<GroupRecord | undefined> {
    const r = await this.db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return r && { poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn, precedence: r.precedence, createdAt: r.created_at, updatedAt: r.updated_at };
  }
  async listGroups(poolId: string, afterName: string | undefined, limit: number): Promise<GroupRecord[]> {
    let q = this.db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit);
    if (afterName !== undefined) q = q.where('name', '>', afterName);
    const rows = await q.execute();
    return rows.map((r) => ({ poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn, precedence: r.precedence, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  async deleteGroup(poolId: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  /** Idempotent: adding an existing member changes nothing. */
  async addGroupMember(poolId: string, groupName: string, userSub: string): Promise<void> {
    await this.db.insertInto('group_members').values({ pool_id: poolId, group_name: groupName, user_sub: userSub }).onConflict((oc) => oc.doNothing()).execute();
  }
  async removeGroupMember(poolId: string, groupName: string, userSub: string): Promise<void> {
    await this.db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', groupName).where('user_sub', '=', userSub).execute();
  }
  /** Groups of a user, by name, after `afterName`. */
  async listGroupsOfUser(poolId: string, userSub: string, afterName: string | undefined, limit: number): Promise<GroupRecord[]> {
    let q = this.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (j) => j.onRef('g.pool_id', '=', 'm.pool_id').onRef('g.name', '=', 'm.group_name'))
      .selectAll('g')
      .where('m.pool_id', '=', poolId)
      .where('m.user_sub', '=', userSub)
      .orderBy('g.name')
      .limit(limit);
    if (afterName !== undefined) q = q.where('g.name', '>', afterName);
    const rows = await q.execute();
    return rows.map((r) => ({ poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn, precedence: r.precedence, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  /** Members of a group in user creation order, after user row `afterSeq`. */
  async listUsersInGroup(poolId: string, groupName: string, afterSeq: number | undefined, limit: number): Promise<UserRecord[]> {
    let q = this.db
      .selectFrom('group_members as m')
      .innerJoin('users as u', (j) => j.onRef('u.pool_id', '=', 'm.pool_id').onRef('u.sub', '=', 'm.user_sub'))
      .selectAll('u')
      .where('m.pool_id', '=', poolId)
      .where('m.group_name', '=', groupName)
      .orderBy('u.seq')
      .limit(limit);
    if (afterSeq !== undefined) q = q.where('u.seq', '>', afterSeq);
    const rows = await q.execute();
    return rows.map(toUser);
  }
}
