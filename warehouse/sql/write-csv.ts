import { once } from 'node:events';
import { JsonDuckDBValueConverter, type DuckDBResult } from '@duckdb/node-api';
import { stringify } from 'csv-stringify/sync';

const CSV_OPTIONS = {
  cast: {
    boolean: (value: boolean) => (value ? 'true' : 'false'),
    object: (value: object) => JSON.stringify(value),
  },
};

/**
 * Streams a result as CSV (header row, comma, RFC 4180 quoting) chunk by chunk, so memory stays flat
 * whatever the row count. DECIMAL keeps its exact digits, DATE is YYYY-MM-DD, lists and structs are JSON.
 */
export async function writeCsv(result: DuckDBResult, out: NodeJS.WritableStream): Promise<number> {
  await write(out, stringify([result.deduplicatedColumnNames()], CSV_OPTIONS));
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    await write(out, stringify(chunk.convertRows(JsonDuckDBValueConverter), CSV_OPTIONS));
    rows += chunk.rowCount;
  }
  return rows;
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
