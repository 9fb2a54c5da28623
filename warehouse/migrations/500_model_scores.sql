-- Scores of the payment-delay model, as dated facts (models/, issue [Models]).
-- customer_scores keeps one row per scoring date, scope and customer: the history of classes and profiles.
-- company_id '*' is the whole group (amounts in the reporting currency); otherwise one company's open items.
create table if not exists marts.customer_scores (
  as_of              date not null,
  company_id         varchar not null,
  customer_id        varchar not null,
  risk_class         varchar not null,   -- A (safest) … E, after any manual override
  model_class        varchar not null,   -- the class the model gave, before any override
  overridden         boolean not null,
  profile            varchar not null,   -- early | on_time | slightly_late | late | chronic_late | disputer | new
  risk_score         double,
  p_late             double,
  p_late_30          double,
  expected_days_late double,
  open_amount        decimal(18,2),
  overdue_amount     decimal(18,2),
  reasons            json,
  model_version      varchar
  -- unique (as_of, company_id, customer_id): kept by the scoring run (delete + insert in one transaction); no index,
  -- DuckDB's index maintenance would dominate the nightly write.
);

-- The latest scoring of each open invoice (replaced at every scoring run; too large to keep every night).
create table if not exists marts.invoice_scores (
  as_of              date not null,
  company_id         varchar not null,
  document_id        varchar not null,
  customer_id        varchar not null,
  currency           varchar,
  open_amount        decimal(18,2),
  days_past_due      integer,
  p_late             double,   -- P(paid after the due date | still open at as_of)
  p_late_30          double,
  expected_days_late double,
  p_on_time double, p_late_1_15 double, p_late_16_30 double, p_late_31_60 double, p_late_61_90 double,
  p_late_over_90 double,
  model_version      varchar
);

-- Weekly expected collections of the open items, dated by the scoring date. week k covers (as_of+7(k-1), as_of+7k].
-- currency '*' = in the reporting currency (company_id '*': the consolidated group); otherwise one company's items
-- in that document currency.
create table if not exists marts.cash_forecast (
  as_of         date not null,
  company_id    varchar not null,
  currency      varchar not null,
  week          integer not null,
  week_start    date not null,
  week_end      date not null,
  expected      decimal(18,2) not null,
  p10           decimal(18,2) not null,
  p50           decimal(18,2) not null,
  p90           decimal(18,2) not null,
  method        varchar not null,       -- model | avg_delay (no trained model yet)
  model_version varchar
  -- unique (as_of, company_id, currency, week), kept by the scoring run
);

-- Manual risk classes (e.g. insolvency proceedings). Append-only: the latest row effective on or before a date wins;
-- a row with risk_class NULL clears the override from its effective date.
create table if not exists ops.risk_overrides (
  customer_id    varchar not null,
  risk_class     varchar,
  reason         varchar not null,
  effective_date date not null,
  set_by         varchar,
  set_at         timestamp not null
);
