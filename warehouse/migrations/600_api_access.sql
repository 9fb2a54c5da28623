-- What the API adds to the operational tables (issue [API]): browser sessions, per-customer collection settings set
-- in the application (credit limit and hold, reminder pause), and the payment details the customer portal shows.
-- Same rules as 400_ops_tables.sql: schema ops, reached only through kysely (warehouse/ops/), portable SQL.

-- One row per browser session. Only a SHA-256 of the session token is stored; the CSRF token is compared with the
-- X-CSRF-Token header of every cookie-authenticated write. No foreign key on user_id: DuckDB refuses UPDATE …
-- RETURNING on referenced rows and COPY FROM DATABASE copies children before parents (the user is checked on read).
create table if not exists ops.sessions (
  token_hash   varchar primary key,
  user_id      integer not null,
  csrf_token   varchar not null,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  last_seen_at timestamptz
);

-- Settings of one customer made in the application; a null column keeps what the ledger import says.
-- over_limit_since: when the owner was last alerted that the exposure passed the limit (null: under the limit).
create table if not exists ops.customer_settings (
  customer_id            varchar primary key,
  credit_limit           decimal(18,2) check (credit_limit >= 0),
  credit_hold            boolean not null default false,
  hold_reason            varchar,
  reminders_paused_until date,
  pause_reason           varchar,
  over_limit_since       timestamptz,
  updated_at             timestamptz not null default now(),
  updated_by             varchar not null
);

-- What the customer portal shows under "how to pay", per company.
create table if not exists ops.payment_details (
  company_id  varchar primary key,
  beneficiary varchar not null,
  iban        varchar not null,
  bic         varchar,
  note        varchar,
  updated_at  timestamptz not null default now()
);
