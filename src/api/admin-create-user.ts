import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { createUser } from '../domain/users/create-user.ts';

export const adminCreateUser: Handler<'AdminCreateUser'> = async (input, ctx) => createUser(ctx, await requirePool(ctx, input.UserPoolId), input);
