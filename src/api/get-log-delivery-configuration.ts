import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { LOG_DELIVERY_SETTING } from '../domain/pool-settings/log-delivery.ts';
import type { LogConfigurationType } from '../generated/shapes.ts';

export const getLogDeliveryConfiguration: Handler<'GetLogDeliveryConfiguration'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const setting = await ctx.deps.store.settings.findPoolSetting(pool.id, LOG_DELIVERY_SETTING, '');
  const configurations = (setting?.value['LogConfigurations'] ?? []) as LogConfigurationType[];
  return { LogDeliveryConfiguration: { UserPoolId: pool.id, LogConfigurations: configurations } };
};
