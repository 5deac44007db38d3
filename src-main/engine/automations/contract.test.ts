import { describe, expect, it } from 'vitest';
import { AutomationPolicies, MissedPolicy, Trigger } from '@shared/entities/automation';
import { AppError } from '@shared/errors';
import { parseTrigger } from './schedule';

describe('automation contract', () => {
  it('takes 5- or 6-field cron expressions in an IANA zone, and rejects others', () => {
    expect(
      Trigger.safeParse({ kind: 'cron', expr: '0 9 * * 1-5', timezone: 'Europe/Berlin' }).success,
    ).toBe(true);
    expect(Trigger.safeParse({ kind: 'cron', expr: '0 0 9 * * *', timezone: 'UTC' }).success).toBe(
      true,
    );
    expect(Trigger.safeParse({ kind: 'cron', expr: '0 9 * *', timezone: 'UTC' }).success).toBe(
      false,
    );
    expect(
      Trigger.safeParse({ kind: 'cron', expr: '0 0 9 * * * 2026', timezone: 'UTC' }).success,
    ).toBe(false);
    const zone = Trigger.safeParse({ kind: 'cron', expr: '0 9 * * *', timezone: 'Mars/Olympus' });
    expect(zone.error?.issues[0]?.message).toMatch(/IANA time zone/);
  });

  it('every takes whole seconds ≥ 1; at takes an ISO instant with offset', () => {
    expect(Trigger.safeParse({ kind: 'every', seconds: 2 }).success).toBe(true);
    expect(Trigger.safeParse({ kind: 'every', seconds: 0 }).success).toBe(false);
    expect(Trigger.safeParse({ kind: 'every', seconds: 1.5 }).success).toBe(false);
    expect(Trigger.safeParse({ kind: 'at', iso: '2026-12-24T18:00:00+01:00' }).success).toBe(true);
    expect(Trigger.safeParse({ kind: 'at', iso: 'tomorrow' }).success).toBe(false);
  });

  it('fills policy defaults: skip overlap, skip missed, pause after 3; run-once looks back 24 h', () => {
    expect(AutomationPolicies.parse({})).toMatchObject({
      overlap: 'skip',
      missed: { kind: 'skip' },
      failures: { pauseAfter: 3 },
    });
    expect(MissedPolicy.parse({ kind: 'run-once', graceMs: 60_000 })).toEqual({
      kind: 'run-once',
      graceMs: 60_000,
      lookBackMs: 24 * 3600_000,
    });
  });

  it('parseTrigger rejects a cron expression croner cannot read, with a hint', () => {
    expect(parseTrigger({ kind: 'cron', expr: '0 9 * * *', timezone: 'UTC' }).kind).toBe('cron');
    const error = (() => {
      try {
        parseTrigger({ kind: 'cron', expr: '99 9 * * *', timezone: 'UTC' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VALIDATION', hint: expect.stringMatching(/5 fields/) });
    expect(() => parseTrigger({ kind: 'every', seconds: -1 })).toThrow(AppError);
  });
});
