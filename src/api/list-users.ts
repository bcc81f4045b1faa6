import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { listUsers as listUsersOfPool } from '../domain/users/list-users.ts';

/** ListUsers: Limit (absent or 0 ⇒ 60) users at a time, filtered, with a PaginationToken. */
export const listUsers: Handler<'ListUsers'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const users = await listUsersOfPool(ctx.deps, pool, { filter: input.Filter, attributesToGet: input.AttributesToGet, limit: input.Limit, token: input.PaginationToken });
  return { Users: users.items, ...(users.nextToken !== undefined ? { PaginationToken: users.nextToken } : {}) };
};
