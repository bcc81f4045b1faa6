import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { setUserPassword } from '../domain/users/admin-passwords.ts';

export const adminSetUserPassword: Handler<'AdminSetUserPassword'> = async (input, ctx) => {
  await setUserPassword(ctx, await requirePool(ctx, input.UserPoolId), input);
  return {};
};
