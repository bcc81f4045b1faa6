import type { Handler } from './context.ts';
import type { MutableSettingsInput } from '../domain/pools/pool-config.ts';
import { updatePool } from '../domain/pools/update-pool.ts';

export const updateUserPool: Handler<'UpdateUserPool'> = async (input, ctx) => {
  const { UserPoolId, PoolName, ...settings } = input;
  await updatePool(ctx, UserPoolId, PoolName, settings as unknown as MutableSettingsInput);
  return {};
};
