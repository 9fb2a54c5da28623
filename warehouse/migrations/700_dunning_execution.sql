-- What the reminder engine's execution adds to the operational tables (issue [Reminders]). Same rules as
-- 400_ops_tables.sql: schema ops, reached only through kysely (warehouse/ops/), portable SQL.

-- The dunning log row of a send (ops.dunning_log, one per idempotency key) gains the scenario, the plan's date and
-- the amount; the invoices it covered are listed in dunning_log_documents (the plan's "already had this step").
alter table ops.dunning_log add column if not exists scenario varchar;
alter table ops.dunning_log add column if not exists as_of date;
alter table ops.dunning_log add column if not exists amount decimal(18,2);
alter table ops.dunning_log add column if not exists currency varchar;

create table if not exists ops.dunning_log_documents (
  idempotency_key varchar not null,
  company_id      varchar not null,
  customer_id     varchar not null,
  document_id     varchar not null,
  step            varchar not null,
  primary key (idempotency_key, document_id)
);

-- Call tasks of `call` steps: the collectors' worklist, ranked by cash at stake (overdue amount × P(late > 30)).
create sequence if not exists ops.call_tasks_id_seq;
create table if not exists ops.call_tasks (
  id              integer primary key default nextval('ops.call_tasks_id_seq'),
  idempotency_key varchar not null unique,
  company_id      varchar not null,
  customer_id     varchar not null,
  step            varchar not null,
  due_date        date not null,
  overdue_amount  decimal(18,2) not null,
  currency        varchar not null,
  p_late_30       double,
  cash_at_stake   decimal(18,2) not null,
  documents       json not null default '[]',
  status          varchar not null default 'open' check (status in ('open', 'done', 'cancelled')),
  outcome         varchar,
  created_at      timestamptz not null default now(),
  done_at         timestamptz,
  done_by         varchar
);

-- Engine-wide switches: one row (id = 1). Quiet days: no send on these ISO weekdays (6 = Saturday, 7 = Sunday)
-- nor on the listed dates; the cap stops a run that would send more than max_messages_per_run (an alert instead).
create table if not exists ops.dunning_controls (
  id                   integer primary key check (id = 1),
  paused               boolean not null default false,
  pause_reason         varchar,
  max_messages_per_run integer not null default 500 check (max_messages_per_run > 0),
  quiet_weekdays       json not null default '[6, 7]',
  quiet_dates          json not null default '[]',
  updated_at           timestamptz not null default now(),
  updated_by           varchar not null default 'system'
);
insert into ops.dunning_controls (id) values (1) on conflict do nothing;
