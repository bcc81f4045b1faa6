import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { describeUser } from '../domain/users/admin-account.ts';

/** AdminGetUser: by Username, sub or sign-in alias. */
export const adminGetUser: Handler<'AdminGetUser'> = async (input, ctx) => describeUser(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username);
