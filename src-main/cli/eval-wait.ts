import type { ApiClient } from '@shared/api/index';
import type { EvalRun } from '@shared/entities/eval';

const POLL_MS = 3000;

/** Progress on stderr: one line rewritten on a terminal, else a line at most every second (and the last). */
export function progressPrinter(tty: boolean): { show(run: EvalRun): void; end(): void } {
  let shown = '';
  let lastAt = 0;
  let pending: string | undefined;
  const text = (run: EvalRun) => `${run.progress.done}/${run.progress.total} cases`;
  return {
    show(run) {
      const line = text(run);
      if (line === shown) return;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${line}`);
        shown = line;
        return;
      }
      const now = Date.now();
      if (now - lastAt < 1000 && run.progress.done < run.progress.total) {
        pending = line;
        return;
      }
      process.stderr.write(`${line}\n`);
      shown = line;
      lastAt = now;
      pending = undefined;
    },
    end() {
      if (tty && shown) process.stderr.write('\r\x1b[2K');
      else if (!tty && pending && pending !== shown) process.stderr.write(`${pending}\n`);
      shown = '';
      pending = undefined;
    },
  };
}

/**
 * Starts an evaluation run with `start` and waits for its end, calling `onProgress` with each
 * `eval.progress` (a look at the run now and then covers a missed event, and a server gone).
 * Ctrl-C cancels the run (a second Ctrl-C leaves at once).
 */
export async function followEvalRun(client: ApiClient, start: () => Promise<EvalRun>, onProgress: (run: EvalRun) => void): Promise<EvalRun> {
  let runId: string | undefined;
  const early: EvalRun[] = [];
  let finish: (run: EvalRun) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<EvalRun>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const onRun = (run: EvalRun) => {
    if (run.id !== runId) return;
    onProgress(run);
    if (run.status !== 'running') finish(run);
  };
  const off = client.subscribe('eval.progress', (run) => {
    if (runId === undefined) early.push(run);
    else onRun(run);
  });
  let cancelling = false;
  const interrupt = () => {
    if (cancelling || !runId) process.exit(130);
    cancelling = true;
    process.stderr.write('\nCancelling the run (Ctrl-C again to leave at once)…\n');
    client.call('eval.cancel', { runId }).then(onRun, fail);
  };
  process.on('SIGINT', interrupt);
  let poll: ReturnType<typeof setInterval> | undefined;
  try {
    const run = await start();
    runId = run.id;
    onRun(run);
    for (const e of early.splice(0)) onRun(e);
    let failures = 0;
    poll = setInterval(() => {
      client.call('eval.runs.get', { runId: run.id }).then(
        ({ cases: _cases, ...latest }) => {
          failures = 0;
          onRun(latest);
        },
        (error: unknown) => {
          if (++failures >= 3) fail(error);
        },
      );
    }, POLL_MS);
    return await done;
  } finally {
    clearInterval(poll);
    process.off('SIGINT', interrupt);
    off();
  }
}
