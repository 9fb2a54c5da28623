-- What the API needs to serve a stored forecast as is (api/routes/models.ts, GET /api/forecast): each series' open
-- amount and what falls beyond the horizon, the promises the run applied, and the markers of the data it was computed
-- from (the last load, and ops.promises as readStoredForecast compares them): a load or a promise after the run makes
-- the stored forecast out of date. Rows of earlier runs keep NULLs and are recomputed instead.
alter table marts.cash_forecast add column if not exists open_amount decimal(18,2);
alter table marts.cash_forecast add column if not exists beyond decimal(18,2);
alter table marts.cash_forecast add column if not exists promises integer;
alter table marts.cash_forecast add column if not exists load_id bigint;
alter table marts.cash_forecast add column if not exists promises_marker varchar;
