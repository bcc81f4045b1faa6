import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { resetUserPassword } from '../domain/users/admin-passwords.ts';

export const adminResetUserPassword: Handler<'AdminResetUserPassword'> = async (input, ctx) => {
  await resetUserPassword(ctx, await requirePool(ctx, input.UserPoolId), input.Username);
  return {};
};
