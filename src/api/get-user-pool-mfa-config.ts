import type { Handler } from './context.ts';
import { poolMfaConfig } from '../domain/pools/mfa-config.ts';

export const getUserPoolMfaConfig: Handler<'GetUserPoolMfaConfig'> = async (input, ctx) => poolMfaConfig(ctx, input.UserPoolId);
