/** "83%" (or "83.3%" with `digits`) of a 0..1 rate; "—" when there is none. */
export function percent(rate: number | null | undefined, digits = 0): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A difference of rates in percentage points with its sign: "+12.5 pp", "−3.0 pp", "±0 pp". */
export function signedPoints(diff: number): string {
  const points = diff * 100;
  if (Math.abs(points) < 0.05) return '±0 pp';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pp`;
}

/** A signed count or amount with its unit: "+120 tokens", "−35 ms", "±0 ms". */
export function signed(diff: number, unit: string): string {
  const rounded = Math.round(diff);
  if (rounded === 0) return `±0 ${unit}`;
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en')} ${unit}`;
}

/** McNemar's p-value in words. */
export function pValueWords(pValue: number, significant: boolean): string {
  const p = pValue < 0.001 ? 'p < 0.001' : `p = ${pValue.toFixed(3)}`;
  return significant
    ? `${p}: the difference is significant (unlikely to be chance at the 5% level).`
    : `${p}: not significant — the difference may be chance.`;
}

/** "3 May, 14:02" for run pickers. */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}
