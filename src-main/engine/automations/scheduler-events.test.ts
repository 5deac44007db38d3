import { describe, expect, it } from 'vitest';
import type { AutomationPolicies } from '@shared/entities/automation';
import { FakeClock } from './fake-clock';
import type { Fire, SchedulerRecord } from './scheduler';
import { Scheduler } from './scheduler';

const policies: AutomationPolicies = {
  overlap: 'skip',
  missed: { kind: 'skip' },
  failures: { pauseAfter: 3, maxRetries: 0, retryBaseMs: 1000, retryCapMs: 4000 },
};

function setup(admit?: (fire: Fire) => { ok: true } | { ok: false; reason: string }, finishAtOnce = false) {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  const fires: Fire[] = [];
  const records: SchedulerRecord[] = [];
  const scheduler: Scheduler = new Scheduler({
    clock,
    dispatch: (_id, fire) => {
      fires.push(fire);
      if (finishAtOnce) scheduler.finish(fire.runId, { status: 'succeeded' });
    },
    cancel: () => undefined,
    record: (r) => records.push(r),
    ...(admit ? { admit: (_id: string, fire: Fire) => admit(fire) } : {}),
  });
  return { clock, scheduler, fires, records };
}

describe('Scheduler: several triggers, event fires, conditions, claims lost', () => {
  it('fires each of several timed triggers on its own grid, naming the trigger', () => {
    const t = setup(undefined, true);
    t.scheduler.upsert({ id: 'a', triggers: [{ kind: 'every', seconds: 60 }, { kind: 'cron', expr: '30 8 * * *', timezone: 'UTC' }], policies: { ...policies, overlap: 'parallel' } });
    t.clock.advance(31 * 60_000);
    const keys = t.fires.map((f) => `${f.trigger.key}@${new Date(f.scheduledFor).toISOString().slice(11, 16)}`);
    expect(keys.filter((k) => k.startsWith('t0@'))).toHaveLength(31);
    expect(keys).toContain('t1@08:30');
    expect(t.fires.find((f) => f.trigger.key === 't1')?.trigger.kind).toBe('cron');
    // Each trigger keeps its own latest fire.
    expect(t.scheduler.state('a')?.lastScheduledByTrigger).toEqual([Date.parse('2026-06-01T08:31:00Z'), Date.parse('2026-06-01T08:30:00Z')]);
  });

  it('keeps each trigger’s latest fire from the store: no refire after a restart', () => {
    const t = setup();
    // The fire of 08:00 (now) was handled before the restart.
    const last = Date.parse('2026-06-01T08:00:00Z');
    t.scheduler.upsert({ id: 'a', triggers: [{ kind: 'every', seconds: 60 }], policies, enabledAt: Date.parse('2026-06-01T07:00:00Z'), anchor: Date.parse('2026-06-01T07:00:00Z'), lastScheduled: [last] });
    expect(t.fires).toHaveLength(0);
    t.clock.advance(60_000);
    expect(t.fires.map((f) => f.scheduledFor)).toEqual([last + 60_000]);
  });

  it('fires now for an event with its payload; overlap applies; a paused one fires only by hand', () => {
    const t = setup();
    t.scheduler.upsert({ id: 'a', policies });
    expect(t.scheduler.state('a')?.next).toBeNull();
    const id = t.scheduler.fireNow('a', { kind: 'watch', key: 'w0', payload: { file: '/in/x.txt' } });
    expect(id).toEqual(expect.any(String));
    expect(t.fires[0]).toMatchObject({ trigger: { kind: 'watch', payload: { file: '/in/x.txt' } }, attempt: 0 });
    // A second event while the first run goes on: skipped (overlap skip), recorded with the trigger.
    expect(t.scheduler.fireNow('a', { kind: 'watch', key: 'w0', payload: { file: '/in/y.txt' } })).toBeNull();
    expect(t.records.at(-1)).toMatchObject({ status: 'skipped_overlap', trigger: { payload: { file: '/in/y.txt' } } });
    t.scheduler.finish(id!, { status: 'succeeded' });
    t.scheduler.pause('a');
    expect(t.scheduler.fireNow('a', { kind: 'webhook', key: 'webhook' })).toBeNull();
    expect(t.scheduler.fireNow('a', { kind: 'manual', key: 'manual' }, t.clock.now(), { force: true })).toEqual(expect.any(String));
    expect(t.fires).toHaveLength(2);
  });

  it('records a fire its conditions refuse as skipped_condition and starts nothing', () => {
    const t = setup(() => ({ ok: false, reason: 'On battery power' }));
    t.scheduler.upsert({ id: 'a', trigger: { kind: 'every', seconds: 10 }, policies });
    t.clock.advance(10_000);
    expect(t.fires).toHaveLength(0);
    expect(t.records.map((r) => [r.status, r.reason])).toEqual([['skipped_condition', 'On battery power']]);
  });

  it('forgets a fire another engine claimed without a record, and starts what waited', () => {
    const t = setup();
    t.scheduler.upsert({ id: 'a', policies: { ...policies, overlap: 'queue-one' } });
    const first = t.scheduler.fireNow('a', { kind: 'manual', key: 'manual' })!;
    t.scheduler.fireNow('a', { kind: 'manual', key: 'manual' });
    expect(t.fires).toHaveLength(1);
    const recorded = t.records.length;
    t.scheduler.abandon(first);
    expect(t.fires).toHaveLength(2);
    expect(t.records.slice(recorded).map((r) => r.status)).toEqual(['running']);
    expect(t.scheduler.state('a')?.running).toEqual([t.fires[1]!.runId]);
  });
});
