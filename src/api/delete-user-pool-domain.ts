import type { Handler } from './context.ts';
import { deletePoolDomain } from '../domain/pool-domains/delete-domain.ts';

export const deleteUserPoolDomain: Handler<'DeleteUserPoolDomain'> = async (input, ctx) => {
  await deletePoolDomain(ctx, input.UserPoolId, input.Domain);
  return {};
};
