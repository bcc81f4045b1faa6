import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { mfaConfigOf } from '../domain/mfa/pool-mfa.ts';

/** GetUserPoolMfaConfig: MfaConfiguration and the factor blocks the pool has. */
export const getUserPoolMfaConfig: Handler<'GetUserPoolMfaConfig'> = async (input, ctx) => mfaConfigOf(await requirePool(ctx, input.UserPoolId));
