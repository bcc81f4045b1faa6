import type { Handler } from './context.ts';
import { describeCaller } from '../domain/auth/profile.ts';

export const getUser: Handler<'GetUser'> = (input, ctx) => describeCaller(ctx, input.AccessToken);
