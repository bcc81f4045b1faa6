import type { Handler } from './context.ts';
import { setRiskConfiguration as set } from '../domain/pool-settings/set-risk-configuration.ts';

export const setRiskConfiguration: Handler<'SetRiskConfiguration'> = async (input, ctx) => ({ RiskConfiguration: await set(ctx, input) });
