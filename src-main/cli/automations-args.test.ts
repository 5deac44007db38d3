import { describe, expect, it } from 'vitest';
import { AutomationConfig } from '@shared/entities/automation';
import { AppError } from '@shared/errors';
import { configFrom, formatDuration, parseAfter, parseAt, parseDuration, parseWindow, patchFrom, type CreateFlags } from './automations-args';

const base: CreateFlags = { name: 'Digest', agent: 'Echo', input: 'Summarise {{date}}' };
const failure = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
};

describe('automations create flags', () => {
  it('reads durations with units, alone or together, and refuses anything else with a hint', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const text of ['', '30', 's', '5 minutes', '1x', '-5s', '5m junk']) {
      const error = failure(() => parseDuration(text, '--every'));
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toContain('--every');
      expect(error.hint).toContain('30s, 5m, 2h, 1d');
    }
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000 + 1000)).toBe('1d1s');
  });

  it('reads --at with an offset, without one in the zone (across DST), or relative to now', () => {
    expect(parseAt('2026-12-24T18:00:00+01:00', 'UTC')).toBe('2026-12-24T17:00:00.000Z');
    expect(parseAt('2026-12-24T18:00:00Z', 'Europe/Berlin')).toBe('2026-12-24T18:00:00.000Z');
    expect(parseAt('2026-12-24T18:00', 'Europe/Berlin')).toBe('2026-12-24T17:00:00.000Z');
    expect(parseAt('2026-07-01 18:00', 'Europe/Berlin')).toBe('2026-07-01T16:00:00.000Z');
    expect(parseAt('2026-03-08T12:00', 'America/New_York')).toBe('2026-03-08T16:00:00.000Z');
    expect(parseAt('+10m', 'UTC', Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:10:00.000Z');
    expect(failure(() => parseAt('tomorrow', 'UTC')).message).toContain('--at: "tomorrow" is not a date-time.');
  });

  it('reads windows and --after statuses', () => {
    expect(parseWindow('8:00-18:30', 'UTC', '--window')).toEqual({ start: '08:00', end: '18:30', days: [], timezone: 'UTC' });
    expect(failure(() => parseWindow('25:00-07:00', 'UTC', '--quiet')).message).toContain('--quiet');
    expect(parseAfter('Fetch')).toEqual({ kind: 'after', automation: 'Fetch', statuses: ['succeeded'] });
    expect(parseAfter('Fetch:failed,timed_out')).toEqual({ kind: 'after', automation: 'Fetch', statuses: ['failed', 'timed_out'] });
    expect(parseAfter('a:b')).toEqual({ kind: 'after', automation: 'a:b', statuses: ['succeeded'] });
    expect(failure(() => parseAfter('Fetch:failed,nope')).message).toContain('unknown status');
  });

  it('turns every trigger kind and policy flag into a config the contract accepts', () => {
    const flags: CreateFlags = {
      ...base,
      cron: ['0 9 * * 1-5'],
      tz: 'Europe/Berlin',
      every: ['30s'],
      at: ['2026-12-24T18:00'],
      watch: ['/tmp/in'],
      glob: ['**/*.pdf'],
      events: 'add,unlink',
      webhook: true,
      onStart: true,
      after: ['Fetch:failed'],
      overlap: 'queue-one',
      grace: '30m',
      allowTool: ['files:read_file'],
      maxSteps: '5',
      maxTokens: '20000',
      timeout: '2m',
      notify: 'changed',
      post: 'https://example.com/hook',
      appendFile: '/tmp/out.md',
      inbox: false,
      window: '08:00-18:00',
      quiet: '12:00-13:00',
      acOnly: true,
      paused: true,
    };
    const config = AutomationConfig.parse(configFrom(flags));
    expect(config.triggers).toEqual([
      { kind: 'cron', expr: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      { kind: 'every', seconds: 30 },
      { kind: 'at', iso: '2026-12-24T17:00:00.000Z' },
      { kind: 'watch', path: '/tmp/in', globs: ['**/*.pdf'], events: ['add', 'unlink'], debounceMs: 1000 },
      { kind: 'webhook' },
      { kind: 'startup' },
      { kind: 'after', automation: 'Fetch', statuses: ['failed'] },
    ]);
    expect(config.policies.overlap).toBe('queue-one');
    expect(config.policies.missed).toEqual({ kind: 'run-once', graceMs: 1_800_000, lookBackMs: 86_400_000 });
    expect(config.permissions).toMatchObject({ approval: 'allow-listed', allowTools: ['files:read_file'] });
    expect(config.budget).toEqual({ maxSteps: 5, maxTokens: 20_000, timeoutMs: 120_000 });
    expect(config.delivery).toEqual({ notify: 'changed', inbox: false, postUrl: 'https://example.com/hook', appendFile: '/tmp/out.md' });
    expect(config.conditions).toEqual({
      window: { start: '08:00', end: '18:00', days: [], timezone: 'Europe/Berlin' },
      quietHours: { start: '12:00', end: '13:00', days: [], timezone: 'Europe/Berlin' },
      onAcPower: true,
    });
    expect(config.paused).toBe(true);
  });

  it('leaves unset policies to the contract’s defaults and the time zone to the machine’s', () => {
    const config = AutomationConfig.parse(configFrom({ ...base, cron: ['*/5 * * * *'] }, { machineTz: 'Asia/Tokyo' }));
    expect(config.triggers).toEqual([{ kind: 'cron', expr: '*/5 * * * *', timezone: 'Asia/Tokyo' }]);
    expect(config.policies).toMatchObject({ overlap: 'skip', missed: { kind: 'skip' } });
    expect(config.permissions.approval).toBe('deny');
    expect(config.delivery).toEqual({ notify: 'failure', inbox: true });
    expect(config.paused).toBe(false);
  });

  it('refuses a bad cron, a sub-second interval, no trigger, stray watch options and contradictions, naming the flag', () => {
    const cases: Array<[Partial<CreateFlags>, string]> = [
      [{ cron: ['61 * * * *'] }, '--cron: "61 * * * *" is not a cron expression we can read (CronPattern: Invalid value for minute: 61).'],
      [{ cron: ['every day'] }, '--cron: "every day" is not a cron expression we can read (Use 5 fields'],
      [{ every: ['500ms'] }, '--every: "500ms" must be whole seconds, at least 1s.'],
      [{}, 'Give at least one trigger.'],
      [{ glob: ['*.md'], every: ['1m'] }, '--glob/--events/--debounce: these go with --watch.'],
      [{ watch: ['/tmp'], events: 'add,move' }, '--events: "move" is not a file event.'],
      [{ every: ['1m'], tz: 'Mars/Olympus' }, '--tz: "Mars/Olympus" is not a known time zone.'],
      [{ every: ['1m'], missed: 'skip', grace: '5m' }, '--grace: goes with --missed run-once.'],
      [{ every: ['1m'], approval: 'deny', allowTool: ['x'] }, '--allow-tool: has no effect with --approval deny.'],
      [{ every: ['1m'], overlap: 'sometimes' }, '--overlap: "sometimes" is not one of skip, queue-one, queue-all, replace, parallel.'],
      [{ every: ['1m'], maxSteps: '0' }, '--max-steps: "0" is not a whole number above 0.'],
    ];
    for (const [flags, message] of cases) {
      const error = failure(() => configFrom({ ...base, ...flags }, { machineTz: 'UTC' }));
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toContain(message);
      expect(error.hint).toBeTruthy();
    }
  });

  it('builds an update patch of only what the flags change, merged into the current settings', () => {
    const current = AutomationConfig.parse(configFrom({ ...base, every: ['1h'], allowTool: ['a:b'], notify: 'always', maxSteps: '4' }, { machineTz: 'UTC' }));
    expect(patchFrom({ input: 'New words' }, current)).toEqual({ input: 'New words' });
    expect(patchFrom({ rename: 'Renamed', latest: true }, current)).toEqual({ name: 'Renamed', agentRevision: null });
    // Trigger flags replace all the triggers.
    expect(patchFrom({ cron: ['0 7 * * *'], tz: 'Asia/Tokyo' }, current)).toEqual({ triggers: [{ kind: 'cron', expr: '0 7 * * *', timezone: 'Asia/Tokyo' }] });
    // Other settings merge into the current ones.
    expect(patchFrom({ timeout: '30s', inbox: false, acOnly: true }, current)).toEqual({
      budget: { ...current.budget, timeoutMs: 30_000 },
      delivery: { ...current.delivery, inbox: false },
      conditions: { ...current.conditions, onAcPower: true },
    });
    expect(patchFrom({ approval: 'queue' }, current)).toEqual({ permissions: { ...current.permissions, approval: 'queue' } });
    expect(patchFrom({ grace: '1h' }, current)).toEqual({ policies: { ...current.policies, missed: { kind: 'run-once', graceMs: 3_600_000, lookBackMs: 86_400_000 } } });
    expect(failure(() => patchFrom({}, current)).message).toBe('Nothing to change.');
    expect(failure(() => patchFrom({ revision: '2', latest: true }, current)).message).toContain('--latest');
  });
});
