import type { Handler } from './context.ts';
import { untagPool } from '../domain/pools/tags.ts';

export const untagResource: Handler<'UntagResource'> = async (input, ctx) => {
  await untagPool(ctx, input.ResourceArn, input.TagKeys);
  return {};
};
