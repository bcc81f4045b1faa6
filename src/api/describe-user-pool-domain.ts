import type { Handler } from './context.ts';
import { findPoolDomain } from '../domain/pool-domains/describe-domain.ts';
import { toDomainDescription } from '../domain/pool-domains/pool-domain.ts';

/** An unknown domain is not an error: AWS answers an empty DomainDescription. */
export const describeUserPoolDomain: Handler<'DescribeUserPoolDomain'> = async (input, ctx) => {
  const d = await findPoolDomain(ctx, input.Domain);
  return { DomainDescription: d === undefined ? {} : toDomainDescription(ctx, d) };
};
