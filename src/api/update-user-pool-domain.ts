import type { Handler } from './context.ts';
import { toDomainChangeResponse } from '../domain/pool-domains/pool-domain.ts';
import { updatePoolDomain } from '../domain/pool-domains/update-domain.ts';

export const updateUserPoolDomain: Handler<'UpdateUserPoolDomain'> = async (input, ctx) => toDomainChangeResponse(await updatePoolDomain(ctx, input));
