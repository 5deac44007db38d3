import { describe, expect, it } from 'vitest';
import { Automation } from '@shared/entities/automation';
import { describeTrigger, formatInZone } from './describe';
import {
  emptyValues,
  groupEditorIssues,
  isoToLocal,
  localToIso,
  newTrigger,
  toConfig,
  toPatch,
  triggerOf,
  validateValues,
  valuesFromAutomation,
} from './editor-model';

describe('triggers in words', () => {
  it('says each kind of trigger plainly', () => {
    expect(describeTrigger({ kind: 'every', seconds: 30 })).toBe('every 30 s');
    expect(describeTrigger({ kind: 'every', seconds: 300 })).toBe('every 5 min');
    expect(describeTrigger({ kind: 'every', seconds: 7200 })).toBe('every 2 h');
    expect(describeTrigger({ kind: 'cron', expr: '0 9 * * 1-5', timezone: 'Europe/Berlin' })).toBe(
      'cron 0 9 * * 1-5 (Europe/Berlin)',
    );
    expect(
      describeTrigger({
        kind: 'watch',
        path: '~/Inbox',
        globs: ['*.pdf'],
        events: ['add'],
        debounceMs: 0,
      }),
    ).toBe('watch ~/Inbox *.pdf');
    expect(describeTrigger({ kind: 'webhook' })).toBe('webhook');
    expect(describeTrigger({ kind: 'startup' })).toBe('on start');
    expect(
      describeTrigger(
        { kind: 'after', automation: 'a1', statuses: ['succeeded'] },
        { a1: 'Fetch' },
      ),
    ).toBe('after Fetch succeeded');
    expect(
      describeTrigger({ kind: 'after', automation: 'X', statuses: ['failed', 'timed_out'] }),
    ).toBe('after X failed or timed out');
  });

  it('shows times in the given zone', () => {
    expect(formatInZone('2026-07-01T07:00:00Z', 'Europe/Berlin')).toMatch(/09:00:00/);
    expect(formatInZone('2026-07-01T07:00:00Z', 'America/New_York')).toMatch(/03:00:00/);
  });
});

