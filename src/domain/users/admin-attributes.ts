/** An administrator writing a user's attributes: AdminUpdateUserAttributes, AdminDeleteUserAttributes. */
import type { RequestContext } from '../context.ts';
import type { AdminDeleteUserAttributesRequest, AdminUpdateUserAttributesRequest } from '../../generated/shapes.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { CODE_TTL_MS, CodePurpose, issueCode } from '../messaging/codes.ts';
import { deliverMessage } from '../messaging/deliver.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { applyAttributeWrites, deleteAttributes, validateAttributeDeletes, validateAttributeWrites } from './attributes.ts';
import { requireUser } from './resolve.ts';
import { saveUserChecked } from './write.ts';

/**
 * AdminUpdateUserAttributes. An empty value deletes the attribute. Changing email / phone_number
 * marks it unverified unless the request also sets `*_verified`; when the attribute is
 * auto-verified in the pool a verification code is sent to the new value (as AWS documents).
 * Aliases follow the new values; one another user holds answers `AliasExistsException`.
 */
export async function updateAttributesAsAdmin(ctx: RequestContext, pool: PoolRecord, input: AdminUpdateUserAttributesRequest): Promise<void> {
  const { deps } = ctx;
  const user = await requireUser(deps.store, pool, input.Username);
  const writes = validateAttributeWrites(pool, input.UserAttributes, { mode: 'update', admin: true });
  const applied = applyAttributeWrites(user.attributes, writes);
  const t = deps.now();
  user.attributes = applied.attributes;
  user.updatedAt = t;
  await saveUserChecked(deps.store, pool, user, { now: t });

  const autoVerified = poolConfigOf(pool).AutoVerifiedAttributes ?? [];
  for (const contact of applied.changedContacts) {
    if (user.attributes[`${contact}_verified`] === 'true' || !autoVerified.includes(contact)) continue;
    const code = await issueCode(deps.store, user, CodePurpose.verifyAttribute(contact), CODE_TTL_MS.VERIFY_ATTRIBUTE, deps);
    await deliverMessage(deps, pool, user, { kind: 'UPDATE_ATTRIBUTE', channel: contact === 'email' ? 'EMAIL' : 'SMS', code, log: ctx.log });
  }
}

/** AdminDeleteUserAttributes: `sub`, required and immutable attributes cannot be deleted; aliases follow. */
export async function deleteAttributesAsAdmin(ctx: RequestContext, pool: PoolRecord, input: AdminDeleteUserAttributesRequest): Promise<void> {
  const { deps } = ctx;
  const user = await requireUser(deps.store, pool, input.Username);
  const names = validateAttributeDeletes(pool, input.UserAttributeNames, { admin: true });
  const t = deps.now();
  user.attributes = deleteAttributes(user.attributes, names);
  user.updatedAt = t;
  await saveUserChecked(deps.store, pool, user, { now: t });
}
