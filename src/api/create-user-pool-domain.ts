import type { Handler } from './context.ts';
import { createPoolDomain } from '../domain/pool-domains/create-domain.ts';
import { toDomainChangeResponse } from '../domain/pool-domains/pool-domain.ts';

export const createUserPoolDomain: Handler<'CreateUserPoolDomain'> = async (input, ctx) => toDomainChangeResponse(await createPoolDomain(ctx, input));
