import type { McpServerMetrics } from '@shared/entities/mcp';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { formatMs, formatTime } from '../../ui/format';

type LastError = McpServerMetrics['lastError'];

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-base font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function LastErrorText({ error }: { error: LastError }) {
  if (!error) return <span className="text-zinc-400">—</span>;
  return (
    <span title={error.message} className="text-red-700 dark:text-red-400">
      <span className="font-mono text-[11px]">{error.code}</span> {error.message}{' '}
      <span className="text-zinc-500">({formatTime(error.at)})</span>
    </span>
  );
}

/** Calls, errors and latency percentiles of the server and of each tool. */
export function MetricsPanel({ serverId }: { serverId: string }) {
  const api = useApi();
  const metrics = useLoader(
    () => api.call('mcp.servers.metrics', { id: serverId }).then((list) => list[0]),
    [api, serverId],
  );
  const m = metrics.data;

  return (
    <div className="space-y-4 py-4">
      <div className="flex items-center justify-between">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Since the app started; latency over the last 512 calls.
        </p>
        <Button variant="ghost" onClick={metrics.reload} disabled={metrics.loading}>
          Refresh
        </Button>
      </div>
      {metrics.error ? <Banner tone="error">{metrics.error.message}</Banner> : null}
      {m ? (
        <>
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Server metrics">
            <Stat label="Calls" value={String(m.calls)} testId="metric-calls" />
            <Stat label="Errors" value={String(m.errors)} testId="metric-errors" />
            <Stat label="p50 latency" value={formatMs(m.p50Ms)} testId="metric-p50" />
            <Stat label="p95 latency" value={formatMs(m.p95Ms)} testId="metric-p95" />
          </dl>
          <p className="text-xs">
            <span className="text-zinc-500 dark:text-zinc-400">Last error: </span>
            <LastErrorText error={m.lastError} />
          </p>
          {m.tools.length ? (
            <table className="w-full text-left text-[13px]" aria-label="Metrics per tool">
              <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
                <tr>
                  <th className="py-1.5 font-medium">Tool</th>
                  <th className="py-1.5 text-right font-medium">Calls</th>
                  <th className="py-1.5 text-right font-medium">Errors</th>
                  <th className="py-1.5 text-right font-medium">p50</th>
                  <th className="py-1.5 text-right font-medium">p95</th>
                  <th className="py-1.5 pl-4 font-medium">Last error</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/60">
                {m.tools.map((t) => (
                  <tr key={t.tool} data-testid="tool-metrics" data-tool={t.tool}>
                    <td className="py-1.5 font-mono text-xs">{t.tool}</td>
                    <td className="py-1.5 text-right tabular-nums" data-testid="tool-metric-calls">
                      {t.calls}
                    </td>
                    <td className="py-1.5 text-right tabular-nums">{t.errors}</td>
                    <td className="py-1.5 text-right tabular-nums">{formatMs(t.p50Ms)}</td>
                    <td className="py-1.5 text-right tabular-nums">{formatMs(t.p95Ms)}</td>
                    <td className="max-w-64 truncate py-1.5 pl-4 text-xs">
                      <LastErrorText error={t.lastError} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-[13px] text-zinc-500 dark:text-zinc-400">No tool calls yet.</p>
          )}
        </>
      ) : null}
    </div>
  );
}
