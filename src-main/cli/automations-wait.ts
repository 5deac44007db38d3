import type { ApiClient } from '@shared/api/index';
import type { AutomationRun, AutomationRunStatus } from '@shared/entities/automation';

const POLL_MS = 3000;

/** Statuses a fire's record does not leave. */
export const isFinalAutomationStatus = (status: AutomationRunStatus): boolean => status !== 'scheduled' && status !== 'running';

/**
 * Fires with `start` and follows the record until it ends (records arrive as `automations.run`
 * events), streaming the run's answer to stdout unless `quiet`. Ctrl-C stops following, not the run.
 */
export async function followAutomationRun(
  client: ApiClient,
  start: () => Promise<AutomationRun>,
  opts: { quiet: boolean },
): Promise<AutomationRun> {
  const seen = new Map<string, AutomationRun>();
  let recordId: string | undefined;
  let runId: string | undefined;
  const early: Array<{ runId: string; text: string }> = [];
  let streamed = false;
  let finish: (record: AutomationRun) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<AutomationRun>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const print = (text: string) => {
    if (opts.quiet) return;
    process.stdout.write(text);
    streamed = true;
  };
  const onRecord = (record: AutomationRun) => {
    if (!recordId) return void seen.set(record.id, record);
    if (record.id !== recordId) return;
    last = record;
    if (record.runId && !runId) {
      runId = record.runId;
      for (const e of early.splice(0)) if (e.runId === runId) print(e.text);
    }
    if (isFinalAutomationStatus(record.status)) finish(record);
  };
  const offRecord = client.subscribe('automations.run', onRecord);
  const offEvent = client.subscribe('run.event', (e) => {
    if (e.type !== 'text.delta') return;
    if (runId === undefined) early.push({ runId: e.runId, text: e.text });
    else if (e.runId === runId) print(e.text);
  });
  let last: AutomationRun | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (last) finish(last);
  };
  process.once('SIGINT', stop);
  try {
    last = await start();
    recordId = last.id;
    onRecord(last);
    const later = seen.get(last.id);
    if (later) onRecord(later);
    // Events carry the record; a look at the history now and then covers a missed one, and a server gone.
    const { automationId } = last;
    let failures = 0;
    poll = setInterval(() => {
      void client
        .call('automations.history', { automation: automationId, limit: 50 })
        .then((runs) => {
          failures = 0;
          const ended = runs.find((r) => r.id === recordId && isFinalAutomationStatus(r.status));
          if (ended) onRecord(ended);
        })
        .catch((error: unknown) => {
          if (++failures >= 3) fail(error);
        });
    }, POLL_MS);
    const final = await done;
    if (streamed) process.stdout.write('\n');
    return final;
  } finally {
    clearInterval(poll);
    process.off('SIGINT', stop);
    offRecord();
    offEvent();
  }
}
