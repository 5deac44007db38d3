import { describe, expect, it } from 'vitest';
import type {
  AutomationPolicies,
  AutomationRunRecord,
  MissedPolicy,
  OverlapPolicy,
  Trigger,
} from '@shared/entities/automation';
import { FakeClock } from './fake-clock';
import type { Fire, RunResult } from './scheduler';
import { MAX_TIMER_MS, Scheduler } from './scheduler';

const S = 1000;
const H = 3600_000;
const D = 24 * H;

function policies(
  p: {
    overlap?: OverlapPolicy;
    missed?: MissedPolicy;
    pauseAfter?: number;
    maxRetries?: number;
  } = {},
) {
  return {
    overlap: p.overlap ?? 'skip',
    missed: p.missed ?? { kind: 'skip' },
    failures: {
      pauseAfter: p.pauseAfter ?? 3,
      maxRetries: p.maxRetries ?? 0,
      retryBaseMs: 1000,
      retryCapMs: 4000,
    },
  } satisfies AutomationPolicies;
}

/** A scheduler on a fake clock; `onDispatch` may finish the run right away. */
function setup(start: string, onDispatch?: (fire: Fire) => RunResult | undefined) {
  const clock = new FakeClock(start);
  const fires: Fire[] = [];
  const records: AutomationRunRecord[] = [];
  const cancelled: { runId: string; reason: string }[] = [];
  const paused: { id: string; reason: string }[] = [];
  const scheduler: Scheduler = new Scheduler({
    clock,
    dispatch: (_id, fire) => {
      fires.push(fire);
      const result = onDispatch?.(fire);
      if (result) scheduler.finish(fire.runId, result);
    },
    cancel: (_id, runId, reason) => cancelled.push({ runId, reason }),
    record: (r) => records.push(r),
    onPaused: (id, reason) => paused.push({ id, reason }),
  });
  const firedAt = () => fires.map((f) => new Date(f.scheduledFor).toISOString());
  const byStatus = (status: AutomationRunRecord['status']) =>
    records.filter((r) => r.status === status);
  return { clock, scheduler, fires, records, cancelled, paused, firedAt, byStatus };
}

const ok = (): RunResult => ({ status: 'succeeded' });

