import type { Handler } from './context.ts';
import { toGroupType } from '../domain/groups/group.ts';
import { updateGroup as update } from '../domain/groups/update-group.ts';

export const updateGroup: Handler<'UpdateGroup'> = async (input, ctx) => ({ Group: toGroupType(await update(ctx, input)) });
