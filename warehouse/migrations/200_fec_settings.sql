-- FEC import settings per company that meta.company_settings does not hold: which journals are sales journals
-- (a credit there is a credit note) and which are opening journals ("à nouveaux"). NULL = the built-in guess.
create table if not exists meta.fec_settings (
  company_id       varchar primary key,
  sales_journals   varchar[],
  opening_journals varchar[]
);