describe('Scheduler: triggers on a fake clock', () => {
  it('every 2s fires on time, once per tick', () => {
    const t = setup('2026-01-01T00:00:00Z', ok);
    t.scheduler.upsert({ id: 'a', trigger: { kind: 'every', seconds: 2 }, policies: policies() });
    t.clock.advance(10 * S);
    expect(t.firedAt()).toEqual([
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:04.000Z',
      '2026-01-01T00:00:06.000Z',
      '2026-01-01T00:00:08.000Z',
      '2026-01-01T00:00:10.000Z',
    ]);
    expect(t.byStatus('missed')).toEqual([]);
    expect(t.scheduler.state('a')?.next).toBe(Date.parse('2026-01-01T00:00:12Z'));
  });

  it('at fires once and then leaves no timer', () => {
    const t = setup('2026-01-01T00:00:00Z', ok);
    t.scheduler.upsert({
      id: 'a',
      trigger: { kind: 'at', iso: '2026-01-01T00:05:00Z' },
      policies: policies(),
    });
    t.clock.advance(D);
    expect(t.firedAt()).toEqual(['2026-01-01T00:05:00.000Z']);
    expect(t.scheduler.state('a')?.next).toBeNull();
    expect(t.clock.pending).toBe(0);
  });

  it('an `at` two months ahead still fires (long waits are re-armed in steps)', () => {
    const t = setup('2026-01-01T00:00:00Z', ok);
    t.scheduler.upsert({
      id: 'a',
      trigger: { kind: 'at', iso: '2026-03-01T00:00:00Z' },
      policies: policies(),
    });
    t.clock.advance(MAX_TIMER_MS * 2);
    expect(t.fires).toEqual([]);
    t.clock.advanceTo('2026-03-02T00:00:00Z');
    expect(t.firedAt()).toEqual(['2026-03-01T00:00:00.000Z']);
  });

  const zoneDay = (ms: number, timeZone: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(ms);

  it.each([
    [
      'Europe/Berlin',
      '2026-03-27T00:00:00Z',
      [
        '2026-03-27T01:30:00.000Z',
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:00:00.000Z',
        '2026-03-30T00:30:00.000Z',
      ],
    ],
    [
      'America/New_York',
      '2026-03-06T12:00:00Z',
      [
        '2026-03-07T07:30:00.000Z',
        '2026-03-08T07:00:00.000Z',
        '2026-03-09T06:30:00.000Z',
        '2026-03-10T06:30:00.000Z',
      ],
    ],
  ])(
    'a 02:30 daily job in %s fires once a day across spring-forward',
    (timezone, start, expected) => {
      const t = setup(start, ok);
      const trigger: Trigger = { kind: 'cron', expr: '30 2 * * *', timezone };
      t.scheduler.upsert({ id: 'a', trigger, policies: policies() });
      t.clock.advance(4 * D - 1);
      expect(t.firedAt()).toEqual(expected);
      const days = t.fires.map((f) => zoneDay(f.scheduledFor, timezone));
      expect(new Set(days).size).toBe(days.length);
    },
  );

  it.each([
    [
      'Europe/Berlin',
      '30 2 * * *',
      '2026-10-24T00:00:00Z',
      ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
    ],
    [
      'America/New_York',
      '30 1 * * *',
      '2026-10-31T00:00:00Z',
      ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ],
  ])(
    'a daily job in %s does not fire twice on fall-back day',
    (timezone, expr, start, expected) => {
      const t = setup(start, ok);
      t.scheduler.upsert({
        id: 'a',
        trigger: { kind: 'cron', expr, timezone },
        policies: policies(),
      });
      t.clock.advance(3 * D - 1);
      expect(t.firedAt()).toEqual(expected);
    },
  );
});

describe('Scheduler: a 3-day jump (the machine slept)', () => {
  const hourly: Trigger = { kind: 'cron', expr: '0 * * * *', timezone: 'UTC' };

  it('skip: one counted `missed` record, nothing runs, the next fire is scheduled', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies() });
    t.clock.advance(H); // fires 01:00
    t.clock.jump(3 * D + 5 * 60_000);
    t.scheduler.jump();
    expect(t.fires).toHaveLength(1);
    expect(t.byStatus('missed')).toEqual([
      expect.objectContaining({ count: 72, automationId: 'a' }),
    ]);
    expect(t.scheduler.state('a')?.next).toBe(Date.parse('2026-06-04T02:00:00Z'));
    t.clock.advance(H);
    expect(t.fires).toHaveLength(2);
  });

  it('a late timer after sleep is handled the same as jump()', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies() });
    t.clock.jump(3 * D + 5 * 60_000);
    t.clock.advance(0); // the stale timer fires late
    expect(t.fires).toEqual([]);
    expect(t.byStatus('missed')).toEqual([expect.objectContaining({ count: 72 })]);
  });

  it('run-once inside grace: one run now, the rest coalesced or missed', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    const missed: MissedPolicy = { kind: 'run-once', graceMs: 15 * 60_000, lookBackMs: D };
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies({ missed }) });
    t.clock.jump(3 * D + 5 * 60_000);
    t.scheduler.jump();
    expect(t.firedAt()).toEqual(['2026-06-04T00:00:00.000Z']);
    expect(
      t.records
        .filter((r) => r.status === 'missed' || r.status === 'coalesced')
        .map((r) => [r.status, r.count]),
    ).toEqual([
      ['missed', 48],
      ['coalesced', 23],
    ]);
  });

  it('run-once outside grace: nothing runs', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    const missed: MissedPolicy = { kind: 'run-once', graceMs: 15 * 60_000, lookBackMs: D };
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies({ missed }) });
    t.clock.jump(3 * D + 30 * 60_000);
    t.scheduler.jump();
    expect(t.fires).toEqual([]);
    expect(t.byStatus('missed').reduce((n, r) => n + r.count, 0)).toBe(72);
    expect(t.byStatus('coalesced')).toEqual([]);
  });
});

