import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

const SYSTEM_SCHEMAS = ['information_schema', 'pg_catalog'];

interface ColumnRow {
  schema_name: string;
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: boolean;
  column_default: string | null;
  comment: string | null;
  is_view: boolean;
}

/** Schemas, tables, views and columns of the current database, from DuckDB's own catalog functions. */
export class DuckDbIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`
      select distinct schema_name as name from duckdb_schemas()
      where database_name = current_database() and schema_name not in (${sql.join(SYSTEM_SCHEMAS)})
      order by 1`.execute(this.#db);
    return rows;
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.schema_name, c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.comment,
             exists (select 1 from duckdb_views() v
                     where v.database_name = c.database_name and v.schema_name = c.schema_name
                       and v.view_name = c.table_name) as is_view
      from duckdb_columns() c
      where c.database_name = current_database() and not c.internal
        and c.schema_name not in (${sql.join(SYSTEM_SCHEMAS)})
      order by c.schema_name, c.table_name, c.column_index`.execute(this.#db);
    const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      if (!options.withInternalKyselyTables && internal.has(row.table_name)) continue;
      const key = `${row.schema_name}.${row.table_name}`;
      let table = tables.get(key);
      if (!table) {
        table = { name: row.table_name, schema: row.schema_name, isView: row.is_view, columns: [] };
        tables.set(key, table);
      }
      table.columns.push({
        name: row.column_name,
        dataType: row.data_type,
        isNullable: row.is_nullable,
        isAutoIncrementing: row.column_default?.startsWith('nextval(') ?? false,
        hasDefaultValue: row.column_default !== null,
        ...(row.comment ? { comment: row.comment } : {}),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
