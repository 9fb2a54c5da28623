-- Load bookkeeping and the raw layer: every row as loaded, with its lineage (load id, file, line).
-- A row is appended only when its content differs from the current version of the same key,
-- so re-importing identical content changes nothing and corrections keep both versions.
create schema if not exists meta;
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists marts;
create schema if not exists ops;

create sequence if not exists meta.load_seq start 1;

create table if not exists meta.loads (
  load_id      bigint primary key,
  format       varchar not null,            -- canonical | fec
  company_id   varchar,
  files        json not null,               -- [{"path","sha256","rows"}]
  options      json,
  started_at   timestamp not null,
  finished_at  timestamp,
  status       varchar not null,            -- committed (failed loads roll back and leave no row)
  report       json
);

create table if not exists meta.company_settings (
  company_id        varchar primary key,
  name              varchar,
  currency          varchar,
  source_format     varchar,
  unlettered        varchar default 'unapplied', -- unapplied | oldest-first
  default_terms     varchar default '30',
  receivable_prefix varchar default '411'
);

create table if not exists raw.canonical_customers (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  customer_id varchar not null, name varchar not null, country varchar, currency varchar, segment varchar,
  payment_terms varchar, credit_limit decimal(18,2), email varchar, phone varchar, owner varchar, agency varchar,
  group_id varchar, insured boolean, factored boolean, attributes json, row_hash varchar not null
);

create table if not exists raw.canonical_documents (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  company_id varchar not null, document_id varchar not null, customer_id varchar not null,
  type varchar not null, issue_date date not null, due_date date, amount decimal(18,2) not null,
  currency varchar, disputed boolean, delivery varchar, reference varchar, attributes json,
  row_hash varchar not null
);

create table if not exists raw.canonical_payments (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  company_id varchar not null, payment_id varchar not null, customer_id varchar not null,
  date date not null, amount decimal(18,2) not null, currency varchar, method varchar, attributes json,
  row_hash varchar not null
);

create table if not exists raw.canonical_allocations (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  company_id varchar not null, source_id varchar not null, source_type varchar not null,
  document_id varchar not null, amount decimal(18,2) not null, date date not null,
  row_hash varchar not null
);

create table if not exists raw.fx_rates (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  date date not null, currency varchar not null, rate decimal(18,8) not null, row_hash varchar not null
);

-- FEC lines as loaded (one row per line of the file, amounts already decoded).
create table if not exists raw.fec_lines (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  company_id varchar not null, fiscal_year integer not null,
  journal_code varchar, journal_lib varchar, ecriture_num varchar, ecriture_date date,
  compte_num varchar, compte_lib varchar, comp_aux_num varchar, comp_aux_lib varchar,
  piece_ref varchar, piece_date date, ecriture_lib varchar,
  debit decimal(18,2) not null, credit decimal(18,2) not null,
  ecriture_let varchar, date_let date, valid_date date,
  montant_devise decimal(18,2), idevise varchar, extra json, row_hash varchar not null
);

-- Payment terms per customer given with a FEC import (--terms-file), per company.
create table if not exists raw.fec_terms (
  load_id bigint not null, source_file varchar not null, source_line integer not null,
  company_id varchar not null, customer_id varchar not null, name varchar, payment_terms varchar,
  attributes json, row_hash varchar not null
);
