import type { Handler } from './context.ts';
import { profileCallOf } from './auth-common.ts';
import { changeOwnPassword } from '../domain/auth/profile.ts';

export const changePassword: Handler<'ChangePassword'> = async (input, ctx) => {
  const { call, user } = await profileCallOf(ctx, input.AccessToken);
  await changeOwnPassword(call, user, input.PreviousPassword, input.ProposedPassword);
  return {};
};