describe('the editor model', () => {
  it("turns a datetime-local value into an ISO time with this machine's offset, and back", () => {
    const iso = localToIso('2026-12-24T18:00');
    expect(iso).toMatch(/^2026-12-24T18:00:00[+-]\d\d:\d\d$/);
    expect(new Date(iso).getTime()).toBe(new Date('2026-12-24T18:00').getTime());
    expect(isoToLocal(iso)).toBe('2026-12-24T18:00');
  });

  it('builds every triggers from amount and unit; an empty amount fails validation at the field', () => {
    expect(triggerOf({ key: 1, kind: 'every', amount: '5', unit: 'min' })).toEqual({
      kind: 'every',
      seconds: 300,
    });
    const values = {
      ...emptyValues('agent-1'),
      name: 'X',
      input: 'Go',
      triggers: [{ key: 2, kind: 'every' as const, amount: '', unit: 's' as const }],
    };
    expect(Object.keys(validateValues(values).fields)).toEqual(['triggers.0.seconds']);
    expect(validateValues({ ...values, triggers: [] }).fields.triggers).toBe(
      'Add at least one trigger',
    );
  });

  it('round-trips an automation through the editor values', () => {
    const config = {
      name: 'Round trip',
      agent: 'agent-1',
      input: 'Hello {{now}}',
      triggers: [
        { kind: 'cron', expr: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
        { kind: 'every', seconds: 7200 },
        { kind: 'at', iso: '2026-12-24T17:00:00.000Z' },
        { kind: 'watch', path: '/in', globs: ['*.pdf'], events: ['add'], debounceMs: 500 },
        { kind: 'after', automation: 'Other', statuses: ['failed'] },
      ],
      delivery: { notify: 'always', inbox: false, postUrl: 'https://example.com/x' },
      budget: { maxSteps: 5, maxTokens: 5000, timeoutMs: 60_000 },
    } as const;
    const automation = Automation.parse({
      ...toConfig({ ...emptyValues(), ...config, triggers: [] }),
      ...config,
      agentRevision: null,
      description: '',
      conditions: {
        onAcPower: true,
        quietHours: { start: '22:00', end: '07:00', days: [], timezone: 'UTC' },
      },
      policies: {},
      permissions: {},
      id: 'a1',
      agentId: 'agent-1',
      agentName: 'A',
      state: 'active',
      pauseReason: null,
      threadId: null,
      webhookPath: null,
      nextFireAt: null,
      lastRun: null,
      lastSucceededAt: null,
      consecutiveFailures: 0,
      running: 0,
      unread: 0,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    const out = toConfig(valuesFromAutomation(automation));
    expect(out.triggers).toHaveLength(5);
    expect(out.triggers[1]).toEqual({ kind: 'every', seconds: 7200 });
    expect(new Date((out.triggers[2] as { iso: string }).iso).toISOString()).toBe(
      '2026-12-24T17:00:00.000Z',
    );
    expect(out.triggers.slice(3)).toEqual(config.triggers.slice(3));
    expect(out.delivery).toEqual({
      notify: 'always',
      inbox: false,
      postUrl: 'https://example.com/x',
    });
    expect(out.budget).toEqual({ maxSteps: 5, maxTokens: 5000, timeoutMs: 60_000 });
    expect(out.conditions).toEqual(automation.conditions);
    expect(validateValues(valuesFromAutomation(automation)).other).toEqual([]);
  });

  it("sorts the engine's issues to the fields, by their longest known path", () => {
    const values = { ...emptyValues(), triggers: [newTrigger('watch')] };
    const grouped = groupEditorIssues(
      [
        { path: ['patch', 'triggers', 0, 'globs', 2], message: 'Bad glob' },
        { path: ['conditions', 'window', 'start'], message: 'HH:MM' },
        { path: ['weird'], message: 'Odd' },
      ],
      values,
    );
    expect(grouped.fields).toEqual({
      'triggers.0.globs': 'Bad glob',
      'conditions.window.start': 'HH:MM',
    });
    expect(grouped.other).toEqual(['weird: Odd']);
  });

  it('sends the limit of parallel runs only with the parallel overlap policy, and checks its range', () => {
    const base = { ...emptyValues('agent-1'), name: 'X', input: 'Go' };
    const parallel = {
      ...base,
      policies: { ...base.policies, overlap: 'parallel' as const, maxParallel: 7 },
    };
    expect(toConfig(parallel).policies).toMatchObject({ overlap: 'parallel', maxParallel: 7 });
    const skip = { ...parallel, policies: { ...parallel.policies, overlap: 'skip' as const } };
    expect(toConfig(skip).policies).not.toHaveProperty('maxParallel');
    const tooMany = { ...parallel, policies: { ...parallel.policies, maxParallel: 21 } };
    expect(validateValues(tooMany).fields).toEqual({ 'policies.maxParallel': 'At most 20' });
    const empty = { ...parallel, policies: { ...parallel.policies, maxParallel: Number.NaN } };
    expect(Object.keys(validateValues(empty).fields)).toEqual(['policies.maxParallel']);
    // Unset under parallel: the engine's default (3) applies.
    const unset = { ...parallel, policies: { ...parallel.policies, maxParallel: undefined } };
    expect(toConfig(unset).policies).not.toHaveProperty('maxParallel');
  });

  it('keeps a pinned revision, revision 0 included, and null for the latest', () => {
    const base = { ...emptyValues('agent-1'), name: 'X', input: 'Go' };
    expect(toConfig(base).agentRevision).toBeNull();
    expect(toConfig({ ...base, agentRevision: 0 }).agentRevision).toBe(0);
    expect(toPatch({ ...base, agentRevision: 4 })).toMatchObject({ agentRevision: 4 });
    expect(
      groupEditorIssues([{ path: ['patch', 'agentRevision'], message: 'No revision 9' }], base)
        .fields,
    ).toEqual({
      agentRevision: 'No revision 9',
    });
  });
});
