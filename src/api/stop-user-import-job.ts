import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { stopImportJob } from '../domain/import/job-lifecycle.ts';

export const stopUserImportJob: Handler<'StopUserImportJob'> = async (input, ctx) => ({ UserImportJob: await stopImportJob(ctx, await requirePool(ctx, input.UserPoolId), input.JobId) });
