import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';

/**
 * Writes a streamed result to a Parquet file. The analyst instance cannot write files, so the chunks are
 * appended into a table of a second, private in-memory instance that never sees the analyst's SQL: it runs
 * only the statements below, may write to `path` and nowhere else (allowed_paths with external access off),
 * and its configuration is locked before any data arrives.
 */
export async function writeParquet(result: DuckDBResult, path: string, memoryLimit = '2GB'): Promise<number> {
  const target = resolve(path);
  const spill = mkdtempSync(join(tmpdir(), 'encours-parquet-'));
  const writer = await DuckDBInstance.create(':memory:', {
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    memory_limit: memoryLimit,
    temp_directory: spill,
  });
  const connection = await writer.connect();
  try {
    // list-valued settings cannot be given at creation, hence SET, before anything else runs
    await connection.run(`set allowed_paths = [${quoteString(target)}]`);
    await connection.run('set enable_external_access = false');
    await connection.run('set lock_configuration = true');
    const names = result.deduplicatedColumnNames();
    const types = result.columnTypes();
    const columns = names.map((name, i) => `${quoteIdentifier(name)} ${typeSql(types[i]!)}`);
    await connection.run(`create table result (${columns.join(', ')})`);
    const appender = await connection.createAppender('result');
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      appender.appendDataChunk(chunk);
      rows += chunk.rowCount;
    }
    appender.closeSync();
    await connection.run(`copy result to ${quoteString(target)} (format parquet)`);
    return rows;
  } finally {
    connection.closeSync();
    writer.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}

function typeSql(type: DuckDBType): string {
  return type.alias?.toUpperCase() === 'JSON' ? 'JSON' : type.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
