import type { HandlerTable } from './context.ts';
import { createUserPool } from './create-user-pool.ts';
import { describeUserPool } from './describe-user-pool.ts';

/** Handlers of the user-pool area; src/api/index.ts merges every area's table. */
export const poolsHandlers: HandlerTable = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
};
