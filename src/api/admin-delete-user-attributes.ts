import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { deleteAttributesAsAdmin } from '../domain/users/admin-attributes.ts';

export const adminDeleteUserAttributes: Handler<'AdminDeleteUserAttributes'> = async (input, ctx) => {
  await deleteAttributesAsAdmin(ctx, await requirePool(ctx, input.UserPoolId), input);
  return {};
};
