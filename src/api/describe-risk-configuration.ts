import type { Handler } from './context.ts';
import { riskConfigurationOf } from '../domain/pool-settings/describe-risk-configuration.ts';

export const describeRiskConfiguration: Handler<'DescribeRiskConfiguration'> = async (input, ctx) => ({ RiskConfiguration: await riskConfigurationOf(ctx, input.UserPoolId, input.ClientId) });
