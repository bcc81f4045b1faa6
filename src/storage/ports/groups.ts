import type { UserRecord } from './users.ts';

export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Groups and their members. */
export interface GroupsStore {
  insertGroup(g: GroupRecord): Promise<void>;
  updateGroup(g: GroupRecord): Promise<void>;
  findGroup(poolId: string, name: string): Promise<GroupRecord | undefined>;
  listGroups(poolId: string, afterName: string | undefined, limit: number): Promise<GroupRecord[]>;
  deleteGroup(poolId: string, name: string): Promise<boolean>;
  /** Idempotent: adding an existing member changes nothing. */
  addGroupMember(poolId: string, groupName: string, userSub: string): Promise<void>;
  removeGroupMember(poolId: string, groupName: string, userSub: string): Promise<void>;
  /** Groups of a user, by name, after `afterName`. */
  listGroupsOfUser(poolId: string, userSub: string, afterName: string | undefined, limit: number): Promise<GroupRecord[]>;
  /** Members of a group in user creation order, after user row `afterSeq`. */
  listUsersInGroup(poolId: string, groupName: string, afterSeq: number | undefined, limit: number): Promise<UserRecord[]>;
}
