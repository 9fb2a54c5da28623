-- Canonical raw rows: the content hash becomes DuckDB's 64-bit hash() of the typed values (was an md5 over their text).
-- The values are recomputed by the next canonical import (pipelines/canonical/row-hash.ts), in its transaction, since
-- no fingerprint of the hash function is stored yet.
alter table raw.canonical_customers alter row_hash type ubigint using 0;
alter table raw.canonical_documents alter row_hash type ubigint using 0;
alter table raw.canonical_payments alter row_hash type ubigint using 0;
alter table raw.canonical_allocations alter row_hash type ubigint using 0;
alter table raw.fx_rates alter row_hash type ubigint using 0;

-- The hash function's answer on a fixed probe when the stored hashes were computed (one row).
create table if not exists meta.row_hash_scheme (fingerprint ubigint not null, computed_at timestamp not null);
