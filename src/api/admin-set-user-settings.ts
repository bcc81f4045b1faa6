import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { requireUser } from '../domain/users/resolve.ts';

/**
 * AdminSetUserSettings (deprecated legacy SMS MFA): `[{DeliveryMedium:"SMS",
 * AttributeName:"phone_number"}]` turns it on, `[]` off; shown by AdminGetUser as `MFAOptions`.
 * EMAIL, or any attribute but phone_number, is refused.
 */
export const adminSetUserSettings: Handler<'AdminSetUserSettings'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  for (const option of input.MFAOptions) {
    if (option.DeliveryMedium !== 'SMS') throw new CognitoError('InvalidParameterException', 'Only SMS is supported as the delivery medium of MFAOptions.');
    if (option.AttributeName !== undefined && option.AttributeName !== 'phone_number') {
      throw new CognitoError('InvalidParameterException', 'Only phone_number is supported as the attribute of MFAOptions.');
    }
  }
  user.mfaOptions = input.MFAOptions.length > 0 ? [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] : null;
  user.updatedAt = now();
  await store.users.updateUser(user);
  return {};
};