describe('Scheduler: overlap policies', () => {
  const every10: Trigger = { kind: 'every', seconds: 10 };
  /** Runs never end by themselves: three fires land while the first is running. */
  function overlapping(overlap: OverlapPolicy) {
    const t = setup('2026-01-01T00:00:00Z');
    t.scheduler.upsert({ id: 'a', trigger: every10, policies: policies({ overlap }) });
    t.clock.advance(40 * S);
    return t;
  }

  it('skip: fires during a run are skipped_overlap', () => {
    const t = overlapping('skip');
    expect(t.fires).toHaveLength(1);
    expect(t.byStatus('skipped_overlap')).toHaveLength(3);
    t.scheduler.finish(t.fires[0]!.runId, ok());
    t.clock.advance(10 * S);
    expect(t.fires).toHaveLength(2);
  });

  it('queue-one: one waits, the others are coalesced; it starts when the run ends', () => {
    const t = overlapping('queue-one');
    expect(t.fires).toHaveLength(1);
    expect(t.scheduler.state('a')?.queued).toBe(1);
    expect(t.byStatus('coalesced')).toHaveLength(2);
    t.scheduler.finish(t.fires[0]!.runId, ok());
    expect(t.firedAt()).toEqual(['2026-01-01T00:00:10.000Z', '2026-01-01T00:00:20.000Z']);
    expect(t.scheduler.state('a')?.queued).toBe(0);
  });

  it('queue-all: every fire waits and runs in turn', () => {
    const t = overlapping('queue-all');
    expect(t.scheduler.state('a')?.queued).toBe(3);
    for (let i = 0; i < 3; i++) t.scheduler.finish(t.fires[i]!.runId, ok());
    expect(t.fires.map((f) => f.scheduledFor - Date.parse('2026-01-01T00:00:00Z'))).toEqual(
      [10, 20, 30, 40].map((s) => s * S),
    );
    expect(t.scheduler.state('a')?.running).toHaveLength(1);
  });

  it('replace: cancels the running run and starts the new fire', () => {
    const t = overlapping('replace');
    expect(t.fires).toHaveLength(4);
    expect(t.cancelled.map((c) => c.runId)).toEqual(t.fires.slice(0, 3).map((f) => f.runId));
    expect(t.scheduler.state('a')?.running).toEqual([t.fires[3]!.runId]);
    expect(t.scheduler.finish(t.fires[0]!.runId, { status: 'cancelled', reason: 'replaced' })).toBe(
      true,
    );
    expect(t.records.at(-1)).toMatchObject({ runId: t.fires[0]!.runId, status: 'cancelled' });
    expect(t.scheduler.state('a')?.consecutiveFailures).toBe(0);
  });

  it('parallel: fires start alongside up to the limit (3 by default); the next waits for a run to end', () => {
    const t = overlapping('parallel');
    expect(t.fires).toHaveLength(3);
    expect(t.scheduler.state('a')).toMatchObject({ running: expect.any(Array), queued: 1 });
    expect(t.scheduler.state('a')?.running).toHaveLength(3);
    expect(t.cancelled).toEqual([]);
    t.scheduler.finish(t.fires[0]!.runId, ok());
    expect(t.fires).toHaveLength(4);
    expect(t.scheduler.state('a')?.queued).toBe(0);
  });

  it('parallel: a higher limit lets every fire start alongside', () => {
    const t = setup('2026-01-01T00:00:00Z');
    t.scheduler.upsert({ id: 'a', trigger: every10, policies: { ...policies({ overlap: 'parallel' }), maxParallel: 10 } });
    t.clock.advance(40 * S);
    expect(t.fires).toHaveLength(4);
  });
});

describe('Scheduler: failures', () => {
  const every1m: Trigger = { kind: 'every', seconds: 60 };

  it('pauses after 3 consecutive failures, with a reason, and stops firing', () => {
    const t = setup('2026-01-01T00:00:00Z', () => ({
      status: 'failed',
      reason: 'model unreachable',
    }));
    t.scheduler.upsert({ id: 'a', trigger: every1m, policies: policies() });
    t.clock.advance(10 * 60 * S);
    expect(t.fires).toHaveLength(3);
    expect(t.paused).toEqual([
      { id: 'a', reason: expect.stringMatching(/3 consecutive failed runs.*model unreachable/) },
    ]);
    expect(t.scheduler.state('a')).toMatchObject({ paused: true, pausedBy: 'system', next: null });
    expect(t.clock.pending).toBe(0);
  });

  it('a success resets the count', () => {
    const results: RunResult['status'][] = ['failed', 'failed', 'succeeded', 'failed', 'failed'];
    const t = setup('2026-01-01T00:00:00Z', () => ({ status: results.shift() ?? 'succeeded' }));
    t.scheduler.upsert({ id: 'a', trigger: every1m, policies: policies() });
    t.clock.advance(5 * 60 * S);
    expect(t.fires).toHaveLength(5);
    expect(t.scheduler.state('a')).toMatchObject({ paused: false, consecutiveFailures: 2 });
  });

  it('retries transient errors with backoff and counts one failure when retries run out', () => {
    const t = setup('2026-01-01T00:00:00Z', () => ({
      status: 'failed',
      transient: true,
      reason: 'rate limited',
    }));
    t.scheduler.upsert({
      id: 'a',
      trigger: { kind: 'every', seconds: 3600 },
      policies: policies({ maxRetries: 3 }),
    });
    t.clock.advance(H + 10 * S);
    const start = Date.parse('2026-01-01T01:00:00Z');
    // The fake clock is at each retry's time when it dispatches: 1 s, 2 s, 4 s (capped) after the one before.
    expect(t.fires.map((f) => f.attempt)).toEqual([0, 1, 2, 3]);
    expect(t.fires.every((f) => f.scheduledFor === start)).toBe(true);
    expect(t.records.filter((r) => r.status === 'running').map((r) => r.at - start)).toEqual([
      0, 1000, 3000, 7000,
    ]);
    expect(t.scheduler.state('a')?.consecutiveFailures).toBe(1);
  });
});

