import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { deleteAttributes, validateAttributeDeletes } from '../domain/users/attributes.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { saveUserChecked } from '../domain/users/write.ts';

/** AdminDeleteUserAttributes: `sub`, required and immutable attributes cannot be deleted; aliases follow. */
export const adminDeleteUserAttributes: Handler<'AdminDeleteUserAttributes'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const names = validateAttributeDeletes(pool, input.UserAttributeNames, { admin: true });
  const t = now();
  user.attributes = deleteAttributes(user.attributes, names);
  user.updatedAt = t;
  await saveUserChecked(store, pool, user, { now: t });
  return {};
};
