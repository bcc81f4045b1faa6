import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * User import jobs (CreateUserImportJob … StopUserImportJob) and the per-row outcome log.
 *
 * A job's progress (`offset_bytes`, `line_number`, counts) is written in the same transaction as
 * each batch of imported users, so a restarted server resumes exactly after the last committed
 * batch: never half a batch, never a row twice. `runner_id` / `heartbeat_at` say which process is
 * running the job, so several nodes (or the CLI beside a server) never run one job twice.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cloudwatch_logs_role_arn', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('imported_users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('completion_message', 'text')
    /** The CSV to read: an operator's file (CLI jobs); null = the uploaded file in the data dir. */
    .addColumn('file_path', 'text')
    .addColumn('uploaded_at', 'bigint')
    .addColumn('uploaded_bytes', 'bigint')
    /** Byte offset just after the last committed row, and that row's line number (header = line 1). */
    .addColumn('offset_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('line_number', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('runner_id', 'text')
    .addColumn('heartbeat_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_jobs_pool').on('import_jobs').columns(['pool_id', 'created_at', 'job_id']).execute();
  await db.schema.createIndex('import_jobs_status').on('import_jobs').columns(['status']).execute();

  await db.schema
    .createTable('import_job_log')
    .addColumn('job_id', 'text', (c) => c.notNull().references('import_jobs.job_id').onDelete('cascade'))
    .addColumn('line_number', 'bigint', (c) => c.notNull())
    /** FAILED or SKIPPED (imported rows are only counted). */
    .addColumn('outcome', 'text', (c) => c.notNull())
    /** Why; never user data (as CloudWatch's import log). */
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_job_log_pk', ['job_id', 'line_number'])
    .execute();
}
