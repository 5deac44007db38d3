import { describe, expect, it } from 'vitest';
import type { AutomationConditions, TimeWindow } from '@shared/entities/automation';
import { checkConditions, describeDays, insideWindow, localTimeIn } from './conditions';

const at = (iso: string) => new Date(iso);
const onAc = { onAc: true };
const win = (w: Partial<TimeWindow> & Pick<TimeWindow, 'start' | 'end'>): TimeWindow => ({ days: [], timezone: 'UTC', ...w });
const cond = (c: Partial<AutomationConditions>): AutomationConditions => ({ onAcPower: false, ...c });

// 2026-12-03 is a Thursday.
describe('localTimeIn', () => {
  it('reads weekday and time on the wall clocks of the zone', () => {
    expect(localTimeIn(at('2026-12-03T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: 5, minutes: 30, label: 'Fri 00:30' });
    expect(localTimeIn(at('2026-12-03T23:30:00Z'), 'America/New_York')).toEqual({ day: 4, minutes: 18 * 60 + 30, label: 'Thu 18:30' });
  });
});

describe('insideWindow', () => {
  const office = win({ start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5], timezone: 'Europe/Berlin' });

  it('is inside from start (included) to end (excluded) on the listed days', () => {
    expect(insideWindow(office, at('2026-12-03T07:00:00Z'))).toBe(true); // Thu 08:00 CET
    expect(insideWindow(office, at('2026-12-03T06:59:00Z'))).toBe(false); // Thu 07:59
    expect(insideWindow(office, at('2026-12-03T16:59:00Z'))).toBe(true); // Thu 17:59
    expect(insideWindow(office, at('2026-12-03T17:00:00Z'))).toBe(false); // Thu 18:00
    expect(insideWindow(office, at('2026-12-05T10:00:00Z'))).toBe(false); // Sat 11:00
    expect(insideWindow(office, at('2026-12-06T10:00:00Z'))).toBe(false); // Sun 11:00
  });

  it('takes the day in the window zone, not in UTC', () => {
    // Fri 20:00 UTC is already Sat 05:00 in Tokyo.
    const tokyo = win({ start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5], timezone: 'Asia/Tokyo' });
    expect(insideWindow(tokyo, at('2026-12-04T20:00:00Z'))).toBe(false);
    expect(insideWindow(tokyo, at('2026-12-04T10:00:00Z'))).toBe(true); // Fri 19:00 Tokyo
  });

  it('follows the DST change: the same UTC time is an hour later locally after it', () => {
    const morning = win({ start: '08:00', end: '09:00', timezone: 'Europe/Berlin' });
    // 2026-03-29 Berlin goes from CET (+1) to CEST (+2).
    expect(insideWindow(morning, at('2026-03-28T06:30:00Z'))).toBe(false); // 07:30 CET
    expect(insideWindow(morning, at('2026-03-29T06:30:00Z'))).toBe(true); // 08:30 CEST
    expect(insideWindow(morning, at('2026-03-29T07:00:00Z'))).toBe(false); // 09:00 CEST
    // On the change night itself: 01:59 CET is followed by 03:00 CEST.
    const night = win({ start: '02:00', end: '03:00', timezone: 'Europe/Berlin' });
    expect(insideWindow(night, at('2026-03-29T00:59:00Z'))).toBe(false); // 01:59 CET
    expect(insideWindow(night, at('2026-03-29T01:00:00Z'))).toBe(false); // 03:00 CEST (02:xx never happens)
    // 2026-10-25 back to CET: 02:30 happens twice, both inside.
    expect(insideWindow(night, at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(insideWindow(night, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
  });

  it('spans midnight when start is after end, belonging to the day it starts on', () => {
    const fridayNight = win({ start: '22:00', end: '06:00', days: [5], timezone: 'Europe/Berlin' });
    expect(insideWindow(fridayNight, at('2026-12-04T22:00:00Z'))).toBe(true); // Fri 23:00
    expect(insideWindow(fridayNight, at('2026-12-05T04:59:00Z'))).toBe(true); // Sat 05:59
    expect(insideWindow(fridayNight, at('2026-12-05T05:00:00Z'))).toBe(false); // Sat 06:00
    expect(insideWindow(fridayNight, at('2026-12-05T22:00:00Z'))).toBe(false); // Sat 23:00
    expect(insideWindow(fridayNight, at('2026-12-04T04:00:00Z'))).toBe(false); // Fri 05:00 (Thursday's night)
    expect(insideWindow(fridayNight, at('2026-12-04T12:00:00Z'))).toBe(false); // Fri 13:00
  });

  it('covers the whole day when start equals end', () => {
    const allSunday = win({ start: '00:00', end: '00:00', days: [0] });
    expect(insideWindow(allSunday, at('2026-12-06T23:59:00Z'))).toBe(true);
    expect(insideWindow(allSunday, at('2026-12-07T00:00:00Z'))).toBe(false);
  });
});

describe('describeDays', () => {
  it('writes ranges Monday first', () => {
    expect(describeDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(describeDays([6, 0])).toBe('Sat, Sun');
    expect(describeDays([0, 1, 3, 4, 5])).toBe('Mon, Wed–Fri, Sun');
    expect(describeDays([5, 6, 0])).toBe('Fri–Sun');
    expect(describeDays([])).toBe('');
    expect(describeDays([0, 1, 2, 3, 4, 5, 6])).toBe('');
  });
});

describe('checkConditions', () => {
  const office = win({ start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5], timezone: 'Europe/Berlin' });

  it('passes with no conditions', () => {
    expect(checkConditions(cond({}), at('2026-12-05T03:00:00Z'), { onAc: false })).toEqual({ ok: true });
  });

  it('refuses outside the window, naming the window and the local time', () => {
    expect(checkConditions(cond({ window: office }), at('2026-12-05T10:00:00Z'), onAc)).toEqual({
      ok: false,
      reason: 'Outside the window 08:00–18:00 Mon–Fri (Europe/Berlin): it was Sat 11:00 there',
    });
    expect(checkConditions(cond({ window: office }), at('2026-12-03T10:00:00Z'), onAc)).toEqual({ ok: true });
  });

  it('refuses inside quiet hours', () => {
    const quiet = win({ start: '22:00', end: '07:00', timezone: 'America/New_York' });
    expect(checkConditions(cond({ quietHours: quiet }), at('2026-12-04T04:00:00Z'), onAc)).toEqual({
      ok: false,
      reason: 'Inside the quiet hours 22:00–07:00 (America/New_York): it was Thu 23:00 there',
    });
    expect(checkConditions(cond({ quietHours: quiet }), at('2026-12-04T15:00:00Z'), onAc)).toEqual({ ok: true });
  });

  it('combines window and quiet hours', () => {
    const lunch = win({ start: '12:00', end: '13:00', timezone: 'Europe/Berlin' });
    const c = cond({ window: office, quietHours: lunch });
    expect(checkConditions(c, at('2026-12-03T11:30:00Z'), onAc).ok).toBe(false); // Thu 12:30
    expect(checkConditions(c, at('2026-12-03T12:30:00Z'), onAc).ok).toBe(true); // Thu 13:30
  });

  it('needs AC power only when asked, and an unknown power state counts as AC', () => {
    const t = at('2026-12-03T10:00:00Z');
    expect(checkConditions(cond({ onAcPower: true }), t, { onAc: false })).toEqual({
      ok: false,
      reason: 'On battery power (condition: only on AC power)',
    });
    expect(checkConditions(cond({ onAcPower: true }), t, { onAc: true })).toEqual({ ok: true });
    expect(checkConditions(cond({ onAcPower: true }), t, { onAc: null })).toEqual({ ok: true });
    expect(checkConditions(cond({ onAcPower: false }), t, { onAc: false })).toEqual({ ok: true });
  });
});
