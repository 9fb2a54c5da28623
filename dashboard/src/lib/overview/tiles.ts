// The overview's KPI tiles: which figure of /api/kpi each shows (its key path, data-kpi), how it is formatted, its
// sparkline from the daily snapshots, and its change over 30 days (exact for money: integer cents).
import { formatCents, sumAmounts, toCents } from '$lib/cents.js';
import { shiftDate } from '$lib/filters.js';
import { formatMoney, formatNumber, formatPercent } from '$lib/format.js';
import { t, type MessageKey } from '$lib/i18n/locale.svelte.js';
import { OVERDUE_BUCKETS, type KpiReport, type KpiTrendPoint } from '$lib/types.js';

export interface TileModel {
  kpi: string;
  label: string;
  value: string;
  raw: number | string | null;
  hint: string;
  title?: string;
  trend: { date: Date; value: number | null }[];
  delta?: string;
  good?: boolean | null;
}

interface TileSpec {
  kpi: string;
  label: MessageKey;
  hint: MessageKey;
  kind: 'money' | 'days' | 'percent';
  /** Is a rise good news (true), bad news (false) or neither (null)? */
  riseIsGood: boolean | null;
  read: (k: KpiReport) => number | string | null;
  readTrend: (p: KpiTrendPoint) => number | string | null;
}

export const TILE_SPECS: readonly TileSpec[] = [
  {
    kpi: 'aging.net_ar',
    label: 'kpi.netAr',
    hint: 'kpi.netArHint',
    kind: 'money',
    riseIsGood: null,
    read: (k) => k.aging.net_ar,
    readTrend: (p) => p.net_ar,
  },
  {
    kpi: 'overdue',
    label: 'kpi.overdue',
    hint: 'kpi.overdueHint',
    kind: 'money',
    riseIsGood: false,
    read: (k) => sumAmounts(OVERDUE_BUCKETS.map((b) => k.aging[b])),
    readTrend: (p) => p.overdue,
  },
  {
    kpi: 'dso.simple',
    label: 'kpi.dsoSimple',
    hint: 'kpi.dsoSimpleHint',
    kind: 'days',
    riseIsGood: false,
    read: (k) => k.dso.simple,
    readTrend: (p) => p.dso_simple,
  },
  {
    kpi: 'dso.countback',
    label: 'kpi.dsoCountback',
    hint: 'kpi.dsoCountbackHint',
    kind: 'days',
    riseIsGood: false,
    read: (k) => k.dso.countback,
    readTrend: (p) => p.dso_countback,
  },
  {
    kpi: 'bpdso',
    label: 'kpi.bpdso',
    hint: 'kpi.bpdsoHint',
    kind: 'days',
    riseIsGood: null,
    read: (k) => k.bpdso,
    readTrend: (p) => p.bpdso,
  },
  {
    kpi: 'add',
    label: 'kpi.add',
    hint: 'kpi.addHint',
    kind: 'days',
    riseIsGood: false,
    read: (k) => k.add,
    readTrend: (p) => p.add,
  },
  {
    kpi: 'cei',
    label: 'kpi.cei',
    hint: 'kpi.ceiHint',
    kind: 'percent',
    riseIsGood: true,
    read: (k) => k.cei,
    readTrend: (p) => p.cei,
  },
  {
    kpi: 'collection_rate',
    label: 'kpi.collectionRate',
    hint: 'kpi.collectionRateHint',
    kind: 'percent',
    riseIsGood: true,
    read: (k) => k.collection_rate,
    readTrend: (p) => p.collection_rate,
  },
];

/** The tiles for a report; `trend` empty when the snapshots do not match the report's scope (a currency filter). */
export function buildTiles(report: KpiReport, trend: KpiTrendPoint[]): TileModel[] {
  const since = trend.find((p) => p.asOf === shiftDate(report.asOf, -30));
  return TILE_SPECS.map((spec) => {
    const raw = spec.read(report);
    const before = since ? spec.readTrend(since) : null;
    const change =
      raw === null || before === null ? null : difference(spec.kind, raw, before, report.currency);
    return {
      kpi: spec.kpi,
      label: t(spec.label),
      value: formatValue(spec.kind, raw, report.currency),
      raw,
      title: spec.kind === 'money' && raw !== null ? formatMoney(raw, report.currency, 2) : undefined,
      hint: t(spec.hint),
      trend: trend.map((p) => ({
        date: new Date(`${p.asOf}T00:00:00Z`),
        value: toNumber(spec.readTrend(p)),
      })),
      ...(change === null
        ? {}
        : {
            delta: `${change.sign > 0 ? '▲' : change.sign < 0 ? '▼' : '='} ${change.text} ${t('kpi.in30Days')}`,
            good: change.sign === 0 || spec.riseIsGood === null ? null : change.sign > 0 === spec.riseIsGood,
          }),
    };
  });
}

function formatValue(kind: TileSpec['kind'], value: number | string | null, currency: string): string {
  if (value === null) return t('kpi.undefined');
  if (kind === 'money') return formatMoney(value, currency);
  if (kind === 'days') return t('unit.days', { n: formatNumber(Number(value)) });
  return formatPercent(Number(value));
}

function difference(
  kind: TileSpec['kind'],
  now: number | string,
  before: number | string,
  currency: string,
): { sign: number; text: string } {
  if (kind === 'money') {
    const cents = toCents(now) - toCents(before);
    const sign = cents > 0n ? 1 : cents < 0n ? -1 : 0;
    const abs = cents < 0n ? -cents : cents;
    return { sign, text: formatMoney(formatCents(abs), currency) };
  }
  const delta = Number(now) - Number(before);
  const sign = Math.abs(delta) < 0.05 ? 0 : Math.sign(delta);
  return {
    sign,
    text:
      kind === 'days'
        ? t('unit.days', { n: formatNumber(Math.abs(delta)) })
        : `${formatNumber(Math.abs(delta))} pts`,
  };
}

function toNumber(value: number | string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
