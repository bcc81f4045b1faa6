import type { Handler } from './context.ts';
import { tagPool } from '../domain/pools/tags.ts';

export const tagResource: Handler<'TagResource'> = async (input, ctx) => {
  await tagPool(ctx, input.ResourceArn, input.Tags);
  return {};
};
