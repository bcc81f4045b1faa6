import type { Handler } from './context.ts';
import { changeOwnPassword } from '../domain/auth/profile.ts';

export const changePassword: Handler<'ChangePassword'> = async (input, ctx) => {
  await changeOwnPassword(ctx, input.AccessToken, input.PreviousPassword, input.ProposedPassword);
  return {};
};
