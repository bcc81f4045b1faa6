import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { updateAttributesAsAdmin } from '../domain/users/admin-attributes.ts';

export const adminUpdateUserAttributes: Handler<'AdminUpdateUserAttributes'> = async (input, ctx) => {
  await updateAttributesAsAdmin(ctx, await requirePool(ctx, input.UserPoolId), input);
  return {};
};
