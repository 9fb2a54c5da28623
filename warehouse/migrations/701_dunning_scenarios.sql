-- Reminder scenarios and their assignment (issue [Reminders], docs/reminders.md). Same rules as 400_ops_tables.sql:
-- schema ops, reached only through kysely (warehouse/ops/dunning-scenarios.queries.ts), portable SQL.

-- One row per scenario; `definition` is the whole Scenario (workflows/dunning/types.ts), validated before it is
-- written (workflows/dunning/scenarios/validate.ts). builtin: shipped with encours (seeded when the table is empty).
create table if not exists ops.dunning_scenarios (
  id         varchar primary key,
  definition json not null,
  builtin    boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by varchar not null
);

-- Assignment rules: the rule with the lowest priority whose non-null matchers all hold gives the scenario of a
-- (company, customer). A rule with no matcher matches everyone (the fallback). risk_overridden matches customers
-- whose risk class was set by hand (ops.risk_overrides, e.g. insolvency proceedings).
create table if not exists ops.dunning_rules (
  id              varchar primary key,
  priority        integer not null,
  scenario_id     varchar not null,
  profile         varchar,
  risk_class      varchar,
  risk_overridden boolean,
  segment         varchar,
  company_id      varchar,
  updated_at      timestamptz not null default now(),
  updated_by      varchar not null
);

-- The per-customer override: a scenario chosen by hand, with the reason shown in the plan.
alter table ops.customer_settings add column if not exists scenario_id varchar;
alter table ops.customer_settings add column if not exists scenario_reason varchar;
