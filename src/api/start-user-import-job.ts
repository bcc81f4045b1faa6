import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { startImportJob } from '../domain/import/job-lifecycle.ts';

export const startUserImportJob: Handler<'StartUserImportJob'> = async (input, ctx) => ({ UserImportJob: await startImportJob(ctx, await requirePool(ctx, input.UserPoolId), input.JobId) });
