// Chart colours (contrast checked on white). The aging scale runs from calm to alarming.
export const ACCENT = '#1f4e79';
export const ACCENT_SOFT = '#dbe7f3';
export const MUTED = '#5f6b7a';

export const BUCKET_COLORS = {
  not_due: '#2e7d5b',
  days_1_30: '#9bbf3a',
  days_31_60: '#e0a526',
  days_61_90: '#d8692c',
  days_over_90: '#b3261e',
  unapplied: '#7a8aa0',
} as const;

export const CLASS_COLORS: Record<string, string> = {
  A: '#2e7d5b',
  B: '#7fae3a',
  C: '#e0a526',
  D: '#b8531c',
  E: '#b3261e',
};
