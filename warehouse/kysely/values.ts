import {
  DuckDBBlobValue,
  DuckDBTimestampTZValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  bytesFromBlobValue,
  dateFromTimestampMillisecondsValue,
  dateFromTimestampNanosecondsValue,
  dateFromTimestampSecondsValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';

/**
 * How DuckDB values reach kysely callers. Close to node-postgres's defaults (numeric and int8 as strings,
 * json parsed, timestamptz as Date) so a PostgreSQL store can take over the operational tables; DATE differs
 * (pg gives a local-midnight Date), so such a store must register a DATE parser that keeps the string.
 * - DECIMAL, BIGINT, HUGEINT, UBIGINT → string (exact; never a float for money; JSON-safe)
 * - INTEGER, SMALLINT, TINYINT, DOUBLE, FLOAT → number; BOOLEAN → boolean; VARCHAR, UUID, ENUM → string
 * - DATE → 'YYYY-MM-DD' string (no time zone games); TIME → 'HH:MM:SS[.ffffff]'
 * - TIMESTAMPTZ → Date (the instant); TIMESTAMP (no zone) → Date read as UTC
 * - JSON → the parsed value; BLOB → Uint8Array; LIST/ARRAY → array; STRUCT → object; MAP → [{key, value}]
 */
export const convertDuckDbValue: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP_TZ:
      return dateFromTimestampTZValue(value);
    case DuckDBTypeId.TIMESTAMP:
      return dateFromTimestampValue(value);
    case DuckDBTypeId.TIMESTAMP_S:
      return dateFromTimestampSecondsValue(value);
    case DuckDBTypeId.TIMESTAMP_MS:
      return dateFromTimestampMillisecondsValue(value);
    case DuckDBTypeId.TIMESTAMP_NS:
      return dateFromTimestampNanosecondsValue(value);
    case DuckDBTypeId.BLOB:
      return bytesFromBlobValue(value);
    case DuckDBTypeId.VARCHAR:
      return type.alias?.toUpperCase() === 'JSON' ? JSON.parse(String(value)) : String(value);
    default:
      // nested values (lists, structs, maps) come back through `converter`, i.e. through this function
      return JsonDuckDBValueConverter(value, type, converter as unknown as DuckDBValueConverter<Json>);
  }
};

/**
 * How kysely parameters are bound: undefined → NULL; Date → TIMESTAMPTZ; Uint8Array → BLOB;
 * plain objects and arrays → JSON text (for JSON columns; kysely already expands `in (...)` lists);
 * strings, numbers, booleans, bigints and DuckDB value objects as they are. Pass money and dates as
 * strings ('1234.50', '2025-01-31'): DuckDB casts them exactly to the column's DECIMAL or DATE.
 */
export function toDuckDbParam(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot bind a ${typeof value} as a SQL parameter`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('cannot bind an invalid Date as a SQL parameter');
    return new DuckDBTimestampTZValue(BigInt(value.getTime()) * 1000n);
  }
  if (value instanceof Uint8Array) return new DuckDBBlobValue(value);
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) return JSON.stringify(value);
  return value as DuckDBValue;
}

/** A result's columns: names, and types as the result reports them (the only place DuckDB keeps the JSON alias). */
export interface ResultColumns {
  names: readonly string[];
  types: readonly DuckDBType[];
}

export function describeColumns(result: Pick<DuckDBResult, 'columnNames' | 'columnTypes'>): ResultColumns {
  return { names: result.columnNames(), types: result.columnTypes() };
}

/** A chunk's rows as objects keyed by column name (a repeated name keeps the last value), converted as above. */
export function convertChunkRows(chunk: DuckDBDataChunk, columns: ResultColumns): Record<string, unknown>[] {
  const { names, types } = columns;
  return chunk.getRows().map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++)
      row[names[i]!] = convertDuckDbValue(values[i]!, types[i]!, convertDuckDbValue);
    return row;
  });
}
