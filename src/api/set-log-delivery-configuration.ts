import type { Handler } from './context.ts';
import { setLogDeliveryConfiguration as set } from '../domain/pool-settings/log-delivery-configuration.ts';

export const setLogDeliveryConfiguration: Handler<'SetLogDeliveryConfiguration'> = async (input, ctx) => ({
  LogDeliveryConfiguration: await set(ctx, input.UserPoolId, input.LogConfigurations),
});
