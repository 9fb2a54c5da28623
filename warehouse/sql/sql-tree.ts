/** What the guard needs from DuckDB's serialized parse tree (json_serialize_sql). */
export interface TreeReferences {
  /** Functions used as a FROM source: read_csv(...), aging(...). */
  tableFunctions: Reference[];
  /** Every other function call. */
  functions: Reference[];
  /** Named tables and views: core.documents, 'file.csv'. */
  tables: (Reference & { schema: string; catalog: string })[];
}

export interface Reference {
  name: string;
  /** Character offset in the query text, when DuckDB knows it. */
  offset: number | undefined;
}

type Node = Record<string, unknown>;

/** Walks every node of the tree (CTEs, subqueries, joins, set operations, SHOW/DESCRIBE) collecting references. */
export function collectReferences(statements: unknown): TreeReferences {
  const found: TreeReferences = { tableFunctions: [], functions: [], tables: [] };
  const tableFunctionNodes = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'TABLE_FUNCTION' && isNode(node.function)) {
      tableFunctionNodes.add(node.function);
      found.tableFunctions.push(reference(node.function, node.function.function_name));
    } else if (node.class === 'FUNCTION' && !tableFunctionNodes.has(node)) {
      found.functions.push(reference(node, node.function_name));
    } else if (node.type === 'BASE_TABLE') {
      found.tables.push({
        ...reference(node, node.table_name),
        schema: String(node.schema_name ?? ''),
        catalog: String(node.catalog_name ?? ''),
      });
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(statements);
  return found;
}

function isNode(value: unknown): value is Node {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function reference(node: Node, name: unknown): Reference {
  const location = node.query_location;
  const offset = typeof location === 'number' && location < 2 ** 32 ? location : undefined;
  return { name: String(name ?? '').toLowerCase(), offset };
}

/** 1-based line and column of a character offset. */
export function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
