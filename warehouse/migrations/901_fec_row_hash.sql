-- FEC lines: the content hash becomes DuckDB's 64-bit hash() of the stored values (was 16 hex digits computed in
-- JavaScript). The next import recomputes every stored hash (pipelines/row-hash.ts): the fingerprint is dropped.
alter table raw.fec_lines alter row_hash type ubigint using 0;
delete from meta.row_hash_scheme;