describe('Scheduler: pause, resume, remove', () => {
  const hourly: Trigger = { kind: 'cron', expr: '0 * * * *', timezone: 'UTC' };

  it('re-enabled after a week paused: no backlog, no missed records, the next fire as usual', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    const missed: MissedPolicy = { kind: 'run-once', graceMs: D, lookBackMs: 7 * D };
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies({ missed }) });
    t.clock.advance(H);
    t.scheduler.pause('a');
    t.clock.advance(7 * D + 30 * 60_000);
    expect(t.fires).toHaveLength(1);
    t.scheduler.resume('a');
    expect(t.fires).toHaveLength(1);
    expect(t.records.filter((r) => r.status === 'missed' || r.status === 'coalesced')).toEqual([]);
    expect(t.scheduler.state('a')?.next).toBe(Date.parse('2026-06-08T02:00:00Z'));
    t.clock.advance(30 * 60_000);
    expect(t.fires).toHaveLength(2);
  });

  it('resuming after a system pause resets the failure count', () => {
    let fail = true;
    const t = setup('2026-01-01T00:00:00Z', () => ({ status: fail ? 'failed' : 'succeeded' }));
    t.scheduler.upsert({
      id: 'a',
      trigger: { kind: 'every', seconds: 60 },
      policies: policies({ pauseAfter: 2 }),
    });
    t.clock.advance(5 * 60 * S);
    expect(t.scheduler.state('a')).toMatchObject({
      paused: true,
      pausedBy: 'system',
      consecutiveFailures: 2,
    });
    fail = false;
    t.scheduler.resume('a');
    expect(t.scheduler.state('a')).toMatchObject({
      paused: false,
      pausedBy: null,
      consecutiveFailures: 0,
    });
    t.clock.advance(60 * S);
    expect(t.fires).toHaveLength(3);
  });

  it('pausing drops waiting fires as cancelled; remove cancels runs and clears timers', () => {
    const t = setup('2026-01-01T00:00:00Z');
    t.scheduler.upsert({
      id: 'a',
      trigger: { kind: 'every', seconds: 10 },
      policies: policies({ overlap: 'queue-all' }),
    });
    t.clock.advance(30 * S);
    t.scheduler.pause('a');
    expect(t.byStatus('cancelled')).toHaveLength(2);
    expect(t.scheduler.state('a')?.running).toHaveLength(1);
    t.scheduler.remove('a');
    expect(t.cancelled.map((c) => c.runId)).toEqual([t.fires[0]!.runId]);
    expect(t.clock.pending).toBe(0);
    expect(t.scheduler.state('a')).toBeNull();
    expect(t.scheduler.finish(t.fires[0]!.runId, { status: 'cancelled' })).toBe(true);
    expect(t.scheduler.finish('nope', ok())).toBe(false);
  });

  it('restored from the store after the app was closed 3 days: missed fires are counted on start', () => {
    const t = setup('2026-06-04T00:05:00Z', ok);
    const last = Date.parse('2026-06-01T00:00:00Z');
    t.scheduler.upsert({
      id: 'a',
      trigger: hourly,
      policies: policies({ missed: { kind: 'run-once', graceMs: 15 * 60_000, lookBackMs: D } }),
      enabledAt: last - D,
      lastScheduled: last,
    });
    expect(t.firedAt()).toEqual(['2026-06-04T00:00:00.000Z']);
    expect(t.records.map((r) => [r.status, r.count])).toEqual([
      ['missed', 48],
      ['coalesced', 23],
      ['running', 1],
      ['succeeded', 1],
    ]);
  });

  it('changing the trigger starts afresh: nothing of the old schedule becomes due', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies() });
    t.clock.advance(30 * 60_000);
    t.scheduler.upsert({ id: 'a', trigger: { kind: 'every', seconds: 60 }, policies: policies() });
    expect(t.records).toEqual([]);
    t.clock.advance(60 * S);
    expect(t.firedAt()).toEqual(['2026-06-01T00:31:00.000Z']);
    // The same trigger again (e.g. only the policies changed) keeps the grid.
    t.scheduler.upsert({
      id: 'a',
      trigger: { kind: 'every', seconds: 60 },
      policies: policies({ overlap: 'parallel' }),
    });
    t.clock.advance(60 * S);
    expect(t.firedAt()).toEqual(['2026-06-01T00:31:00.000Z', '2026-06-01T00:32:00.000Z']);
  });

  it('added paused: no timer until resumed', () => {
    const t = setup('2026-06-01T00:00:00Z', ok);
    t.scheduler.upsert({ id: 'a', trigger: hourly, policies: policies(), paused: true });
    expect(t.scheduler.state('a')).toMatchObject({ paused: true, pausedBy: 'user', next: null });
    expect(t.clock.pending).toBe(0);
    t.clock.advance(D);
    expect(t.fires).toEqual([]);
  });
});
