import type { Handler } from './context.ts';
import { logDeliveryConfigurationOf } from '../domain/pool-settings/log-delivery-configuration.ts';

export const getLogDeliveryConfiguration: Handler<'GetLogDeliveryConfiguration'> = async (input, ctx) => ({ LogDeliveryConfiguration: await logDeliveryConfigurationOf(ctx, input.UserPoolId) });
