import { CognitoError } from '../errors.ts';
import type { GroupType } from '../../generated/shapes.ts';
import type { GroupRecord, Store } from '../../storage/ports/index.ts';

/** The group, or AWS's `ResourceNotFoundException: Group not found.` */
export async function requireGroup(store: Store, poolId: string, name: string): Promise<GroupRecord> {
  const group = await store.groups.findGroup(poolId, name);
  if (!group) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
  return group;
}

/** AWS GroupType: absent members omitted, dates in epoch seconds. */
export function toGroupType(g: GroupRecord): GroupType {
  const out: GroupType = { GroupName: g.name, UserPoolId: g.poolId };
  if (g.description !== null) out.Description = g.description;
  if (g.roleArn !== null) out.RoleArn = g.roleArn;
  if (g.precedence !== null) out.Precedence = g.precedence;
  out.LastModifiedDate = g.updatedAt / 1000;
  out.CreationDate = g.createdAt / 1000;
  return out;
}
