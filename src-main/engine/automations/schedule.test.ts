import { describe, expect, it } from 'vitest';
import type { MissedPolicy, Trigger } from '@shared/entities/automation';
import { MAX_COUNTED_FIRES, dueFires, firesBetween, nextFire } from './schedule';

const H = 3600_000;
const D = 24 * H;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const ms = (s: string) => Date.parse(s);

function runs(trigger: Trigger, from: string, n: number): string[] {
  const out: string[] = [];
  let cursor: Date | null = new Date(from);
  for (let i = 0; i < n && cursor; i++) {
    cursor = nextFire(trigger, cursor);
    if (cursor) out.push(cursor.toISOString());
  }
  return out;
}

/** Local calendar day of an instant in a zone, e.g. 2026-03-29. */
function localDay(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}
function localTime(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

describe('nextFire: cron across DST', () => {
  it('Europe/Berlin spring-forward: a 02:30 daily job fires once, at 03:00 CEST (the time croner gives)', () => {
    const t: Trigger = { kind: 'cron', expr: '30 2 * * *', timezone: 'Europe/Berlin' };
    const fires = runs(t, '2026-03-27T12:00:00Z', 4);
    expect(fires).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
    expect(localTime(fires[1]!, 'Europe/Berlin')).toBe('03:00');
    const days = fires.map((f) => localDay(f, 'Europe/Berlin'));
    expect(days).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']); // exactly once per day
  });

  it('America/New_York spring-forward: a 02:30 daily job fires once, at 03:00 EDT', () => {
    const t: Trigger = { kind: 'cron', expr: '30 2 * * *', timezone: 'America/New_York' };
    const fires = runs(t, '2026-03-07T12:00:00Z', 3);
    expect(fires).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
    expect(localTime(fires[0]!, 'America/New_York')).toBe('03:00');
    expect(new Set(fires.map((f) => localDay(f, 'America/New_York'))).size).toBe(3);
  });

  it('Europe/Berlin fall-back: 02:30 happens twice on the clock but the job fires once', () => {
    const t: Trigger = { kind: 'cron', expr: '30 2 * * *', timezone: 'Europe/Berlin' };
    const fires = runs(t, '2026-10-24T12:00:00Z', 2);
    expect(fires).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']); // 02:30 CEST, next day 02:30 CET
    expect(fires).not.toContain('2026-10-25T01:30:00.000Z'); // the second 02:30 (CET) of the same day
  });

  it('America/New_York fall-back: a 01:30 daily job does not fire twice', () => {
    const t: Trigger = { kind: 'cron', expr: '30 1 * * *', timezone: 'America/New_York' };
    const fires = runs(t, '2026-10-31T12:00:00Z', 2);
    expect(fires).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']); // 01:30 EDT, then 01:30 EST next day
    expect(firesBetween(t, ms('2026-11-01T00:00:00Z'), ms('2026-11-01T23:59:59Z')).count).toBe(1);
  });

  it('the same expression in two time zones fires at different instants, following each zone', () => {
    const tokyo: Trigger = { kind: 'cron', expr: '0 9 * * *', timezone: 'Asia/Tokyo' };
    const ny: Trigger = { kind: 'cron', expr: '0 9 * * *', timezone: 'America/New_York' };
    expect(runs(tokyo, '2026-03-06T00:00:00Z', 4)).toEqual([
      '2026-03-07T00:00:00.000Z',
      '2026-03-08T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
      '2026-03-10T00:00:00.000Z',
    ]);
    // New York moves its UTC offset on 8 March: 14:00Z in EST, 13:00Z in EDT.
    expect(runs(ny, '2026-03-06T00:00:00Z', 4)).toEqual([
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('takes 6 fields with seconds first', () => {
    const t: Trigger = { kind: 'cron', expr: '*/15 * * * * *', timezone: 'UTC' };
    expect(runs(t, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:00:15.000Z',
      '2026-01-01T00:00:30.000Z',
      '2026-01-01T00:00:45.000Z',
    ]);
  });
});

describe('nextFire: every and at', () => {
  it('every 2s fires on the grid of its anchor', () => {
    const t: Trigger = { kind: 'every', seconds: 2 };
    const anchor = new Date('2026-01-01T00:00:00.000Z');
    expect(iso(nextFire(t, anchor, anchor))).toBe('2026-01-01T00:00:02.000Z');
    expect(iso(nextFire(t, new Date('2026-01-01T00:00:03.500Z'), anchor))).toBe(
      '2026-01-01T00:00:04.000Z',
    );
    expect(iso(nextFire(t, new Date('2026-01-01T00:00:04.000Z'), anchor))).toBe(
      '2026-01-01T00:00:06.000Z',
    );
    expect(firesBetween(t, anchor.getTime(), anchor.getTime() + 10_000, anchor.getTime())).toEqual({
      count: 5,
      first: anchor.getTime() + 2000,
      last: anchor.getTime() + 10_000,
      capped: false,
    });
  });

  it('at fires once, then never', () => {
    const t: Trigger = { kind: 'at', iso: '2026-05-01T10:00:00+02:00' };
    expect(iso(nextFire(t, new Date('2026-05-01T00:00:00Z')))).toBe('2026-05-01T08:00:00.000Z');
    expect(nextFire(t, new Date('2026-05-01T08:00:00Z'))).toBeNull();
    expect(runs(t, '2026-04-01T00:00:00Z', 5)).toHaveLength(1);
  });
});

describe('dueFires after a clock jump', () => {
  const hourly: Trigger = { kind: 'cron', expr: '0 * * * *', timezone: 'UTC' };
  const t0 = ms('2026-06-01T00:00:00Z'); // a fire, already handled

  it('skip: a 3-day jump records the 72 missed fires in one counted record and schedules the next', () => {
    const now = t0 + 3 * D + 5 * 60_000;
    const plan = dueFires(hourly, {
      lastScheduled: t0,
      enabledAt: t0 - D,
      now,
      missed: { kind: 'skip' },
    });
    expect(plan.run).toBeNull();
    expect(plan.records).toEqual([
      expect.objectContaining({
        status: 'missed',
        count: 72,
        firstScheduledFor: t0 + H,
        scheduledFor: t0 + 3 * D,
      }),
    ]);
    expect(plan.lastScheduled).toBe(t0 + 3 * D);
    expect(plan.next).toBe(t0 + 3 * D + H);
  });

  it('skip: a jump over 129,600 fires of every 2s is still one record, counted exactly', () => {
    const t: Trigger = { kind: 'every', seconds: 2 };
    const input = { lastScheduled: t0, enabledAt: t0, missed: { kind: 'skip' } as const };
    // 1.5 s after the latest fire, with a 1 s tolerance: none runs, all are missed.
    const strict = dueFires(t, { ...input, now: t0 + 3 * D + 1500, onTimeMs: 1000 });
    expect(strict.records).toEqual([
      expect.objectContaining({ status: 'missed', count: (3 * D) / 2000, capped: false }),
    ]);
    expect(strict.run).toBeNull();
    expect(strict.next).toBe(t0 + 3 * D + 2000);
    // With the default tolerance (ON_TIME_MS) a fire 1.5 s late is on time: it runs, the rest are missed.
    const plan = dueFires(t, { ...input, now: t0 + 3 * D + 1500 });
    expect(plan.run).toBe(t0 + 3 * D);
    expect(plan.records).toEqual([expect.objectContaining({ count: (3 * D) / 2000 - 1 })]);
  });

  it('skip: an on-time fire runs even if older ones were missed', () => {
    const now = t0 + 3 * D + 200; // 200 ms after the latest fire
    const plan = dueFires(hourly, {
      lastScheduled: t0,
      enabledAt: t0,
      now,
      missed: { kind: 'skip' },
    });
    expect(plan.run).toBe(t0 + 3 * D);
    expect(plan.records).toEqual([expect.objectContaining({ status: 'missed', count: 71 })]);
  });

  const runOnce: MissedPolicy = { kind: 'run-once', graceMs: 15 * 60_000, lookBackMs: D };

  it('run-once inside grace: one run for the latest fire, the rest of the look-back coalesced, older ones missed', () => {
    const now = t0 + 3 * D + 5 * 60_000;
    const plan = dueFires(hourly, { lastScheduled: t0, enabledAt: t0, now, missed: runOnce });
    expect(plan.run).toBe(t0 + 3 * D);
    expect(plan.records).toEqual([
      expect.objectContaining({ status: 'missed', count: 48, scheduledFor: t0 + 2 * D }),
      expect.objectContaining({
        status: 'coalesced',
        count: 23,
        firstScheduledFor: t0 + 2 * D + H,
      }),
    ]);
    expect(plan.next).toBe(t0 + 3 * D + H);
  });

  it('run-once outside grace: nothing runs, all recorded as missed', () => {
    const now = t0 + 3 * D + 30 * 60_000;
    const plan = dueFires(hourly, { lastScheduled: t0, enabledAt: t0, now, missed: runOnce });
    expect(plan.run).toBeNull();
    expect(plan.records.map((r) => [r.status, r.count])).toEqual([
      ['missed', 48],
      ['missed', 24],
    ]);
    expect(plan.records[1]!.reason).toMatch(/beyond the grace/);
  });

  it('looks back from the later of the last fire and the moment it was enabled: re-enabling fires no backlog', () => {
    const now = t0 + 7 * D + 5 * 60_000;
    for (const missed of [{ kind: 'skip' } as const, runOnce]) {
      const plan = dueFires(hourly, { lastScheduled: t0, enabledAt: now, now, missed });
      expect(plan).toEqual({ run: null, records: [], lastScheduled: t0, next: t0 + 7 * D + H });
    }
    // Enabled 10 minutes ago (after its last fire): only the fire since then counts.
    const plan = dueFires(hourly, {
      lastScheduled: t0,
      enabledAt: now - 10 * 60_000,
      now,
      missed: runOnce,
    });
    expect(plan.run).toBe(t0 + 7 * D);
    expect(plan.records).toEqual([]);
  });

  it('an `at` in the past when enabled never fires; one in the future is next', () => {
    const at: Trigger = { kind: 'at', iso: '2026-06-01T12:00:00Z' };
    const late = dueFires(at, {
      lastScheduled: null,
      enabledAt: t0 + D,
      now: t0 + D,
      missed: { kind: 'skip' },
    });
    expect(late).toEqual({ run: null, records: [], lastScheduled: null, next: null });
    const early = dueFires(at, {
      lastScheduled: null,
      enabledAt: t0,
      now: t0,
      missed: { kind: 'skip' },
    });
    expect(early.next).toBe(t0 + 12 * H);
  });

  it('a per-second cron over 3 days is counted up to a cap, in one record marked as a lower bound', () => {
    const t: Trigger = { kind: 'cron', expr: '* * * * * *', timezone: 'UTC' };
    const now = t0 + 3 * D + 5000;
    const plan = dueFires(t, { lastScheduled: t0, enabledAt: t0, now, missed: { kind: 'skip' } });
    expect(plan.run).toBe(now); // the fire at `now` is on time
    expect(plan.records).toEqual([
      expect.objectContaining({ status: 'missed', count: MAX_COUNTED_FIRES, capped: true }),
    ]);
    expect(plan.lastScheduled).toBe(now);
    expect(plan.next).toBe(now + 1000);
  });

  it('a clock set back before the last fire fires nothing twice', () => {
    const plan = dueFires(hourly, {
      lastScheduled: t0 + 5 * H,
      enabledAt: t0,
      now: t0 + 2 * H + 1,
      missed: { kind: 'skip' },
    });
    expect(plan).toEqual({ run: null, records: [], lastScheduled: t0 + 5 * H, next: t0 + 6 * H });
  });
});
