const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '—' : dateFmt.format(d);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

const centsFmt = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const smallFmt = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
});

/**
 * Dollars as people read them: cents from one cent up ($0.50, $1,234.00), two significant digits
 * below that so a cheap task still shows what it cost ($0.0012), and $0.00 for nothing at all.
 */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return centsFmt.format(0);
  return usd < 0.01 ? smallFmt.format(usd) : centsFmt.format(usd);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat().format(n);
}
