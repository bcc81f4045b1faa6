import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { describeImportJob } from '../domain/import/job-lifecycle.ts';

export const describeUserImportJob: Handler<'DescribeUserImportJob'> = async (input, ctx) => ({ UserImportJob: await describeImportJob(ctx, await requirePool(ctx, input.UserPoolId), input.JobId) });
