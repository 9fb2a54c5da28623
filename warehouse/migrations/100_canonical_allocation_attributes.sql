-- Canonical allocations keep unknown extra columns as attributes, like the other canonical files.
alter table raw.canonical_allocations add column if not exists attributes json;
