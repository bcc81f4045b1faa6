import type { Handler } from './context.ts';
import { createGroup as create } from '../domain/groups/create-group.ts';
import { toGroupType } from '../domain/groups/group.ts';

export const createGroup: Handler<'CreateGroup'> = async (input, ctx) => ({ Group: toGroupType(await create(ctx, input)) });
