import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { INVALID_PAGE_TOKEN_MESSAGE } from '../domain/paging.ts';
import { secretEntriesOf, toDescriptor } from '../domain/pool-settings/client-secrets.ts';

/** Every secret of the app client (at most two, so one page, no NextToken), without the values. */
export const listUserPoolClientSecrets: Handler<'ListUserPoolClientSecrets'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, pool.id, input.ClientId);
  if (input.NextToken !== undefined) throw new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
  return { ClientSecrets: secretEntriesOf(client).map((e) => toDescriptor(e)) };
};
