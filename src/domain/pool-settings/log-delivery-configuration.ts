/** SetLogDeliveryConfiguration and GetLogDeliveryConfiguration (the rules are in log-delivery.ts). */
import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { LOG_DELIVERY_SETTING, logConfigurationsFrom } from './log-delivery.ts';
import type { LogConfigurationType, LogDeliveryConfigurationType } from '../../generated/shapes.ts';

/** Replaces the pool's log export settings (an empty list removes them). Stored and returned; no logs are exported. */
export async function setLogDeliveryConfiguration(ctx: RequestContext, poolId: string, input: LogConfigurationType[]): Promise<LogDeliveryConfigurationType> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, poolId);
  const configurations = logConfigurationsFrom(pool, input);
  const now = ctx.deps.now();
  if (configurations.length === 0) await store.settings.deletePoolSetting(pool.id, LOG_DELIVERY_SETTING, '');
  else await store.settings.putPoolSetting({ poolId: pool.id, kind: LOG_DELIVERY_SETTING, clientId: '', value: { LogConfigurations: configurations }, createdAt: now, updatedAt: now });
  return { UserPoolId: pool.id, LogConfigurations: configurations };
}

export async function logDeliveryConfigurationOf(ctx: RequestContext, poolId: string): Promise<LogDeliveryConfigurationType> {
  const pool = await requirePool(ctx.deps.store, poolId);
  const setting = await ctx.deps.store.settings.findPoolSetting(pool.id, LOG_DELIVERY_SETTING, '');
  return { UserPoolId: pool.id, LogConfigurations: (setting?.value['LogConfigurations'] ?? []) as LogConfigurationType[] };
}
