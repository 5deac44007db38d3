import type { Automation, AutomationRun } from '@shared/entities/automation';
import { href } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { StatusDot } from '../../ui/StatusDot';
import { formatTokens } from '../runs/format';
import { describePayload, formatInZone, statusLooks, zoneOf } from './describe';
import { useAutomationHistory } from './use-history';

function RecordRow({
  record,
  agentId,
  zone,
}: {
  record: AutomationRun;
  agentId: string;
  zone: string;
}) {
  const payload = describePayload(record.trigger.payload);
  return (
    <li
      data-testid="history-record"
      data-status={record.status}
      data-record-id={record.id}
      className="grid gap-x-4 gap-y-0.5 px-3 py-2 text-xs md:grid-cols-[11rem_minmax(0,1fr)_auto]"
    >
      <div>
        <StatusDot status={record.status} look={statusLooks[record.status]} />
        {record.count > 1 ? (
          <span className="ml-1 text-[11px] text-zinc-500">×{record.count}</span>
        ) : null}
        {record.attempt > 0 ? (
          <p className="text-[11px] text-zinc-500 dark:text-zinc-400">retry {record.attempt}</p>
        ) : null}
      </div>
      <div className="min-w-0 space-y-0.5">
        <p className="text-zinc-700 dark:text-zinc-300">
          <span className="font-medium">{record.trigger.kind}</span>
          {payload ? <span className="text-zinc-500 dark:text-zinc-400"> · {payload}</span> : null}
        </p>
        <p className="text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
          due {formatInZone(record.scheduledFor, zone)}
          {record.firstScheduledFor && record.count > 1
            ? ` (first ${formatInZone(record.firstScheduledFor, zone)})`
            : ''}
          {record.usage
            ? ` · ${formatTokens(record.usage.inputTokens)} in / ${formatTokens(record.usage.outputTokens)} out tokens`
            : ''}
        </p>
        {record.reason ? (
          <p className="text-zinc-600 dark:text-zinc-300" data-testid="record-reason">
            {record.reason}
          </p>
        ) : null}
      </div>
      <div className="md:text-right">
        {record.runId ? (
          <a
            href={href('runs', agentId, record.runId)}
            className="text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-400"
          >
            Open run
          </a>
        ) : null}
      </div>
    </li>
  );
}

/** What became of every fire, newest first, live. */
export function AutomationHistory({ automation }: { automation: Automation }) {
  const history = useAutomationHistory(automation.id);
  const { records, error, loading, reload } = history;
  const zone = zoneOf(automation);
  return (
    <section aria-label="History" className="space-y-2">
      <h3 className="text-[13px] font-semibold">History</h3>
      {error ? (
        <Banner tone="error" actions={<Button onClick={reload}>Retry</Button>}>
          Could not load the history: {error.message}
        </Banner>
      ) : null}
      {records.length ? (
        <ul
          aria-label="Fires"
          className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
        >
          {records.map((record) => (
            <RecordRow key={record.id} record={record} agentId={automation.agentId} zone={zone} />
          ))}
        </ul>
      ) : null}
      {history.olderError ? (
        <Banner tone="error">Could not load older fires: {history.olderError.message}</Banner>
      ) : null}
      {records.length && history.hasOlder ? (
        <Button disabled={history.loadingOlder} onClick={() => void history.loadOlder()}>
          {history.loadingOlder ? 'Loading older fires…' : 'Load older'}
        </Button>
      ) : null}
      {records.length ? null : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {loading ? 'Loading the history…' : 'It has not fired yet.'}
        </p>
      )}
    </section>
  );
}
