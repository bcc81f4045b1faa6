import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { jobView, requireImportJob } from './import-common.ts';

export const describeUserImportJob: Handler<'DescribeUserImportJob'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const job = await requireImportJob(ctx, pool.id, input.JobId);
  return { UserImportJob: jobView(ctx, job) };
};
