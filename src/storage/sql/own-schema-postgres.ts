/**
 * PostgreSQL for a database shared with others (other tenants' schemas, other test runs): Kysely's
 * migrator checks for its tables through the dialect's introspector, and Kysely's own PostgreSQL
 * introspector reads the columns of every table of every schema, calling catalog functions on each;
 * a schema someone drops at that moment makes the query fail ("schema … does not exist") and the
 * server's start-up with it. This introspector looks at the connection's own schema only
 * (`current_schema()`, where the server's tables live), with plain catalog reads.
 */
import { PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    return (await sql<{ name: string }>`select current_schema() as name`.execute(this.db)).rows;
  }

  /** Tables and views of the own schema, without their columns (the migrator needs only the names). */
  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm')`.execute(this.db);
    return rows.rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v' || r.kind === 'm', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

export class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}
