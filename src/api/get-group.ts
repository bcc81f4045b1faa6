import type { Handler } from './context.ts';
import { getGroup as get } from '../domain/groups/get-group.ts';
import { toGroupType } from '../domain/groups/group.ts';

export const getGroup: Handler<'GetGroup'> = async (input, ctx) => ({ Group: toGroupType(await get(ctx, input.UserPoolId, input.GroupName)) });
