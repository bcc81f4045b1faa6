import type { Handler } from './context.ts';
import { deleteCaller } from '../domain/auth/profile.ts';

export const deleteUser: Handler<'DeleteUser'> = async (input, ctx) => {
  await deleteCaller(ctx.deps, input.AccessToken);
  return {};
};
