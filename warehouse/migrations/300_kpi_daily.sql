-- Daily KPI snapshots for trends (written by warehouse/kpi materializeKpiSnapshots, one row per date and scope):
-- company_id '*' is the group; amounts are in `currency` (the reporting currency: every scope is consolidated).
create table if not exists marts.kpi_daily (
  as_of           date not null,
  company_id      varchar not null,
  currency        varchar not null,
  not_due         decimal(18, 2) not null,
  days_1_30       decimal(18, 2) not null,
  days_31_60      decimal(18, 2) not null,
  days_61_90      decimal(18, 2) not null,
  days_over_90    decimal(18, 2) not null,
  unapplied       decimal(18, 2) not null,
  net_ar          decimal(18, 2) not null,
  dso_simple      double,
  dso_countback   double,
  bpdso           double,
  "add"           double,
  cei             double,
  collection_rate double,
  computed_at     timestamp not null,
  primary key (as_of, company_id, currency)
);
