import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { LOG_DELIVERY_SETTING, logConfigurationsFrom } from '../domain/pool-settings/log-delivery.ts';

/** Replaces the pool's log export settings (an empty list removes them). Stored and returned; no logs are exported. */
export const setLogDeliveryConfiguration: Handler<'SetLogDeliveryConfiguration'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const configurations = logConfigurationsFrom(pool, input.LogConfigurations);
  const now = ctx.deps.now();
  if (configurations.length === 0) await ctx.deps.store.settings.deletePoolSetting(pool.id, LOG_DELIVERY_SETTING, '');
  else await ctx.deps.store.settings.putPoolSetting({ poolId: pool.id, kind: LOG_DELIVERY_SETTING, clientId: '', value: { LogConfigurations: configurations }, createdAt: now, updatedAt: now });
  return { LogDeliveryConfiguration: { UserPoolId: pool.id, LogConfigurations: configurations } };
};
