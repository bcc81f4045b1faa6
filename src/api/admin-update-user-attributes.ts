import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { applyAttributeWrites, validateAttributeWrites } from '../domain/users/attributes.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { saveUserChecked } from '../domain/users/write.ts';
import { CODE_TTL_MS, CodePurpose, issueCode } from '../domain/messaging/codes.ts';
import { deliverMessage } from '../domain/messaging/deliver.ts';

/**
 * AdminUpdateUserAttributes. An empty value deletes the attribute. Changing email / phone_number
 * marks it unverified unless the request also sets `*_verified`; when the attribute is
 * auto-verified in the pool a verification code is sent to the new value (as AWS documents).
 * Aliases follow the new values; one another user holds answers `AliasExistsException`.
 */
export const adminUpdateUserAttributes: Handler<'AdminUpdateUserAttributes'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const writes = validateAttributeWrites(pool, input.UserAttributes, { mode: 'update', admin: true });
  const applied = applyAttributeWrites(user.attributes, writes);
  const t = now();
  user.attributes = applied.attributes;
  user.updatedAt = t;
  await saveUserChecked(store, pool, user, { now: t });

  const autoVerified = poolConfigOf(pool).AutoVerifiedAttributes ?? [];
  for (const contact of applied.changedContacts) {
    if (user.attributes[`${contact}_verified`] === 'true' || !autoVerified.includes(contact)) continue;
    const code = await issueCode(store, user, CodePurpose.verifyAttribute(contact), CODE_TTL_MS.VERIFY_ATTRIBUTE, ctx.deps);
    await deliverMessage(ctx.deps, pool, user, { kind: 'UPDATE_ATTRIBUTE', channel: contact === 'email' ? 'EMAIL' : 'SMS', code, log: ctx.log });
  }
  return {};
};
