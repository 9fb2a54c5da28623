-- Operational tables: what people and workflows write (users, access, comments, promises, disputes, dunning, audit).
-- Reached only through kysely (warehouse/ops/), so a PostgreSQL store can take them over later: the SQL below
-- sticks to what both engines accept (sequences with nextval defaults, timestamptz, json, check constraints).
-- Ids are INTEGER (JS numbers). Actors are text: 'user:<id>', 'portal:<customer_id>' or 'system'.
create schema if not exists ops;

create sequence if not exists ops.users_id_seq;
create table if not exists ops.users (
  id            integer primary key default nextval('ops.users_id_seq'),
  email         varchar not null unique,          -- stored lower-case
  name          varchar not null,
  role          varchar not null check (role in ('admin', 'user', 'viewer', 'analyst')),
  password_hash varchar,                          -- scrypt; null until a password is set
  disabled      boolean not null default false,
  created_at    timestamptz not null default now()
);

create sequence if not exists ops.portfolios_id_seq;
create table if not exists ops.portfolios (
  id         integer primary key default nextval('ops.portfolios_id_seq'),
  name       varchar not null unique,
  created_at timestamptz not null default now()
);

create table if not exists ops.portfolio_customers (
  portfolio_id integer not null references ops.portfolios (id),
  customer_id  varchar not null,
  primary key (portfolio_id, customer_id)
);

-- One row per grant; a user with no row sees everything their role allows. Null columns do not restrict.
create sequence if not exists ops.user_scopes_id_seq;
create table if not exists ops.user_scopes (
  id           integer primary key default nextval('ops.user_scopes_id_seq'),
  user_id      integer not null references ops.users (id),
  portfolio_id integer references ops.portfolios (id),
  company_id   varchar,
  agency       varchar
);

create sequence if not exists ops.api_tokens_id_seq;
create table if not exists ops.api_tokens (
  id           integer primary key default nextval('ops.api_tokens_id_seq'),
  user_id      integer not null references ops.users (id),
  token_hash   varchar not null unique,
  created_at   timestamptz not null default now(),
  last_used_at timestamptz
);

create sequence if not exists ops.comments_id_seq;
create table if not exists ops.comments (
  id          integer primary key default nextval('ops.comments_id_seq'),
  company_id  varchar not null,
  customer_id varchar not null,
  document_id varchar,                            -- null: about the customer as a whole
  author_id   integer not null references ops.users (id),
  body        varchar not null,
  mentions    json not null default '[]',         -- user ids mentioned with @
  created_at  timestamptz not null default now()
);

create sequence if not exists ops.notifications_id_seq;
create table if not exists ops.notifications (
  id         integer primary key default nextval('ops.notifications_id_seq'),
  user_id    integer not null references ops.users (id),
  kind       varchar not null,                    -- mention | credit_hold | promise_due | dispute | …
  entity     varchar not null,                    -- what it is about: comment, customer, promise, dispute …
  entity_id  varchar not null,
  message    varchar not null,
  created_at timestamptz not null default now(),
  read_at    timestamptz
);

create sequence if not exists ops.promises_id_seq;
create table if not exists ops.promises (
  id            integer primary key default nextval('ops.promises_id_seq'),
  company_id    varchar not null,
  customer_id   varchar not null,
  document_ids  json not null default '[]',       -- the invoices it covers; [] = the customer's balance
  amount        decimal(18,2) not null check (amount > 0),
  promised_date date not null,
  status        varchar not null default 'open' check (status in ('open', 'kept', 'broken', 'cancelled')),
  created_by    varchar not null,
  created_at    timestamptz not null default now()
);

create sequence if not exists ops.disputes_id_seq;
create table if not exists ops.disputes (
  id          integer primary key default nextval('ops.disputes_id_seq'),
  company_id  varchar not null,
  customer_id varchar not null,
  document_id varchar not null,
  reason      varchar not null,
  status      varchar not null default 'open' check (status in ('open', 'resolved', 'rejected')),
  opened_at   timestamptz not null default now(),
  resolved_at timestamptz
);

-- One row per reminder send, written as 'intent' before the send and updated after: a retry that finds the
-- key never sends twice; 'ambiguous' = the send may or may not have happened (checked before any retry).
create table if not exists ops.dunning_log (
  idempotency_key varchar primary key,
  company_id      varchar not null,
  customer_id     varchar not null,
  step            varchar not null,
  channel         varchar not null check (channel in ('email', 'letter', 'call')),
  status          varchar not null check (status in ('intent', 'sent', 'failed', 'ambiguous')),
  created_at      timestamptz not null default now(),
  sent_at         timestamptz,
  detail          json
);

-- Append-only: the query layer only inserts and reads (warehouse/ops/audit.queries.ts).
create sequence if not exists ops.audit_log_id_seq;
create table if not exists ops.audit_log (
  id        integer primary key default nextval('ops.audit_log_id_seq'),
  "at"      timestamptz not null default now(),
  actor     varchar not null,
  action    varchar not null,                     -- create | update | delete | login | …
  entity    varchar not null,                     -- table or concept: user, promise, dispute …
  entity_id varchar,
  before    json,
  after     json
);
