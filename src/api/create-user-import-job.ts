import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { createImportJob } from '../domain/import/job-lifecycle.ts';

export const createUserImportJob: Handler<'CreateUserImportJob'> = async (input, ctx) => ({ UserImportJob: await createImportJob(ctx, await requirePool(ctx, input.UserPoolId), input) });
