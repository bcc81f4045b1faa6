import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { tokensFromRefreshToken } from '../domain/auth/refresh.ts';

export const getTokensFromRefreshToken: Handler<'GetTokensFromRefreshToken'> = async (input, ctx) => tokensFromRefreshToken(await publicAuthCall(ctx, input.ClientId), input);
