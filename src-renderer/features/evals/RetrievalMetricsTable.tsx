/** Splits `hybrid.recall@5` into its group (`hybrid`; the mode, maybe with a tag) and metric. */
export function metricRows(metrics: Record<string, number>): {
  columns: string[];
  rows: { group: string; values: Record<string, number> }[];
} {
  const columns: string[] = [];
  const groups = new Map<string, Record<string, number>>();
  for (const [key, value] of Object.entries(metrics)) {
    const dot = key.lastIndexOf('.');
    const group = dot < 0 ? 'overall' : key.slice(0, dot);
    const metric = dot < 0 ? key : key.slice(dot + 1);
    if (!columns.includes(metric)) columns.push(metric);
    groups.set(group, { ...groups.get(group), [metric]: value });
  }
  const order = (g: string) => (g === 'overall' ? 0 : g.includes('.') || g.includes(':') ? 2 : 1);
  const rows = [...groups]
    .map(([group, values]) => ({ group, values }))
    .sort((a, b) => order(a.group) - order(b.group) || a.group.localeCompare(b.group));
  return { columns, rows };
}

/** Retrieval metrics (recall@k, MRR, nDCG@k) per mode and per tag. */
export function RetrievalMetricsTable({ metrics }: { metrics: Record<string, number> }) {
  const { columns, rows } = metricRows(metrics);
  if (!rows.length) return null;
  return (
    <table aria-label="Retrieval metrics" className="text-xs">
      <thead>
        <tr>
          <th scope="col" className="py-1 pr-4 text-left font-medium">
            Mode / tag
          </th>
          {columns.map((c) => (
            <th key={c} scope="col" className="py-1 pr-4 text-right font-medium">
              {c === 'mrr' ? 'MRR' : c.replace(/^ndcg/, 'nDCG')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.group} data-testid="metrics-row" data-group={row.group}>
            <th scope="row" className="py-0.5 pr-4 text-left font-normal">
              {row.group}
            </th>
            {columns.map((c) => (
              <td key={c} className="py-0.5 pr-4 text-right tabular-nums">
                {row.values[c] !== undefined ? row.values[c].toFixed(3) : '—'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
