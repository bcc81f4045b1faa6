import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { confirmUserSignUp } from '../domain/users/admin-account.ts';

export const adminConfirmSignUp: Handler<'AdminConfirmSignUp'> = async (input, ctx) => {
  await confirmUserSignUp(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username, input.ClientMetadata);
  return {};
};
