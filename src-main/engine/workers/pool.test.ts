import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool, WorkerTaskError } from './pool';
import type { WorkerScript } from './spawn';

const busyWorker: WorkerScript = {
  name: 'busy-test',
  resolve: async () => ({ path: fileURLToPath(new URL('./busy-worker.fixture.ts', import.meta.url)), fromSource: true }),
};

/** Worker processes, where CPU time is measured (Linux): a task's limit counts work, not waiting. */
describe.runIf(process.platform === 'linux')('worker pool budgets', () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => pool?.close());
  const start = () => (pool = new WorkerPool({ script: busyWorker, size: 1, isolation: 'process' }));

  it('lets a task that waits run past its CPU limit, and stops one that works past it', async () => {
    start();
    // Warm the worker up: its start-up is not a task's.
    expect(await pool!.run([], { timeoutMs: 60_000 })).toBe('done');
    expect(await pool!.run([{ sleep: 600 }], { cpuTimeMs: 200, timeoutMs: 60_000 })).toBe('done');
    const error = await pool!.run([{ spin: 30_000 }], { cpuTimeMs: 200, timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect(error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('CPU time') });
  });

  it('gives a phase the worker reports the budget the caller chose for it', async () => {
    start();
    await pool!.run([], { timeoutMs: 60_000 });
    const phases: string[] = [];
    const onPhase = (phase: string) => {
      phases.push(phase);
      return phase === 'chunking' ? { cpuTimeMs: 20_000, timeoutMs: 60_000 } : undefined;
    };
    // 150 ms of work before the phase (limit 400 ms), then 800 ms inside it (limit 20 s).
    expect(await pool!.run([{ spin: 150 }, { phase: 'chunking', spin: 800 }], { cpuTimeMs: 400, timeoutMs: 60_000, onPhase })).toBe('done');
    expect(phases).toEqual(['chunking']);
    // Without a new budget for the phase, the first one still applies.
    const error = await pool!.run([{ phase: 'other', spin: 30_000 }], { cpuTimeMs: 400, timeoutMs: 60_000, onPhase }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
  });
});
