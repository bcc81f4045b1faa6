import type { Handler } from './context.ts';
import { describePool } from '../domain/pools/describe-pool.ts';

export const describeUserPool: Handler<'DescribeUserPool'> = async (input, ctx) => ({ UserPool: (await describePool(ctx, input.UserPoolId)) as never });
